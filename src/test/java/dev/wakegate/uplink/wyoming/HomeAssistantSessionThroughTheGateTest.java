package dev.wakegate.uplink.wyoming;

import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wakegate run as a Home Assistant satellite, end to end: a real TCP client on 127.0.0.1 plays Home Assistant's
 * part while the gate hears a wake phrase and its command from the dev corpus, in real time.
 */
class HomeAssistantSessionThroughTheGateTest {
    private static final double FROM = 40.0, TO = 57.0;      // flite_slt's first wake phrase (42.118-42.938) and its command
    @TempDir
    static Path dir;
    static Path excerpt, template;

    @BeforeAll
    static void prepare() {
        short[] stream = TestData.samples(Labels.streamWav("flite_slt"));
        excerpt = WavFixtures.internal(Signals.cut(stream, FROM, TO)).writeTo(dir, "excerpt.wav");
        template = Engine.heyComputerFile("flite_slt", dir);
    }

    @Test
    void aFullSatelliteSessionSendsTheSameAudioAsTheHttpUplink() throws Exception {
        int port = freePort();
        var run = startRun(dir.resolve("ha-audit.jsonl"), "--realtime", "--uplink", "wyoming://127.0.0.1:" + port, "--no-zeroconf",
                "--allow", "127.0.0.1", "--play-command", "dd of=/dev/null status=none");
        var received = new ByteArrayOutputStream();
        try (var ha = connectWhenUp(port)) {
            ha.send(new WyomingMessage.Describe());
            var info = ha.next(WyomingMessage.Info.class);
            assertTrue(info.data().containsKey("satellite"), "info describes the satellite: " + info);
            ha.send(new WyomingMessage.RunSatellite());

            var detection = ha.next(WyomingMessage.Detection.class);
            assertEquals("hey-computer", detection.name());
            var pipeline = ha.next(WyomingMessage.RunPipeline.class);
            assertEquals(PipelineStage.ASR, pipeline.start());
            assertEquals("hey-computer", pipeline.wakeWordName());
            WyomingMessage m;
            while ((m = ha.next()) instanceof WyomingMessage.AudioChunk chunk) {
                assertEquals(16000, chunk.format().rate());
                received.write(chunk.audio());
            }
            assertInstanceOf(WyomingMessage.AudioStop.class, m);

            ha.send(new WyomingMessage.Transcript("turn on the kitchen lights", "en"));
            var tts = new PcmFormat(22050, 2, 1);
            ha.send(new WyomingMessage.AudioStart(tts, 0L));
            ha.send(new WyomingMessage.AudioChunk(tts, 0L, new byte[22050]));
            ha.send(new WyomingMessage.AudioStop(500L));
            var played = nextIgnoring(ha, WyomingMessage.Played.class);
            assertInstanceOf(WyomingMessage.Played.class, played);
        }
        var haRun = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, haRun.exitCode(), haRun.err());
        assertTrue(haRun.out().contains("\"outcome\": \"ok\""), haRun.out());

        try (var http = new LoopbackReceiver()) {
            var httpRun = startRun(dir.resolve("http-audit.jsonl"), "--uplink", http.uri().toString()).get(60, TimeUnit.SECONDS);
            assertEquals(0, httpRun.exitCode(), httpRun.err());
            assertEquals(1, http.requests().size(), httpRun.out());
            byte[] viaHttp = http.requests().get(0).body();
            assertTrue(viaHttp.length > 32_000, "the command was streamed: " + viaHttp.length);
            assertArrayEquals(viaHttp, received.toByteArray(), "Home Assistant received exactly the audio the HTTP uplink gets");
        }
    }

    @Test
    void theHardwareMuteWinsOverRunSatellite() throws Exception {
        int port = freePort();
        var run = startRun(dir.resolve("mute-audit.jsonl"), "--realtime", "--uplink", "wyoming://127.0.0.1:" + port, "--no-zeroconf",
                "--allow", "127.0.0.1", "--mock-mute", "0-100");
        try (var ha = connectWhenUp(port)) {
            long started = System.nanoTime();
            ha.send(new WyomingMessage.RunSatellite());
            var seen = new ArrayList<WyomingMessage>();
            // through the wake phrase (2.1-2.9 s into the excerpt) and its command, Home Assistant keeps asking to run
            while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(6500)) {
                ha.send(new WyomingMessage.RunSatellite());
                seen.addAll(ha.sync());
            }
            var result = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.err());
            assertTrue(seen.stream().noneMatch(x -> x instanceof WyomingMessage.Detection || x instanceof WyomingMessage.AudioChunk),
                    "nothing is detected or sent while the switch is muted: " + seen);
            assertTrue(result.out().contains("\"type\": \"muted\""));
            assertTrue(!result.out().contains("stream-start"), result.out());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static CompletableFuture<CliRun> startRun(Path audit, String... extra) {
        var args = new ArrayList<>(List.of("run", "--input", excerpt.toString(), "--model", template.toString(), "--gpio", "mock",
                "--events-json", "--audit-log", audit.toString()));
        args.addAll(List.of(extra));
        var future = new CompletableFuture<CliRun>();
        Thread.ofPlatform().name("test-run").daemon().start(() -> future.complete(CliRun.of(args.toArray(String[]::new))));
        return future;
    }

    private static FakeHomeAssistant connectWhenUp(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return FakeHomeAssistant.connect(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.onSpinWait();
            }
        }
    }

    private static <T extends WyomingMessage> WyomingMessage nextIgnoring(FakeHomeAssistant ha, Class<T> wanted) {
        while (true) {
            var m = ha.next();
            if (wanted.isInstance(m)) return m;
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
