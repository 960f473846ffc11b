package dev.wakegate.cli;

import dev.wakegate.detect.vosk.VoskFixtures;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.testing.WavFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading through native code, each case in a JVM of its own, because what is being ruled out is the JVM dying: Vosk's
 * native code aborts on a failed Kaldi assertion, and a crash would take the test JVM down instead of failing a test.
 * The real x86-64 libvosk from the Vosk jar is used.
 */
class VoskLoadingTest {
    @TempDir
    Path tmp;

    private record Run(int exit, List<String> err) {
        /** stderr without the JVM's own warnings (restricted native access on newer JDKs). */
        List<String> messages() {
            return err.stream().filter(l -> !l.startsWith("WARNING:") && !l.isBlank()).toList();
        }
    }

    private Run wakegate(List<String> jvmOptions, String classpath, String... args) throws IOException, InterruptedException {
        List<String> cmd = WakegateProcess.command(classpath, jvmOptions, args);
        Path errFile = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wakegate did not finish");
        return new Run(p.exitValue(), Files.readAllLines(errFile, StandardCharsets.UTF_8));
    }

    private Path silenceWav() {
        return WavFixtures.internal(new short[16_000]).writeTo(tmp, "silence.wav");
    }

    @Test
    void aModelVoskCannotReadIsOneLineAndExitOneNotACrash() throws Exception {
        Path model = VoskFixtures.dynamicModel(tmp.resolve("vosk-model-small-en-us-0.15"), List.of("hey", "computer", "[unk]"));
        var run = wakegate(List.of(), System.getProperty("java.class.path"), "scan", "--engine", "vosk", "--model-dir", model.toString(), "--phrase", "hey computer",
                silenceWav().toString());
        assertEquals(1, run.exit(), "exit code (134 would be an abort): " + run.err());
        assertEquals(1, run.messages().size(), run.err().toString());
        assertTrue(run.messages().get(0).startsWith("wakegate: Vosk could not load the model "), run.messages().get(0));
        assertTrue(run.messages().get(0).contains("scripts/fetch-model.sh vosk-model-small-en-us-0.15"), run.messages().get(0));
    }

    @Test
    void aMissingNativeLibraryIsOneLineAndExitOne() throws Exception {
        Path model = VoskFixtures.dynamicModel(tmp.resolve("vosk-model-small-en-us-0.15"), List.of("hey", "computer", "[unk]"));
        // as on a Pi: the Vosk classes are there, libvosk for this platform is not (not in the jar, not on the system)
        String classpath = withoutVoskNatives(System.getProperty("java.class.path"));
        var run = wakegate(List.of("-Djna.library.path=" + Files.createDirectory(tmp.resolve("no-libs"))), classpath,
                "scan", "--engine", "vosk", "--model-dir", model.toString(), "--phrase", "hey computer", silenceWav().toString());
        assertEquals(1, run.exit(), run.err().toString());
        assertEquals(1, run.messages().size(), run.err().toString());
        String line = run.messages().get(0);
        assertTrue(line.startsWith("wakegate: cannot load the Vosk native library (libvosk) for linux-"), line);
        assertTrue(line.contains("libvosk.so: cannot open shared object file"), line);
    }

    /** The classpath with the Vosk jar replaced by a copy holding only its classes. */
    private String withoutVoskNatives(String classpath) throws IOException {
        List<String> entries = new ArrayList<>();
        boolean replaced = false;
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.contains("com/alphacephei/vosk") || !entry.endsWith(".jar")) {
                entries.add(entry);
                continue;
            }
            Path stripped = tmp.resolve("vosk-classes-only.jar");
            try (var in = new ZipInputStream(Files.newInputStream(Path.of(entry)));
                 var out = new ZipOutputStream(Files.newOutputStream(stripped))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (!e.getName().startsWith("org/vosk/")) continue;
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            entries.add(stripped.toString());
            replaced = true;
        }
        assertTrue(replaced, "no Vosk jar on the test classpath: " + classpath);
        return String.join(File.pathSeparator, entries);
    }
}

