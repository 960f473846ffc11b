package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.WakegateProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code enroll --verifier} runs in the heap the launcher gives every command but scan and tune (16 MB, as on a Pi Zero
 * 2 W), and a command that runs out of heap says so in one line with the fix, and loses nothing: an existing template
 * it was adding to is left as it was.
 */
class EnrollMemoryTest {
    private static final Path TAKES = OwwTestData.SHARED.resolve("real/picovoice-benchmark/computer");

    @TempDir
    Path dir;

    private static Process enroll(List<String> jvmOptions, String... options) throws IOException {
        var args = new ArrayList<>(List.of("enroll", "--verifier", "--oww-features", OwwTestData.MODELS.toString()));
        args.addAll(List.of(options));
        for (String take : VerifierRealTakesTest.ENROLLED) args.add(TAKES.resolve(take + ".wav").toString());
        return new ProcessBuilder(WakegateProcess.command(jvmOptions, args.toArray(String[]::new))).redirectErrorStream(true).start();
    }

    private static String finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "enroll did not end in two minutes");
        return output;
    }

    @Test
    void enrollWithAVerifierFitsTheLaunchersSixteenMegabyteHeap() throws Exception {
        String launcher = Files.readString(Path.of("wakegate"));
        assertTrue(launcher.contains("-Xmx16m") && launcher.contains("scan|tune) opts=$batch"), "the launcher gives enroll its 16 MB heap");
        Path template = dir.resolve("computer.json");
        // as on a Pi 4 or 5: four cores, so four renditions synthesized and embedded side by side
        var process = enroll(List.of("-XX:+UseSerialGC", "-Xmx16m", "-XX:-UsePerfData", "-XX:ActiveProcessorCount=4"), "--name", "computer",
                "--out", template.toString());
        String output = finish(process);
        assertEquals(0, process.exitValue(), output);
        assertEquals(1, TemplateFile.read(template).embeddings().verifiers().size(), output);
    }

    @Test
    void outOfHeapItSaysSoInOneLineWithTheFixAndLeavesTheTemplateItWasAddingToAsItWas() throws Exception {
        Path template = dir.resolve("computer.json");
        var made = enroll(List.of(), "--name", "computer", "--out", template.toString());
        String enrolled = finish(made);
        assertEquals(0, made.exitValue(), enrolled);
        byte[] before = Files.readAllBytes(template);

        var process = enroll(List.of("-XX:+UseSerialGC", "-Xmx6m", "-XX:-UsePerfData"), "--add", template.toString(), "--voice", "guest");
        String output = finish(process).strip();

        assertEquals(1, process.exitValue(), output);
        assertTrue(output.startsWith("Learning a verifier: "), "what it was doing when the heap ran out: " + output);
        output = output.substring(output.indexOf('\n') + 1);
        assertFalse(output.contains("\n"), "one line: " + output);
        assertTrue(output.startsWith("wakegate: enroll ran out of memory: the Java heap holds at most "), output);
        assertTrue(output.contains("Fix: give it more, e.g. WAKEGATE_JAVA_OPTS=-Xmx256m wakegate enroll"), output);
        assertArrayEquals(before, Files.readAllBytes(template), "the template enroll was adding to is unchanged");
        assertEquals(List.of(Path.of("computer.json")), WakegateProcess.regularFiles(dir), "and nothing else is left beside it");
    }
}
