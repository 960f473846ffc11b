package dev.wakegate.gate;

import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While running, wakegate writes nothing but its audit log: no audio, no caches, no temporary files. */
class NothingOnDiskTest {

    @Test
    void theDaemonWritesOnlyTheAuditLog(@TempDir Path templates, @TempDir Path home) throws Exception {
        Path template = DevCorpus.template("flite_slt", templates);
        Path work = Files.createDirectories(home.resolve("work")), tmp = Files.createDirectories(home.resolve("tmp"));
        try (var server = new LoopbackReceiver()) {
            var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                    "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), "dev.wakegate.cli.Main",
                    "run", "--input", DevCorpus.stream("flite_slt").toAbsolutePath().toString(), "--model", template.toString(),
                    "--uplink", server.uri().toString(), "--gpio", "mock", "--mock-mute", "100-120", "--events-json")
                    .directory(work.toFile()).redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            pb.environment().put("TMPDIR", tmp.toString());
            pb.environment().remove("XDG_STATE_HOME");
            pb.environment().remove("STATE_DIRECTORY");
            var process = pb.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), output);
            assertTrue(server.requests().size() > 5, "the daemon really ran sessions: " + server.requests().size());
        }
        List<Path> written;
        try (Stream<Path> files = Files.walk(home)) {
            written = files.filter(Files::isRegularFile).map(home::relativize).toList();
        }
        assertEquals(List.of(Path.of(".local/state/wakegate/audit.jsonl")), written, "files written under HOME, TMPDIR and the working dir");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(".local/state/wakegate/audit.jsonl"))), "only the owner can read the audit log");
        String audit = Files.readString(home.resolve(".local/state/wakegate/audit.jsonl"));
        assertTrue(audit.lines().allMatch(l -> l.length() < 400), "audit lines are short metadata, never audio");
    }
}
