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
}
