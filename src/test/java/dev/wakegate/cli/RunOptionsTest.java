package dev.wakegate.cli;

import dev.wakegate.audit.AuditEntry;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run's safety checks on its options, the config file, and the audit command. */
class RunOptionsTest {
    private static final String POSITIVE = TestData.dev("flite_slt", "positives/01.wav").toString();

    private static String take(int i) {
        return TestData.dev("flite_slt", "enroll/" + i + ".wav").toString();
    }

    private static Path template(Path dir) throws Exception {
        Path t = dir.resolve("t.json");
        var r = CliRun.of("enroll", "--no-verifier", "--name", "hey-computer", "--out", t.toString(), take(1), take(2), take(3));
        assertEquals(0, r.exitCode(), r.err());
        return t;
    }

    @Test
    void aTokenFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        var r = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock", "--audit-log", dir.resolve("a").toString(),
                "--uplink", "https://127.0.0.1:9/listen", "--token-file", token.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("readable or writable by group or others") && r.err().contains("chmod 600"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void optionsOfTheOtherUplinkAreRefusedNotIgnored(@TempDir Path dir) throws Exception {
        // an --allow that an HTTP uplink never reads looks like protection that is not there
        var wyomingOnly = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock", "--audit-log",
                dir.resolve("a").toString(), "--uplink", "http://127.0.0.1:9/listen", "--allow", "192.168.1.10", "--satellite-name", "kitchen");
        assertEquals(1, wyomingOnly.exitCode(), wyomingOnly.err());
        assertTrue(wyomingOnly.err().startsWith("wakegate: --allow, --satellite-name apply to the Wyoming uplink (Home Assistant) only"), wyomingOnly.err());
        assertTrue(wyomingOnly.err().contains("Fix: remove them"), wyomingOnly.err());
        assertEquals(1, wyomingOnly.err().strip().lines().count(), "one line: " + wyomingOnly.err());
        // the same from the config file, and the other way round
        Path config = Files.writeString(dir.resolve("wakegate.properties"), "home-assistant = 192.168.1.10\n");
        var fromConfig = CliRun.of("run", "--config", config.toString(), "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock",
                "--audit-log", dir.resolve("a").toString(), "--uplink", "http://127.0.0.1:9/listen");
        assertEquals(1, fromConfig.exitCode(), fromConfig.err());
        assertTrue(fromConfig.err().startsWith("wakegate: --home-assistant applies to the Wyoming uplink"), fromConfig.err());
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        var httpOnly = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock", "--audit-log",
                dir.resolve("a").toString(), "--uplink", "wyoming://127.0.0.1:10700", "--token-file", token.toString(), "--check");
        assertEquals(1, httpOnly.exitCode(), httpOnly.err());
        assertTrue(httpOnly.err().startsWith("wakegate: --token-file applies to an https:// uplink only"), httpOnly.err());
        // defaults are not "given": a plain HTTP run is not refused for the Wyoming options' defaults
        var plain = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock", "--audit-log",
                dir.resolve("a").toString(), "--uplink", "http://127.0.0.1:9/listen", "--check");
        assertEquals(0, plain.exitCode(), plain.err());
    }

    @Test
    void plainHttpToAnotherMachineIsRefused(@TempDir Path dir) throws Exception {
        var r = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock", "--audit-log", dir.resolve("a").toString(),
                "--uplink", "http://192.0.2.1/listen");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("unencrypted") && r.err().contains("https://"), r.err());
    }

    @Test
    void runNeverStreamsWithoutAConfirmationStage(@TempDir Path dir) throws Exception {
        var r = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "mock", "--audit-log", dir.resolve("a").toString(),
                "--uplink", "http://127.0.0.1:9/", "--confirm", "none");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("second local check"), r.err());
    }

    @Test
    void gpioNoneRunsOnlyWithALoudWarning(@TempDir Path dir) throws Exception {
        var r = CliRun.of("run", "--input", POSITIVE, "--model", template(dir).toString(), "--gpio", "none", "--audit-log", dir.resolve("a").toString(),
                "--uplink", "http://127.0.0.1:9/");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("NO hardware mute switch"), r.err());
    }

    @Test
    void theConfigFileSetsDefaultsTheCommandLineOverridesAndUnknownKeysAreRefused(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Path config = Files.writeString(dir.resolve("wakegate.properties"), String.join("\n",
                "input = " + POSITIVE, "model = " + template(dir), "uplink = http://127.0.0.1:9/", "gpio = mock",
                "events-json = true", "audit-log = " + audit, "max-session = 3", ""));
        var r = CliRun.of("run", "--config", config.toString(), "--max-session", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("{")), "events-json from the file: " + r.out());
        assertTrue(r.out().contains("\"type\": \"stream-end\""), "sessions from the file's settings (port 9 refuses them): " + r.out());
        assertTrue(Files.exists(audit), "the audit log from the file is used");

        Files.writeString(config, "\nend-silense = 0.5\n", java.nio.file.StandardOpenOption.APPEND);
        var bad = CliRun.of("run", "--config", config.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("unknown key 'end-silense'"), bad.err());
    }

    @Test
    void checkLoadsTheConfigurationAndTouchesNothingElse(@TempDir Path dir) throws Exception {
        // given: the installed layout: a config file naming a live device, GPIO pins, a satellite port and an audit log
        Path audit = dir.resolve("audit.jsonl");
        Path config = Files.writeString(dir.resolve("wakegate.properties"), String.join("\n",
                "device = NoSuchMicrophone", "model = " + template(dir), "uplink = wyoming://127.0.0.1:1", "gpio = gpiod",
                "audit-log = " + audit, ""));
        // when
        var r = CliRun.of("run", "--config", config.toString(), "--check");
        // then: the models load and the options pass, but no device, pin, port or file is opened
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wakegate: configuration OK: engine template (hey-computer), confirm template, uplink wyoming://127.0.0.1:1", r.out().strip());
        assertFalse(Files.exists(audit), "no audit log is created");
    }

    @Test
    void checkFailsWithTheDaemonsOwnOneLineErrors(@TempDir Path dir) throws Exception {
        var missing = CliRun.of("run", "--device", "x", "--model", dir.resolve("hey-computer.json").toString(), "--uplink", "wyoming://127.0.0.1:1", "--check");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("hey-computer.json") && missing.err().contains("Fix:"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), "one line: " + missing.err());

        var unconfirmed = CliRun.of("run", "--device", "x", "--model", template(dir).toString(), "--uplink", "wyoming://127.0.0.1:1", "--confirm", "none", "--check");
        assertEquals(1, unconfirmed.exitCode());
        assertTrue(unconfirmed.err().contains("second local check"), unconfirmed.err());

        var badAllow = CliRun.of("run", "--device", "x", "--model", template(dir).toString(), "--uplink", "wyoming://127.0.0.1:1", "--allow", "kitchen", "--check");
        assertEquals(1, badAllow.exitCode());
        assertTrue(badAllow.err().contains("--allow"), badAllow.err());

        var http = CliRun.of("run", "--device", "x", "--model", template(dir).toString(), "--uplink", "http://192.0.2.1/listen", "--check");
        assertEquals(1, http.exitCode());
        assertTrue(http.err().contains("unencrypted"), http.err());
    }

    @Test
    void checkCannotBeSetInTheConfigFileWhereItWouldStopTheService(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("wakegate.properties"), "device = x\nmodel = " + template(dir) + "\ncheck = true\n");
        var r = CliRun.of("run", "--config", config.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("unknown key 'check'"), r.err());
    }

    @Test
    void auditPrintsWhatLeftTheDeviceAndPurgeEmptiesIt(@TempDir Path dir) {
        Path file = dir.resolve("audit.jsonl");
        var log = new AuditLog(file, Duration.ofDays(30), Clock.systemUTC());
        log.append(new AuditEntry(Instant.now(), 12.3, "hey-computer", 0.91, "template", 0.88, 2.5, 80000, "speech.lan:8443", "ok", "HTTP 200"));
        log.append(new AuditEntry(Instant.now(), 40.1, "hey-computer", 0.77, "template", 0.74, 0, 0, "speech.lan:8443", "failed", "connection refused"));

        var shown = CliRun.of("audit", "--audit-log", file.toString());
        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(shown.out().contains("connection refused") && shown.out().contains("speech.lan:8443"), shown.out());
        assertTrue(shown.out().contains("2 triggers, 80000 bytes (2.5 s of audio) left the device"), shown.out());

        var purged = CliRun.of("audit", "--audit-log", file.toString(), "--purge");
        assertEquals(0, purged.exitCode());
        assertTrue(purged.out().contains("Purged 2 entries"), purged.out());
        assertTrue(CliRun.of("audit", "--audit-log", file.toString()).out().contains("is empty"));
        assertFalse(log.read().iterator().hasNext());
    }
}
