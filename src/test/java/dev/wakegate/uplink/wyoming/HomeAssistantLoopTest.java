package dev.wakegate.uplink.wyoming;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.testing.WyomingLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wakegate as Home Assistant's own satellite loop sees it: {@code wakegate run} in real time on 48 s of the flite_slt dev
 * stream (three wake phrases with their commands, household talk between), against {@code ha_satellite.py}, which
 * re-tells {@code WyomingAssistSatellite} of home-assistant/core on the upstream Wyoming library, 1.7.0 and 1.9 side by
 * side. Along the way Home Assistant sets a 3-second timer, makes an announcement and mutes and unmutes the satellite,
 * as a user would from its UI.
 *
 * <p>Mirrors: {@code _connect_and_loop} (run-satellite after connecting), {@code _run_pipeline_loop} (describe, a ping
 * 2 s after each pong, 5 s without an event is a dead satellite, "Unexpected event from satellite"),
 * {@code _run_pipeline_once} and {@code on_pipeline_event} (transcribe, voice-started/-stopped, transcript, synthesize,
 * error), {@code _stream_tts} (22050 Hz, 2048-byte chunks, waiting for played), {@code async_announce},
 * {@code _handle_timer} and {@code _muted_changed} (pause-satellite, then a new connection on unmute).
 */
class HomeAssistantLoopTest {
    private static final double FROM = 120.0, TO = 168.0;
    /** The second wake phrase of the excerpt starts here (flite_slt's 144.637 s). */
    private static final double SECOND_PHRASE = 144.637 - FROM;

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
    void homeAssistantsLoopRunsAPipelinePerWakePhraseRingsATimerPlaysAnAnnouncementAndPausesOnBothLibraryVersions() throws Exception {
        var runs = new ArrayList<Scenario>();
        for (var library : WyomingLibrary.values()) runs.add(Scenario.start(library));
        for (var run : runs) run.await();

        for (var run : runs) {
            var ha = run.ha;
            var gate = run.gate;
            String what = run.library + "\nHome Assistant: " + ha + "\nwakegate: " + gate;

            // every confirmed wake phrase gives one pipeline, which gets exactly the audio wakegate says it sent
            var streams = ofType(gate, "stream-end");
            var pipelines = ofType(ha, "pipeline-audio");
            assertEquals(3, ofType(gate, "stream-start").size(), "the three wake phrases were confirmed: " + what);
            assertEquals(streams.size(), ofType(ha, "pipeline-start").size(), "one pipeline per session: " + what);
            for (int i = 0; i < streams.size(); i++)
                assertEquals(((Number) streams.get(i).get("bytes")).longValue(), ((Number) pipelines.get(i).get("audio_bytes")).longValue(),
                        "pipeline " + (i + 1) + " got every byte of its session and nothing more: " + what);
            assertTrue(streams.stream().allMatch(s -> "ok".equals(s.get("outcome"))), "every session ended with the transcript: " + what);

            // nothing Home Assistant would log as unexpected, no error, no timeout
            assertEquals(List.of(), ofType(ha, "unexpected"), what);
            assertEquals(List.of(), ofType(ha, "error"), what);

            // every reply and the announcement were played and acknowledged
            assertEquals(streams.size(), ofType(ha, "tts").size(), what);
            assertEquals(List.of(true), ofType(ha, "announce").stream().map(a -> a.get("played")).toList(), what);
            assertTrue(ofType(ha, "played").size() >= streams.size() + 1, what);

            // the timer rang through the satellite until the next wake word, and opened nothing by itself
            var timer = ofType(gate, "timer").stream().map(t -> t.get("change")).toList();
            assertEquals(List.of("started", "ringing", "silenced"), timer, what);
            var silenced = ofType(gate, "timer").get(2);
            assertEquals("the wake word", silenced.get("detail"), what);
            double rang = ((Number) ofType(gate, "timer").get(1).get("t")).doubleValue();
            assertTrue(ofType(gate, "stream-start").stream().noneMatch(s -> within(s, rang, ((Number) silenced.get("t")).doubleValue() - 0.01)),
                    "no stream while it rang: " + what);

            // mute in Home Assistant pauses the satellite; unmuting brings a new connection that runs it again
            assertTrue(ofType(gate, "paused").stream().anyMatch(p -> "server".equals(p.get("by"))), what);
            assertTrue(ofType(gate, "resumed").stream().anyMatch(p -> "server".equals(p.get("by"))), what);
            assertEquals(2, ofType(ha, "connected").size(), "connected, and again after the unmute: " + what);
        }
    }

