package dev.wakegate.detect.oww;

import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime unpacks its library into a new {@code onnxruntime-java<random>} directory per start and leaves it
 * behind; the service's cache directory grew by one per start. Each start now removes the older empty ones.
 */
class OnnxLeftoversTest {
    @TempDir
    Path tmp;

    private Path dir(String name, Duration age, boolean withFile) throws Exception {
        Path d = Files.createDirectory(tmp.resolve(name));
        if (withFile) Files.writeString(d.resolve("libsomething.so"), "x");
        Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
        return d;
    }

    @Test
    void onlyOldEmptyLeftoversAreRemoved() throws Exception {
        Path old = dir("onnxruntime-java111", Duration.ofHours(3), false);
        Path young = dir("onnxruntime-java222", Duration.ofSeconds(5), false);
        Path full = dir("onnxruntime-java333", Duration.ofHours(3), true);
        Path other = dir("something-else", Duration.ofHours(3), false);

        assertEquals(1, Onnx.sweepLeftovers(tmp, Instant.now().minus(Onnx.LEFTOVER_AGE)));

        assertTrue(Files.notExists(old), "an old empty leftover is removed");
        assertTrue(Files.exists(young), "a young one may be another process's, still unpacking");
        assertTrue(Files.exists(full.resolve("libsomething.so")), "a directory that holds anything is left alone");
        assertTrue(Files.exists(other), "only ONNX Runtime's directories");
    }

    @Test
    void startsDoNotAccumulateDirectoriesInTheTempDirectory(@TempDir Path home) throws Exception {
        Path template = home.resolve("hc.json");
        var enroll = new ArrayList<>(List.of("enroll", "--name", "hc", "--out", template.toString()));
        TestData.enrollTakes("flite_slt").forEach(take -> enroll.add(take.toString()));
        WakegateProcess.runToSuccess(WakegateProcess.sandboxed(home, enroll.toArray(String[]::new)));
        for (int start = 0; start < 3; start++) {
            try (Stream<Path> left = Files.list(home.resolve("tmp"))) {   // as if every earlier start were long ago
                for (Path p : left.toList()) Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
            WakegateProcess.runToSuccess(WakegateProcess.sandboxed(home, "scan", "--model", template.toString(), "--template-features", "embedding",
                    TestData.dev("flite_slt", "positives/04.wav").toString()));
        }
        try (Stream<Path> left = Files.list(home.resolve("tmp"))) {
            var leftovers = left.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java")).toList();
            assertTrue(leftovers.size() <= 1, "at most the last start's: " + leftovers);
        }
    }
}
