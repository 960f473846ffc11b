package dev.wakegate.detect.oww;

import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openWakeWord's two Apache-2.0 feature models are committed and built into the jar, so speech-embedding templates
 * need no download; nothing else of openWakeWord's is committed.
 */
class BundledFeatureModelsTest {
    private static final Path COMMITTED = Path.of("models/openwakeword");

    @Test
    void theCommittedModelsAreOpenWakeWordsFilesWithTheirLicenceAndChecksums() throws Exception {
        String sums = Files.readString(COMMITTED.resolve("SHA256SUMS"));
        String upstream = Files.readString(OwwTestData.MODELS.resolve("SHA256SUMS"));
        for (String file : List.of(FeatureModels.MEL_FILE, FeatureModels.EMBEDDING_FILE)) {
            String line = sha256(Files.readAllBytes(COMMITTED.resolve(file))) + "  " + file;
            assertTrue(sums.contains(line), "SHA256SUMS lists " + line);
            assertTrue(upstream.contains(line), "the same file as ../shared/models/openwakeword: " + line);
        }
        assertTrue(Files.readString(COMMITTED.resolve("LICENSE")).contains("Apache License"));
    }

    @Test
    void noOtherModelIsCommitted() throws Exception {
        var git = new ProcessBuilder("git", "ls-files", "models").redirectErrorStream(true).start();
        List<String> tracked = new String(git.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, git.waitFor());
        assertEquals(List.of("models/openwakeword/embedding_model.onnx", "models/openwakeword/melspectrogram.onnx"),
                tracked.stream().filter(f -> f.endsWith(".onnx") || f.endsWith(".tflite") || f.contains("vosk-model")).sorted().toList());
    }

    @Test
    void theJarsCopiesComputeTheSameEmbeddingsAsTheFiles() {
        short[] take = TestData.samples(TestData.dev(TestData.VOICE, "enroll/1.wav"));
        try (var bundled = FeatureModels.openBundled(); var files = FeatureModels.open(OwwTestData.MODELS)) {
            assertEquals(files.embeddingSha256(), bundled.embeddingSha256(), "templates enrolled with either work with the other");
            assertTrue(bundled.source().contains("built into"), bundled.source());
            float[][] a = bundled.embeddingsOf(take), b = files.embeddingsOf(take);
            assertEquals(b.length, a.length);
            for (int k = 0; k < a.length; k++) assertArrayEquals(b[k], a[k]);
        }
    }

    @Test
    void enrollAndScanUseTheBuiltInModelsWhereThereIsNoModelsFolder(@TempDir Path home) throws Exception {
        Path template = home.resolve("hey-computer.json");
        var enroll = new ArrayList<>(List.of("enroll", "--name", "hey-computer", "--out", template.toString()));
        TestData.enrollTakes("flite_slt").forEach(take -> enroll.add(take.toString()));
        String enrolled = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(home, enroll.toArray(String[]::new)));
        assertTrue(enrolled.contains("Speech embeddings kept"), enrolled);
        assertTrue(Files.notExists(home.resolve("work/models")), "nothing downloaded or unpacked into the working directory");

        Path clean = TestData.dev("flite_slt", "positives/04.wav");
        String found = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(home, "scan", "--json", "--model", template.toString(),
                "--template-features", "embedding", clean.toString()));
        assertTrue(found.lines().anyMatch(l -> l.contains("\"word\": \"hey-computer\"")), found);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