    private static boolean within(Map<String, Object> event, double from, double to) {
        double t = ((Number) event.get("t")).doubleValue();
        return t > from && t < to;
    }

    private static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type")) || type.equals(e.get("event"))).toList();
    }

    /** One wakegate and one Home Assistant on one version of the library, with the user's actions scheduled in audio time. */
    private static final class Scenario {
        final WyomingLibrary library;
        final List<Map<String, Object>> gate = new CopyOnWriteArrayList<>(), ha = new CopyOnWriteArrayList<>();
        private Process wakegate, driver;
        private Thread script;
        private volatile long audioZeroNanos; // System.nanoTime() at audio time 0, from the first event that tells

        private Scenario(WyomingLibrary library) {
            this.library = library;
        }

        static Scenario start(WyomingLibrary library) throws Exception {
            var s = new Scenario(library);
            s.begin();
            return s;
        }

        private void begin() throws Exception {
            int port = freePort();
            var pb = new ProcessBuilder(WakegateProcess.command(List.of(), "run", "--input", excerpt.toString(), "--realtime",
                    "--model", template.toString(), "--gpio", "mock", "--uplink", "wyoming://127.0.0.1:" + port, "--no-zeroconf",
                    "--allow", "none", "--home-assistant", "127.0.0.1", "--events-json", "-v",
                    "--audit-log", dir.resolve("audit-" + library + ".jsonl").toString(),
                    "--play-command", "python3 " + WyomingLibrary.script("realtime_sink.py") + " {rate} {channels}"))
                    .redirectError(dir.resolve("wakegate-" + library + ".log").toFile());
            wakegate = pb.start();
            collect(wakegate, gate, true);
            awaitListening(port);
            driver = library.python("ha_satellite.py", "127.0.0.1", String.valueOf(port))
                    .redirectError(dir.resolve("ha-" + library + ".log").toFile()).start();
            collect(driver, ha, false);
            script = Thread.ofPlatform().name("test-ha-user-" + library).daemon().start(this::user);
        }

        /** What the user does in Home Assistant's UI, at audio times of the excerpt (in order). */
        private void user() {
            try (OutputStream commands = driver.getOutputStream()) {
                while (audioZeroNanos == 0) Thread.sleep(20);
                at(12, commands, "announce 1.0");
                at(SECOND_PHRASE - 1.5 - 3, commands, "timer 3 pasta"); // it rings 1.5 s before the wake phrase, between two rings
                at(31, commands, "mute"); // after the second reply was played
                at(33, commands, "unmute");
                at(44, commands, "stop"); // Home Assistant goes first (its loop notices within one ping), then the excerpt ends
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private void at(double audioSeconds, OutputStream commands, String command) throws IOException, InterruptedException {
            long due = audioZeroNanos + (long) (audioSeconds * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        }

        private void collect(Process p, List<Map<String, Object>> into, boolean clock) {
            Thread.ofPlatform().daemon().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (!line.startsWith("{")) continue;
                        var event = JSON.std.mapFrom(line);
                        if (clock && audioZeroNanos == 0 && "stream-start".equals(event.get("type")))
                            audioZeroNanos = System.nanoTime() - (long) (((Number) event.get("t")).doubleValue() * 1e9);
                        into.add(event);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        void await() throws Exception {
            assertTrue(wakegate.waitFor(90, TimeUnit.SECONDS), library + ": wakegate did not finish the excerpt");
            assertTrue(driver.waitFor(20, TimeUnit.SECONDS), library + ": the Home Assistant loop did not stop");
            script.join(5000);
            assertEquals(0, wakegate.exitValue(), library + ": wakegate failed:\n" + tail("wakegate-" + library + ".log"));
            assertEquals(0, driver.exitValue(), library + ": ha_satellite.py failed:\n" + tail("ha-" + library + ".log") + "\nwakegate:\n" + tail("wakegate-" + library + ".log"));
            Thread.sleep(200); // the readers take the last lines
        }

        private static String tail(String log) throws IOException {
            String text = Files.readString(dir.resolve(log));
            return text.substring(Math.max(0, text.length() - 3000));
        }

        private static void awaitListening(int port) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (var probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(50);
                }
            }
        }

        private static int freePort() throws IOException {
            try (var s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
