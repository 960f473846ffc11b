package dev.wakegate.cli;

import dev.wakegate.audit.AuditChange;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.control.ControlClient;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control socket against the real daemon ({@code wakegate run} in this JVM, Pi4J's mock switch, a loopback
 * HTTP server as the uplink), driven at points of audio time given by the daemon's own events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlSocketEndToEndTest {
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    /** In the clip: the wake phrase of positives/01.wav at 0.89-1.61 s starts 0.39 s in, its command follows. */
    private static final double CLIP_FROM = 0.5, CLIP_TO = 4.0, WAKE_IN_CLIP = 0.39;

    @TempDir
    static Path dir;
    private Path model;
    private short[] clip, roomTone;

    @BeforeAll
    void enroll() throws IOException {
        model = dir.resolve("hey-computer.json");
        TemplateFile.write(Engine.heyComputer(TestData.VOICE), model);
        short[] positive = TestData.samples(TestData.dev(TestData.VOICE, "positives/01.wav"));
        clip = Arrays.copyOfRange(positive, (int) (CLIP_FROM * 16_000), (int) (CLIP_TO * 16_000));
        roomTone = Arrays.copyOf(positive, (int) (CLIP_FROM * 16_000)); // the recording's own background before the phrase
    }

    /** Room tone (that many seconds) and clips in order: a number is seconds of the background, "clip" the wake phrase clip. */
    private Path fixture(String name, Object... parts) {
        var all = new ArrayList<short[]>();
        for (Object p : parts) all.add(p instanceof Double s ? background(s) : clip);
        short[] out = new short[all.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (short[] a : all) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return WavFixtures.internal(out).writeTo(dir, name);
    }

    private short[] background(double seconds) {
        short[] out = new short[(int) (seconds * 16_000)];
        for (int i = 0; i < out.length; i++) out[i] = roomTone[i % roomTone.length];
        return out;
    }

    private List<String> run(Path input, Path socket, LoopbackReceiver server, String... extra) {
        var args = new ArrayList<>(List.of("run", "--input", input.toString(), "--model", model.toString(), "--gpio", "mock",
                "--uplink", server.uri().toString(), "--events-json", "--audit-log", dir.resolve(input.getFileName() + ".audit.jsonl").toString()));
        if (socket != null) args.addAll(List.of("--control-socket", socket.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void resumeOverTheSocketCannotEndAHardwareMute() throws Exception {
        // given: 1 s of background, then the wake phrase and a command; the switch is muted throughout
        Path input = fixture("muted.wav", 1.0, "clip");
        Path socket = dir.resolve("muted/control.sock");
        try (var server = new LoopbackReceiver()) {
            // control: unmuted, the same audio opens exactly one session
            var control = Cli.run(run(input, null, server).toArray(String[]::new));
            assertEquals(0, control.exit(), control.toString());
            assertEquals(1, server.requests().size(), "unmuted, this wake phrase is streamed: " + control);
            int before = server.requests().size();

            var daemon = new BackgroundRun(run(input, socket, server, "--realtime", "--mock-mute", "0-100").toArray(String[]::new));
            daemon.awaitEvent("muted", EVENT_WAIT);
            // when: the socket pauses, then resumes, and asks to unmute in every way it might
            assertEquals(List.of("ok paused"), ControlClient.request(socket, "pause"));
            var paused = ControlClient.request(socket, "status");
            var resumed = ControlClient.request(socket, "resume");
            var unmute = ControlClient.request(socket, "unmute");
            var status = ControlClient.request(socket, "status");
            // then
            assertTrue(paused.containsAll(List.of("state: MUTED", "hardware muted: yes", "paused: yes (by control socket)")), paused.toString());
            assertEquals(List.of("ok resumed; still muted by the hardware switch: only the switch ends a mute"), resumed);
            assertTrue(unmute.get(0).startsWith("error unknown request 'unmute'"), unmute.toString());
            assertTrue(status.containsAll(List.of("state: MUTED", "hardware muted: yes", "paused: no", "sessions: 0")), status.toString());
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)), daemon.err());
            double resumedAt = JsonLines.num(daemon.events("resumed").get(0), "t");
            assertTrue(resumedAt < 1.0 + WAKE_IN_CLIP, "the resume came before the wake phrase was spoken: t=" + resumedAt);
            assertEquals(List.of(), daemon.events("unmuted"), "still muted to the end of the input");
            assertEquals(List.of(), daemon.events("detected"), "a muted gate does not even listen");
            assertEquals(List.of(), daemon.events("stream-start"));
            assertEquals(before, server.requests().size(), "nothing reached the server while muted");
            assertFalse(Files.exists(socket), "the daemon removed its socket on exit");
        }
    }

    @Test
    void sensitivityAndPauseChangeTheRunningDaemonWithoutARestart() throws Exception {
        // given: the wake phrase twice, with a short mute between them to act on
        Path input = fixture("twice.wav", 1.0, "clip", 1.0, "clip");
        double secondWake = 1.0 + (CLIP_TO - CLIP_FROM) + 1.0 + WAKE_IN_CLIP;
        Path socket = dir.resolve("live/control.sock");
        try (var server = new LoopbackReceiver()) {
            var daemon = new BackgroundRun(run(input, socket, server, "--realtime", "--mock-mute", "4.5-4.6").toArray(String[]::new));
            daemon.awaitEvent("led", EVENT_WAIT); // the gate started: LEDs set to a known state
            // when: the wake word is switched off before its first utterance …
            assertEquals(List.of("ok paused"), ControlClient.request(socket, "pause"));
            assertTrue(ControlClient.request(socket, "status").contains("state: PAUSED"));
            assertEquals(List.of("ok resumed"), ControlClient.request(socket, "resume"));
            assertEquals(List.of("ok hey-computer sensitivity 0.00 (was 0.50)"), ControlClient.request(socket, "sensitivity hey-computer 0"));
            assertTrue(ControlClient.request(socket, "status").containsAll(List.of("state: LISTENING", "paused: no",
                    "wake word: hey-computer, sensitivity 0.00")));
            // … and back on after it (the mute at 4.5 s marks that moment in audio time)
            var muted = daemon.awaitEvent("muted", EVENT_WAIT);
            assertEquals(List.of("ok hey-computer sensitivity 0.50 (was 0.00)"), ControlClient.request(socket, "sensitivity hey-computer 0.5"));
            // then
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)), daemon.err());
            assertTrue(((Number) muted.get("t")).doubleValue() < secondWake);
            var detected = daemon.events("detected");
            assertEquals(1, detected.size(), "only the second utterance is detected: " + detected);
            assertTrue(((Number) detected.get(0).get("start")).doubleValue() > secondWake - 0.3, detected.toString());
            assertEquals(1, daemon.events("stream-start").size());
            assertEquals(1, server.requests().size());
            assertFalse(Files.exists(socket));
            // and both changes were announced and audited, with who made them
            var changes = daemon.events("sensitivity");
            assertEquals(List.of(0.0, 0.5), changes.stream().map(e -> JsonLines.num(e, "to")).toList(), changes.toString());
            String me = "control socket (user " + System.getProperty("user.name") + ")";
            assertTrue(changes.stream().allMatch(e -> me.equals(e.get("by"))), "who changed it, as the kernel says: " + changes);
            var audited = new AuditLog(dir.resolve(input.getFileName() + ".audit.jsonl"), Duration.ofDays(1), Clock.systemUTC()).records();
            assertEquals(List.of("pause", "resume", "sensitivity hey-computer 0.50 -> 0.00", "sensitivity hey-computer 0.00 -> 0.50"),
                    audited.stream().filter(r -> r instanceof AuditChange).map(r -> ((AuditChange) r).what()).toList(), audited.toString());
            assertTrue(audited.stream().filter(r -> r instanceof AuditChange).allMatch(r -> ((AuditChange) r).by().equals(me)), audited.toString());
        }
    }

    @Test
    void ctlPrintsTheReplyAndTurnsErrorsIntoOneLineUserErrors() throws Exception {
        Path input = fixture("ctl.wav", 3.0);
        Path socket = dir.resolve("ctl/control.sock");
        try (var server = new LoopbackReceiver()) {
            var daemon = new BackgroundRun(run(input, socket, server, "--realtime").toArray(String[]::new));
            daemon.awaitEvent("led", EVENT_WAIT);
            var status = Cli.run("ctl", "--control-socket", socket.toString(), "status");
            var bad = Cli.run("ctl", "--control-socket", socket.toString(), "sensitivity", "hey-computer", "2");
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(30)), daemon.err());
            assertEquals(0, status.exit(), status.toString());
            assertEquals(List.of("state: LISTENING", "hardware muted: no", "paused: no", "wake word: hey-computer, sensitivity 0.50", "sessions: 0", "timers: 0"),
                    status.outLines());
            assertEquals(1, bad.exit(), bad.toString());
            assertEquals(List.of("wakegate: sensitivity '2' is not a number from 0 to 1. Fix: e.g. 0.6"), bad.errLines());
        }
        var gone = Cli.run("ctl", "--control-socket", socket.toString(), "status");
        assertEquals(1, gone.exit());
        assertTrue(gone.err().startsWith("wakegate: no control socket at " + socket + ". Fix:"), gone.err());
    }

    @Test
    void theDaemonsSocketFollowsSystemdThenXdgThenHome() {
        Path none = Path.of("/nonexistent/wakegate.properties");
        assertEquals(Path.of("/run/wakegate/control.sock"), runSocket(java.util.Map.of("RUNTIME_DIRECTORY", "/run/wakegate:/run/other",
                "XDG_RUNTIME_DIR", "/run/user/1000", "HOME", "/home/pi"), none));
        assertEquals(Path.of("/run/user/1000/wakegate/control.sock"), runSocket(java.util.Map.of("XDG_RUNTIME_DIR", "/run/user/1000",
                "HOME", "/home/pi"), none));
        assertEquals(Path.of("/home/pi/.local/state/wakegate/control.sock"), runSocket(java.util.Map.of("HOME", "/home/pi"), none));
    }

    @Test
    void ctlFindsTheInstalledServicesSocketFromItsConfiguration() throws Exception {
        Path config = Files.writeString(dir.resolve("installed.properties"), "control-socket = /run/elsewhere/ctl.sock\n");
        var files = new ServiceFiles(java.util.Map.of("HOME", "/home/pi", "XDG_RUNTIME_DIR", "/run/user/1000"), config);
        assertEquals(Path.of("/run/elsewhere/ctl.sock"), files.forReading(files.controlSocket(), null), "as the installed configuration names it");
        var unnamed = new ServiceFiles(java.util.Map.of("HOME", "/home/pi"), Files.writeString(dir.resolve("plain.properties"), "gpio = gpiod\n"));
        assertEquals(Path.of("/run/wakegate/control.sock"), unnamed.forReading(unnamed.controlSocket(), null), "else where the service puts it");
        var notInstalled = new ServiceFiles(java.util.Map.of("HOME", "/home/pi"), dir.resolve("absent.properties"));
        assertEquals(Path.of("/home/pi/.local/state/wakegate/control.sock"), notInstalled.forReading(notInstalled.controlSocket(), null));
    }

    private static Path runSocket(java.util.Map<String, String> env, Path installed) {
        var files = new ServiceFiles(env, installed);
        return files.forRun(files.controlSocket());
    }
}
