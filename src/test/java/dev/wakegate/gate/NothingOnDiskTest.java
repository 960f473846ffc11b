package dev.wakegate.gate;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While running, wakegate writes nothing but its audit log: no audio, no caches, no temporary files. */
class NothingOnDiskTest {

    @Test
    void theDaemonWritesOnlyTheAuditLog(@TempDir Path templates, @TempDir Path home) throws Exception {
        Path template = Engine.heyComputerFile("flite_slt", templates);
        try (var server = new LoopbackReceiver()) {
            WakegateProcess.runToSuccess(WakegateProcess.sandboxed(home,
                    "run", "--input", Labels.streamWav("flite_slt").toAbsolutePath().toString(), "--model", template.toString(),
                    "--uplink", server.uri().toString(), "--gpio", "mock", "--mock-mute", "100-120", "--events-json"));
            assertTrue(server.requests().size() > 5, "the daemon really ran sessions: " + server.requests().size());
        }
        List<Path> written = WakegateProcess.regularFiles(home);
        assertEquals(List.of(Path.of(".local/state/wakegate/audit.jsonl")), written, "files written under HOME, TMPDIR and the working dir");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(".local/state/wakegate/audit.jsonl"))), "only the owner can read the audit log");
        String audit = Files.readString(home.resolve(".local/state/wakegate/audit.jsonl"));
        assertTrue(audit.lines().allMatch(l -> l.length() < 400), "audit lines are short metadata, never audio");
    }

    @Test
    void aCrashWritesNoCoreFileAndNoCrashReport(@TempDir Path templates, @TempDir Path home) throws Exception {
        // given: a daemon listening to household talk, with core files allowed as large as they come
        Path template = Engine.heyComputerFile("flite_slt", templates);
        var pb = WakegateProcess.sandboxed(home, "run", "--input", Labels.streamWav("flite_slt").toAbsolutePath().toString(), "--realtime",
                "--model", template.toString(), "--uplink", "http://127.0.0.1:9/", "--gpio", "mock", "--events-json");
        var command = new java.util.ArrayList<>(List.of("bash", "-c", "ulimit -c unlimited && exec \"$@\"", "crash"));
        command.addAll(pb.command());
        var daemon = pb.command(command).start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(daemon.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.contains("\"led\"")) { } // the gate has started: the ring holds the room
        Thread.sleep(2_000);
        // when: it crashes (SIGABRT, as an abort() in native code would)
        new ProcessBuilder("kill", "-ABRT", Long.toString(daemon.pid())).start().waitFor();
        assertTrue(daemon.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        // then: the process died of the signal, and no file holds memory of it
        assertEquals(128 + 6, daemon.exitValue(), "killed by SIGABRT");
        List<Path> written = WakegateProcess.regularFiles(home);
        assertTrue(written.stream().noneMatch(p -> p.getFileName().toString().startsWith("core")), "no core file: " + written);
        assertTrue(written.stream().noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), "no crash report: " + written);
        assertTrue(written.stream().allMatch(p -> p.endsWith("audit.jsonl") || p.toString().contains("jna")), "only the audit log (and JNA's native stub): " + written);
    }
}
