package dev.wakegate.cli;

import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** listen writes nothing at all, and tune only the files it is asked for: checked in a process of their own. */
class NothingWrittenTest {
    @TempDir
    Path home;

    private String run(String... args) throws IOException, InterruptedException {
        Path work = Files.createDirectories(home.resolve("work")), tmp = Files.createDirectories(home.resolve("tmp"));
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), "dev.wakegate.cli.Main"));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().remove("XDG_STATE_HOME");
        pb.environment().remove("XDG_RUNTIME_DIR");
        pb.environment().remove("RUNTIME_DIRECTORY");
        var process = pb.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private List<Path> written() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(Files::isRegularFile).map(home::relativize).toList();
        }
    }

    @Test
    void listenWritesNothingAndTuneOnlyWhatItIsAskedFor(@TempDir Path templates) throws Exception {
        Path model = templates.resolve("hey-computer.json");
        TemplateFile.write(Engine.heyComputer(TestData.VOICE), model);
        String positive = TestData.dev(TestData.VOICE, "positives/01.wav").toString();

        String listen = run("listen", "--model", model.toString(), "--input", positive);
        assertTrue(listen.contains("Heard 4.5 s; 1 detection."), listen);
        assertEquals(List.of(), written(), "listen wrote files");

        run("tune", "--model", model.toString(), "--positives", positive, "--negatives", TestData.dev(TestData.VOICE, "enroll/1.wav").toString(),
                "--plot", "curve.png", "--from", "0.3", "--to", "0.7", "--step", "0.2");
        assertEquals(List.of(Path.of("work/curve.png")), written(), "tune wrote only its plot");
    }
}
