package dev.wakegate.uplink.wyoming;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.testing.WyomingLibrary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code wakegate run --realtime} paired with one Home Assistant ({@code ha_satellite.py}) on one version of the
 * upstream library, with what the user does in Home Assistant and what other peers on the LAN do
 * ({@code wyoming_attackers.py}) scheduled in audio time: the excerpt's own clock, known from wakegate's first event.
 */
final class HomeAssistantScenario {
    /** The user (or the network) does {@code command} to Home Assistant at {@code audioSeconds}; see ha_satellite.py. */
    record Step(double audioSeconds, String command) {
    }

    /** A peer on the LAN runs {@code attack} from {@code fromSeconds} to {@code toSeconds} of audio time; see wyoming_attackers.py. */
    record Attack(String attack, double fromSeconds, double toSeconds) {
    }

    /** The excerpt: 48 s of the flite_slt dev stream from 120 s, three wake phrases (audio time 6.5, 25.5 and 37.6 s) with talk between. */
    static final double EXCERPT_FROM = 120.0, EXCERPT_TO = 168.0;

    final WyomingLibrary library;
    final List<Map<String, Object>> gate = new CopyOnWriteArrayList<>(), ha = new CopyOnWriteArrayList<>(), attackers = new CopyOnWriteArrayList<>();
    private final Path dir;
    private Process wakegate, driver, attacking;
    private Thread script;
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private volatile long audioZeroNanos; // System.nanoTime() at audio time 0, from the first event that tells

    private HomeAssistantScenario(WyomingLibrary library, Path dir) {
        this.library = library;
        this.dir = dir;
    }

    static Path excerpt(Path dir) {
        short[] stream = TestData.samples(Labels.streamWav("flite_slt"));
        return WavFixtures.internal(Signals.cut(stream, EXCERPT_FROM, EXCERPT_TO)).writeTo(dir, "excerpt.wav");
    }

    /**
     * "hey computer" enrolled from the same synthetic voice, as {@code enroll} writes it where the feature models run:
     * with the takes' speech embeddings, so that {@code run} confirms on both feature sets. (A log-mel-only template,
     * its detector restarted mid-sentence by the deafness after a reply, can take ordinary speech for the word.)
     */
    static Path template(Path dir) {
        return Engine.heyComputerWithEmbeddingsFile("flite_slt", OwwTestData.MODELS, dir);
    }

    /** Starts wakegate on {@code excerpt}, paired with a Home Assistant on 127.0.0.1 and nobody else allowed. */
    static HomeAssistantScenario start(WyomingLibrary library, Path dir, Path excerpt, Path template, List<Step> user,
                                       List<Attack> attacks) throws Exception {
        var s = new HomeAssistantScenario(library, dir);
        s.begin(excerpt, template, user, attacks);
        return s;
    }

    private void begin(Path excerpt, Path template, List<Step> user, List<Attack> attacks) throws Exception {
        int port = freePort();
        var pb = new ProcessBuilder(WakegateProcess.command(List.of(), "run", "--input", excerpt.toString(), "--realtime",
                "--model", template.toString(), "--gpio", "mock", "--uplink", "wyoming://127.0.0.1:" + port, "--no-zeroconf",
                "--allow", "none", "--home-assistant", "127.0.0.1", "--events-json", "-v",
                "--audit-log", dir.resolve("audit-" + library + ".jsonl").toString(),
                "--play-command", "python3 " + WyomingLibrary.script("realtime_sink.py") + " {rate} {channels}"))
                .redirectError(log("wakegate").toFile());
        wakegate = pb.start();
        collect(wakegate, gate, true);
        awaitListening(port);
        driver = library.python("ha_satellite.py", "127.0.0.1", String.valueOf(port)).redirectError(log("ha").toFile()).start();
        collect(driver, ha, false);
        script = Thread.ofPlatform().name("test-ha-user-" + library).daemon().start(() -> play(port, user, attacks));
    }

    private void play(int port, List<Step> user, List<Attack> attacks) {
        try (OutputStream commands = driver.getOutputStream()) {
            while (audioZeroNanos == 0) Thread.sleep(20);
            if (!attacks.isEmpty()) startAttackers(port, attacks);
            for (var step : user) at(step.audioSeconds(), commands, step.command());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startAttackers(int port, List<Attack> attacks) throws IOException {
        double now = audioNow();
        var args = new ArrayList<>(List.of("127.0.0.1", String.valueOf(port)));
        for (var a : attacks)
            args.add(a.attack() + ":" + Math.max(0, a.fromSeconds() - now) + ":" + (a.toSeconds() - Math.max(now, a.fromSeconds())));
        attacking = library.python("wyoming_attackers.py", args.toArray(String[]::new)).redirectError(log("attackers").toFile()).start();
        collect(attacking, attackers, false);
    }

    private double audioNow() {
        return (System.nanoTime() - audioZeroNanos) / 1e9;
    }

    private void at(double audioSeconds, OutputStream commands, String command) throws IOException, InterruptedException {
        long wait = audioZeroNanos + (long) (audioSeconds * 1e9) - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }

    private void collect(Process p, List<Map<String, Object>> into, boolean clock) {
        readers.add(Thread.ofPlatform().daemon().start(() -> {
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
        }));
    }

    /** Waits for wakegate to finish the excerpt and for Home Assistant (and the attackers) to stop; both must exit 0. */
    void await() throws Exception {
        assertTrue(wakegate.waitFor(90, TimeUnit.SECONDS), library + ": wakegate did not finish the excerpt");
        assertTrue(driver.waitFor(20, TimeUnit.SECONDS), library + ": the Home Assistant loop did not stop");
        script.join(5000);
        if (attacking != null) assertTrue(attacking.waitFor(20, TimeUnit.SECONDS), library + ": the attackers did not stop");
        assertEquals(0, wakegate.exitValue(), library + ": wakegate failed:\n" + tail("wakegate"));
        assertEquals(0, driver.exitValue(), library + ": ha_satellite.py failed:\n" + tail("ha") + "\nwakegate:\n" + tail("wakegate"));
        if (attacking != null) assertEquals(0, attacking.exitValue(), library + ": wyoming_attackers.py failed:\n" + tail("attackers"));
        for (var reader : readers) reader.join(10_000); // each ends at its process's last line
    }

    /** Home Assistant's events of one kind ("event"), or wakegate's ("type"). */
    static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type")) || type.equals(e.get("event"))).toList();
    }

    static double t(Map<String, Object> event) {
        return ((Number) event.get("t")).doubleValue();
    }

    @Override
    public String toString() {
        return library + "\nHome Assistant: " + ha + "\nwakegate: " + gate + (attacking == null ? "" : "\nattackers: " + attackers)
                + "\nwakegate's account:\n" + account("wakegate");
    }

    /**
     * wakegate's own account of what went wrong, for a failure's message: its WARN and ERROR lines, and what it says
     * at INFO about its connections and sessions (a session's end that resets the connection is logged there). A
     * flood's refusals are left out after the first few: they would push the rest out.
     */
    private String account(String who) {
        var refusals = new AtomicInteger();
        try (var lines = Files.lines(log(who))) {
            return lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || (l.contains(" INFO ") && l.contains("wyoming")))
                    .filter(l -> !l.contains("refused a connection") || refusals.incrementAndGet() <= 5)
                    .limit(120).collect(Collectors.joining("\n"));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Path log(String who) {
        return dir.resolve(who + "-" + library + ".log");
    }

    private String tail(String who) throws IOException {
        String text = Files.readString(log(who));
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
