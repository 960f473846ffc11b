package dev.wakegate.cli;

import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** listen writes nothing at all, and tune only the files it is asked for: checked in a process of their own. */
class NothingWrittenTest {
    @TempDir
    Path home;

    private String run(String... args) throws IOException, InterruptedException {
        return WakegateProcess.runToSuccess(WakegateProcess.sandboxed(home, args));
    }

    private List<Path> written() throws IOException {
        return WakegateProcess.regularFiles(home);
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
