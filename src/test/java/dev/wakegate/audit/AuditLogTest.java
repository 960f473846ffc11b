package dev.wakegate.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static AuditEntry entry(Instant time, long bytes) {
        return new AuditEntry(time, 12.34, "hey-computer", 0.91, "template", 0.88, bytes / 32000.0, bytes, "127.0.0.1:8443", "ok", "HTTP 200");
    }

    @Test
    void entriesRoundTripAndTheFileIsPrivate(@TempDir Path dir) throws Exception {
        var log = new AuditLog(dir.resolve("state/audit.jsonl"), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        log.append(entry(NOW, 64000));
        assertEquals(entry(NOW, 64000), log.read().get(0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file().getParent())));
    }

    @Test
    void retentionDropsOnlyEntriesOlderThanIt(@TempDir Path dir) {
        var log = new AuditLog(dir.resolve("audit.jsonl"), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        log.append(entry(NOW.minus(Duration.ofDays(31)), 1));
        log.append(entry(NOW.minus(Duration.ofDays(29)), 2));
        log.append(entry(NOW, 3));
        assertEquals(1, log.enforceRetention());
        assertEquals(java.util.List.of(2L, 3L), log.read().stream().map(AuditEntry::bytesSent).toList());
    }

    @Test
    void purgeEmptiesTheLog(@TempDir Path dir) {
        var log = new AuditLog(dir.resolve("audit.jsonl"), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        log.append(entry(NOW, 1));
        log.append(entry(NOW, 2));
        assertEquals(2, log.purge());
        assertTrue(log.read().isEmpty());
    }

    @Test
    void aDamagedLineIsSkippedNotFatal(@TempDir Path dir) throws Exception {
        var log = new AuditLog(dir.resolve("audit.jsonl"), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        log.append(entry(NOW, 1));
        Files.writeString(log.file(), "{not json\n", java.nio.file.StandardOpenOption.APPEND);
        log.append(entry(NOW, 2));
        assertEquals(2, log.read().size());
    }
}
