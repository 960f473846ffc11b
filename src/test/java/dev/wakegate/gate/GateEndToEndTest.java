package dev.wakegate.gate;

import dev.wakegate.audit.AuditEntry;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.http.HttpUplink;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's promises, end to end: the real command line over every dev-corpus stream, a real HTTP server on
 * 127.0.0.1, Pi4J's mock GPIO. What the server receives is aligned sample by sample with the source recording.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateEndToEndTest {
    private static final double MAX_SESSION = 10;
    private static final int BYTES_PER_SECOND = 32_000;

    @TempDir
    static Path tmp;
    private final Map<String, short[]> sources = new java.util.HashMap<>();

    @BeforeAll
    void enroll() {
        for (String v : voices()) {
            Engine.heyComputerFile(v, tmp);
            sources.put(v, TestData.samples(Labels.streamWav(v)));
        }
    }

    static List<String> voices() {
        return List.of("espeak_en-us+m3", "flite_slt", "flite_kal16");
    }

    private CliRun run(String voice, String uplink, Path audit, String... extra) throws IOException {
        var args = new ArrayList<>(List.of("run", "--input", Labels.streamWav(voice).toString(), "--model", Engine.heyComputerFile(voice, tmp).toString(),
                "--uplink", uplink, "--gpio", "mock", "--events-json", "--audit-log", audit.toString(), "--max-session", Double.toString(MAX_SESSION)));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("voices")
    void onlyConfirmedWakePhrasesAreStreamedStartingAtTheirEnd(String voice) throws Exception {
        Path audit = tmp.resolve(voice + "-audit.jsonl");
        try (var server = new LoopbackReceiver()) {
            var result = run(voice, server.uri().toString(), audit);
            assertEquals(0, result.exitCode(), result.err());

            var starts = result.events("stream-start");
            var requests = server.requests();
            assertEquals(starts.size(), requests.size(), "one request per confirmed session, none otherwise");
            assertEquals(result.events("confirmed").size(), starts.size(), "every confirmed trigger opened exactly one session");

            short[] source = sources.get(voice);
            var wakes = Labels.streamWakes(voice);
            var segments = Labels.streamSegments(voice);
            int hits = 0;
            var nearMisses = new ArrayList<String>();
            for (var r : requests) {
                assertEquals(HttpUplink.CONTENT_TYPE, r.contentType());
                assertTrue(r.complete());
                short[] audio = WavFixtures.shorts(r.body());
                assertTrue(r.bytes() <= MAX_SESSION * BYTES_PER_SECOND, "no session exceeds --max-session: " + r.bytes());
                double t0 = Signals.startIn(source, audio);
                assertTrue(!Double.isNaN(t0), "the received audio is the captured audio, unchanged");
                for (int i = 0; i < audio.length; i++)
                    if (audio[i] != source[(int) Math.round(t0 * 16_000) + i]) throw new AssertionError("sample " + i + " was changed");
                var wake = wakes.stream().filter(w -> t0 >= w.end() - 0.05 && t0 <= w.end() + 0.15).findFirst();
                if (wake.isPresent()) {
                    hits++;
                    continue;
                }
                var seg = segments.stream().filter(s -> t0 >= s.span().start() && t0 <= s.span().end() + 0.3).reduce((a, b) -> b).orElse(null);
                assertTrue(seg != null && seg.kind().equals("near"),
                        String.format(Locale.ROOT, "a stream started at %.3f s, which is neither within [-50, +150] ms of a wake phrase's end nor after a near miss (%s)", t0, seg));
                nearMisses.add(seg.text());
            }
            var startTimes = requests.stream().map(r -> Signals.startIn(source, WavFixtures.shorts(r.body()))).toList();
            var listening = listeningSpans(result);
            var eligible = wakes.stream().filter(w -> listening.stream().anyMatch(span -> span[0] <= w.start() && w.end() <= span[1])).toList();
            long streamed = eligible.stream().filter(w -> startTimes.stream().anyMatch(t -> t >= w.end() - 0.05 && t <= w.end() + 0.15)).count();
            System.out.printf(Locale.ROOT, "%s: %d wake phrases, %d spoken while the gate listened (the others during a session or its refractory),"
                    + " %d of those streamed from their end; near misses accepted: %s%n", voice, wakes.size(), eligible.size(), streamed, nearMisses);
            assertTrue(streamed >= eligible.size() - 1, "recall of the cascade on " + voice + ": " + streamed + "/" + eligible.size());
            assertTrue(eligible.size() >= wakes.size() - 5, "the gate was busy for most wake phrases: " + eligible.size());

            List<AuditEntry> entries = new AuditLog(audit, Duration.ofDays(30), Clock.systemUTC()).read();
            assertEquals(requests.size(), entries.size(), "one audit entry per confirmed trigger");
            long auditBytes = entries.stream().mapToLong(AuditEntry::bytesSent).sum();
            assertEquals(server.bytesReceived(), auditBytes, "the audit log accounts for every byte the server received");
            assertTrue(entries.stream().allMatch(e -> e.outcome().equals("ok") && e.destination().startsWith("127.0.0.1:")));
        }
    }

    /** [from, to] spans of audio time in which the gate was LISTENING (or judging a candidate), from the state events. */
    private static List<double[]> listeningSpans(CliRun result) throws IOException {
        var spans = new ArrayList<double[]>();
        double since = 0;
        boolean idle = true;
        for (var e : result.events("state")) {
            boolean nowIdle = "LISTENING".equals(e.get("to")) || "CANDIDATE".equals(e.get("to"));
            if (idle && !nowIdle) spans.add(new double[]{since, JsonLines.num(e, "t")});
            if (!idle && nowIdle) since = JsonLines.num(e, "t");
            idle = nowIdle;
        }
        if (idle) spans.add(new double[]{since, Double.MAX_VALUE});
        return spans;
    }

    @Test
    void muteFlippedMidSessionAbortsItWithin50msOfAudioTime() throws Exception {
        String voice = "flite_slt";
        var wake = Labels.streamWakesAndCommands(voice).get(0); // the first: the gate is surely listening
        double muteAt = wake.command().start() + 0.5;
        try (var server = new LoopbackReceiver()) {
            var result = run(voice, server.uri().toString(), tmp.resolve("mute-audit.jsonl"),
                    "--mock-mute", String.format(Locale.ROOT, "%.3f-%.3f", muteAt, muteAt + 5));
            assertEquals(0, result.exitCode(), result.err());
            short[] source = sources.get(voice);
            var cut = server.requests().stream().filter(r -> {
                double t0 = Signals.startIn(source, WavFixtures.shorts(r.body()));
                return t0 > wake.phrase().start() && t0 < muteAt;
            }).findFirst().orElseThrow(() -> new AssertionError("the session before the mute never started"));
            double t0 = Signals.startIn(source, WavFixtures.shorts(cut.body()));
            double lastSampleT = t0 + cut.bytes() / (double) BYTES_PER_SECOND;
            assertTrue(lastSampleT <= muteAt + 0.05, String.format(Locale.ROOT, "audio up to %.3f s was sent after the mute at %.3f s", lastSampleT, muteAt));
            var ends = result.events("stream-end");
            assertTrue(ends.stream().anyMatch(e -> "muted".equals(e.get("reason"))), "the session ended because of the mute: " + ends);
            assertEquals(1, result.events("muted").size());
            assertEquals(muteAt, JsonLines.num(result.events("muted").get(0), "t"), 0.011);
        }
    }

    @Test
    void aWakePhraseMutedWhileItsConfirmationWaitsForTheRestOfTheWordIsNeitherConfirmedNorSent() throws Exception {
        String voice = "flite_slt";
        var wake = Labels.streamWakesAndCommands(voice).get(0); // the first: the gate is surely listening
        double muteAt = wake.phrase().end() + 0.25, unmuteAt = muteAt + 3; // inside the half second the confirmation waits for
        try (var server = new LoopbackReceiver()) {
            var result = run(voice, server.uri().toString(), tmp.resolve("waiting-audit.jsonl"),
                    "--mock-mute", String.format(Locale.ROOT, "%.3f-%.3f", muteAt, unmuteAt));
            assertEquals(0, result.exitCode(), result.err());
            short[] source = sources.get(voice);
            for (var r : server.requests()) {
                double t0 = Signals.startIn(source, WavFixtures.shorts(r.body()));
                assertTrue(t0 < wake.phrase().start() || t0 >= unmuteAt,
                        String.format(Locale.ROOT, "audio from %.3f s was sent: the wake phrase ending at %.3f s was muted at %.3f s", t0, wake.phrase().end(), muteAt));
            }
            var confirmed = result.events("confirmed").stream().filter(e -> JsonLines.num(e, "t") < unmuteAt).toList();
            assertEquals(List.of(), confirmed, "what was heard before the mute is never judged after it");
            assertFalse(server.requests().isEmpty(), "the gate listens again after the mute");
        }
    }

    @Test
    void wakePhrasesSpokenWhileMutedAreNeverSent() throws Exception {
        String voice = "espeak_en-us+m3";
        var wakes = Labels.streamWakesAndCommands(voice);
        double from = wakes.get(2).phrase().start() - 1, to = wakes.get(6).command().end() + 1;
        try (var server = new LoopbackReceiver()) {
            var result = run(voice, server.uri().toString(), tmp.resolve("muted-audit.jsonl"),
                    "--mock-mute", String.format(Locale.ROOT, "%.2f-%.2f", from, to));
            assertEquals(0, result.exitCode(), result.err());
            short[] source = sources.get(voice);
            for (var r : server.requests()) {
                double t0 = Signals.startIn(source, WavFixtures.shorts(r.body()));
                double t1 = t0 + r.bytes() / (double) BYTES_PER_SECOND;
                assertTrue(t1 <= from || t0 >= to, String.format(Locale.ROOT, "audio %.2f-%.2f s was sent although muted %.2f-%.2f s", t0, t1, from, to));
            }
            var detectedWhileMuted = result.events("detected").stream().filter(e -> JsonLines.num(e, "t") > from && JsonLines.num(e, "t") < to).toList();
            assertTrue(detectedWhileMuted.isEmpty(), "nothing is even heard while muted: " + detectedWhileMuted);
            assertTrue(server.requests().size() >= wakes.size() - 5 - 2, "the gate listens again after the mute");
        }
    }

    @Test
    void serverDownFailsTheSessionAndTheGateKeepsListening() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path audit = tmp.resolve("down-audit.jsonl");
        var result = run("flite_kal16", "http://127.0.0.1:" + closedPort + "/listen", audit);
        assertEquals(0, result.exitCode(), result.err());
        var entries = new AuditLog(audit, Duration.ofDays(30), Clock.systemUTC()).read();
        assertTrue(entries.size() >= 10, "the gate kept listening and triggering: " + entries.size() + " sessions");
        assertAll(entries.stream().map(e -> () -> {
            assertEquals("failed", e.outcome());
            assertEquals("connection refused", e.detail());
            assertEquals(0, e.bytesSent());
        }));
    }

    @Test
    void connectionResetMidStreamFailsTheSessionAndTheGateKeepsListening() throws Exception {
        Path audit = tmp.resolve("reset-audit.jsonl");
        try (var server = new ResettingServer(6_000)) {
            var result = run("flite_slt", server.uri().toString(), audit);
            assertEquals(0, result.exitCode(), result.err());
            var entries = new AuditLog(audit, Duration.ofDays(30), Clock.systemUTC()).read();
            assertTrue(entries.size() >= 10, "sessions after the first reset still happen: " + entries.size());
            assertEquals(entries.size(), server.connections(), "one connection per session, never retried");
            assertTrue(entries.stream().allMatch(e -> e.outcome().equals("failed")), "every reset session is recorded as failed: " + entries);
        }
    }

    @Test
    void aStreamLedThatCannotBeSetRefusesEverySession() throws Exception {
        Path audit = tmp.resolve("led-audit.jsonl");
        try (var server = new LoopbackReceiver()) {
            var result = run("flite_slt", server.uri().toString(), audit, "--mock-led-fault");
            assertEquals(0, result.exitCode(), result.err());
            assertEquals(0, server.requests().size(), "no session without the stream LED");
            assertEquals(0, server.bytesReceived());
            var entries = new AuditLog(audit, Duration.ofDays(30), Clock.systemUTC()).read();
            assertTrue(!entries.isEmpty() && entries.stream().allMatch(e -> e.outcome().equals("refused")), "refusals are recorded: " + entries);
            assertEquals(0, result.events("stream-start").size());
        }
    }
}
