package dev.wakegate.uplink;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Capture;
import dev.wakegate.audio.CaptureThread;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.FrontEnd;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.gate.Control;
import dev.wakegate.gate.Gate;
import dev.wakegate.gate.GateEvent;
import dev.wakegate.gate.GateSettings;
import dev.wakegate.gate.Pipeline;
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.Led;
import dev.wakegate.hw.LedException;
import dev.wakegate.hw.pi4j.Pi4jHardware;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.testing.Arrivals;
import dev.wakegate.uplink.http.HttpUplink;
import dev.wakegate.uplink.wyoming.TestUplinks;
import dev.wakegate.uplink.wyoming.WyomingUplink;
import dev.wakegate.vad.EnergyVad;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy promise at the edges of the wire, measured at the receiving sockets (what reached the far host, read or
 * not) and on the stream LED's own timeline: for HTTP and Home Assistant (Wyoming) alike, against receivers on
 * 127.0.0.1 that read 2 KB/s, never read, reset the connection, answer with an error at once, or are not there.
 * The whole gate runs at real time (a live tone for a microphone, Pi4J's mock switch and LEDs); a scripted detector
 * hears a wake word at 1 s and again at 9 s.
 */
class WireEdgesTest {
    /** The instant of the mute or abort, plus this, after which nothing more may arrive. */
    private static final long AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Small receive buffers: a slow link, where bytes wait at the sender rather than at the receiver. */
    private static final int RECEIVE_BUFFER = 4096;
    private static final long FIRST_WAKE_FRAME = 100, SECOND_WAKE_FRAME = 900;

    @TempDir
    Path tmp;

    enum Kind { http, wyoming }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aMuteStopsAtTheWireWhileAReceiverReadsTwoKilobytesASecond(Kind kind) throws Exception {
        try (var receiver = Receiver.start(kind, Behaviour.slow(2_048)); var rig = new Rig(kind, receiver)) {
            // given: a session streaming to a receiver that takes 2 KB/s
            var started = rig.await(GateEvent.StreamStarted.class, 5);
            rig.sleepMillis(1_000);
            // when: the switch mutes
            long mutedAt = System.nanoTime();
            rig.mute(true);
            var ended = rig.await(GateEvent.StreamEnded.class, 5);
            rig.sleepMillis(2_000);
            // then
            var arrivals = receiver.arrivals(0);
            assertTrue(arrivals.at(mutedAt) > 0, "audio arrived before the mute");
            assertEquals(arrivals.at(mutedAt + AFTER_NANOS), arrivals.now(), "bytes arrived after the mute + 50 ms");
            assertEquals("muted", ended.reason());
            assertTrue(rig.led.onBefore(arrivals.first()), "the stream LED was on before the first byte arrived: " + rig.led);
            assertTrue(rig.led.offAfter(arrivals.lastIncrease()), "the stream LED stayed on until the last byte arrived: " + rig.led);
            assertEquals(1, started.session());
            // and the next wake phrase after the fault opens a session
            rig.mute(false);
            assertNotNull(rig.await(GateEvent.StreamStarted.class, 12, e -> e.session() == 2));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReceiverThatNeverReadsFailsTheSessionAsStalledAndNothingMoreLeaves(Kind kind) throws Exception {
        try (var receiver = Receiver.start(kind, Behaviour.neverRead()); var rig = new Rig(kind, receiver)) {
            rig.await(GateEvent.StreamStarted.class, 5);
            long startedAt = System.nanoTime();
            var ended = rig.await(GateEvent.StreamEnded.class, Uplink.STALL.toSeconds() + 5);
            long endedAt = System.nanoTime();
            rig.sleepMillis(1_000);
            var arrivals = receiver.arrivals(0);
            assertEquals("failed", ended.outcome(), ended.toString());
            assertTrue(ended.detail().startsWith("stalled"), ended.toString());
            assertTrue(endedAt - startedAt < TimeUnit.SECONDS.toNanos(Uplink.STALL.toSeconds() + 3), "ended within its stall timeout");
            assertEquals(arrivals.at(endedAt + AFTER_NANOS), arrivals.now(), "bytes arrived after the session was failed");
            assertTrue(rig.led.offAfter(arrivals.lastIncrease()), rig.led.toString());
            assertTrue(!rig.led.on(), "the LED is off once the stalled session is gone");
            assertNotNull(rig.await(GateEvent.StreamStarted.class, 12, e -> e.session() == 2), () -> "the gate listens again: " + rig.events);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReceiverThatResetsFailsTheSessionAndTheGateListensOn(Kind kind) throws Exception {
        try (var receiver = Receiver.start(kind, Behaviour.resetAfter(20_000)); var rig = new Rig(kind, receiver)) {
            rig.await(GateEvent.StreamStarted.class, 5);
            var ended = rig.await(GateEvent.StreamEnded.class, 5);
            assertEquals("failed", ended.outcome(), ended.toString());
            assertTrue(!rig.led.on());
            assertNotNull(rig.await(GateEvent.StreamStarted.class, 12, e -> e.session() == 2), () -> "the gate listens again: " + rig.events);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anErrorAnswerEndsTheStreamAtOnceAndNothingMoreLeaves(Kind kind) throws Exception {
        try (var receiver = Receiver.start(kind, Behaviour.errorAtOnce()); var rig = new Rig(kind, receiver)) {
            rig.await(GateEvent.StreamStarted.class, 5);
            var ended = rig.await(GateEvent.StreamEnded.class, 5);
            long endedAt = System.nanoTime();
            assertNotNull(ended, () -> "the error answer did not end the session: " + rig.events);
            rig.sleepMillis(500);
            assertEquals("failed", ended.outcome(), ended.toString());
            var arrivals = receiver.arrivals(0);
            assertEquals(arrivals.at(endedAt + AFTER_NANOS), arrivals.now(), "bytes arrived after the answer ended the session; arrivals around the end: " + arrivals.around(endedAt));
            assertTrue(rig.led.offAfter(arrivals.lastIncrease()), rig.led.toString());
            assertNotNull(rig.await(GateEvent.StreamStarted.class, 12, e -> e.session() == 2), () -> "the gate listens again: " + rig.events);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withNoServerTheLedNeverLightsAndNoStreamIsAnnounced(Kind kind) throws Exception {
        try (var receiver = Receiver.absent(kind); var rig = new Rig(kind, receiver)) {
            var ended = rig.await(GateEvent.StreamEnded.class, 5);
            var second = rig.await(GateEvent.StreamEnded.class, 12, e -> e.session() == 2);
            assertEquals(0, ended.bytes());
            assertTrue(List.of("failed", "no-server").contains(ended.outcome()), ended.toString());
            assertNotNull(second, "the next wake phrase opens a session too");
            assertTrue(rig.events.stream().noneMatch(e -> e instanceof GateEvent.StreamStarted), rig.events.toString());
            assertEquals(List.of(), rig.led.transitions(), "the stream LED never went on");
        }
    }

    // ------------------------------------------------------------------------------------------------ the rig

    /** The gate with its pipeline at real time: a live tone, a scripted wake word at 1 s and at 9 s, mock GPIO. */
    private final class Rig implements AutoCloseable {
        final List<GateEvent> events = new CopyOnWriteArrayList<>();
        final TimedLed led;
        private final Hardware hardware, mock;
        private final Uplink uplink;
        private final CaptureThread capture;
        private final LinkedBlockingQueue<Control> controls = new LinkedBlockingQueue<>();
        private final Thread pipelineThread, captureThread;

        Rig(Kind kind, Receiver receiver) throws IOException {
            mock = Pi4jHardware.open(Pi4jHardware.Provider.mock, GpioSettings.PI_DEFAULTS.withDebounceMicros(0));
            led = new TimedLed(mock.streamLed());
            hardware = new Hardware(mock.mute(), led, mock.muteLed(), "test", true, () -> {});
            uplink = kind == Kind.http
                    ? new HttpUplink(URI.create("http://127.0.0.1:" + receiver.port() + "/listen"), Optional.empty(), () -> null,
                            Duration.ofSeconds(2), 16)
                    : TestUplinks.builder().replyTimeout(Duration.ofSeconds(2)).start();
            receiver.connectTo(uplink);
            var settings = new GateSettings(0.8, 0.4, 6, 0.5, false, false, 0.5);
            var ear = new FrontEnd(new AudioRing(8 * Pcm.SAMPLE_RATE), new EnergyVad(), List.of(new TwoWakeWords()), settings.deafAfterPlaySeconds());
            var gate = new Gate(ear, new Confirms(), uplink, hardware,
                    new AuditLog(tmp.resolve(kind + "-audit.jsonl"), Duration.ofDays(1), Clock.systemUTC()), settings, events::add, controls::add);
            capture = new CaptureThread(new LiveTone(), Pipeline.captureReports(controls));
            var pipeline = new Pipeline(gate, capture, hardware.mute(), controls, i -> {}, settings);
            captureThread = Thread.ofPlatform().name("test-capture").daemon().start(capture);
            pipelineThread = Thread.ofPlatform().name("test-pipeline").daemon().start(() -> {
                try {
                    pipeline.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        void mute(boolean muted) {
            Pi4jHardware.mockSwitch(mock).accept(muted);
        }

        <E extends GateEvent> E await(Class<E> type, long seconds) throws InterruptedException {
            return await(type, seconds, e -> true);
        }

        /** The first event of {@code type} that matches, waiting up to {@code seconds}; null if none came. */
        <E extends GateEvent> E await(Class<E> type, long seconds, Predicate<E> matches) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                for (var e : events) if (type.isInstance(e) && matches.test(type.cast(e))) return type.cast(e);
                Thread.sleep(5);
            }
            return null;
        }

        void sleepMillis(long millis) throws InterruptedException {
            Thread.sleep(millis); // wall time is what this test is about: the receiver's clock
        }

        @Override
        public void close() throws Exception {
            controls.add(new Control.Stop());
            pipelineThread.join(5_000);
            capture.stop();
            captureThread.join(1_000);
            uplink.close();
            mock.close();
        }
    }

    /** The stream LED, with the time of every change. */
    private static final class TimedLed implements Led {
        private record Change(long nanos, boolean on) {}

        private final Led led;
        private final List<Change> changes = new CopyOnWriteArrayList<>();

        TimedLed(Led led) {
            this.led = led;
        }

        @Override
        public void set(boolean on) throws LedException {
            led.set(on);
            if (changes.isEmpty() ? on : changes.getLast().on != on) changes.add(new Change(System.nanoTime(), on));
        }

        @Override
        public boolean isOn() {
            return led.isOn();
        }

        boolean on() {
            return led.isOn();
        }

        List<Boolean> transitions() {
            return changes.stream().map(Change::on).toList();
        }

        /** Whether the LED went on before {@code nanos} (and a byte that arrived then was bracketed). */
        boolean onBefore(long nanos) {
            return !changes.isEmpty() && changes.getFirst().on && changes.getFirst().nanos <= nanos;
        }

        /** Whether the LED was still on at {@code nanos}: its first "off" came at or after it. */
        boolean offAfter(long nanos) {
            for (var c : changes) if (!c.on) return c.nanos >= nanos;
            return true;
        }

        @Override
        public String toString() {
            return changes.toString();
        }
    }

    /** A wake word heard at 1 s and at 9 s of the live tone. */
    private static final class TwoWakeWords implements WakeDetector {
        public List<String> words() {
            return List.of("w");
        }

        public void accept(short[] frame, long index, Consumer<Detection> d) {
            if (index == FIRST_WAKE_FRAME || index == SECOND_WAKE_FRAME)
                d.accept(new Detection("w", (index - 60) * Pcm.FRAME_SAMPLES, (index - 10) * Pcm.FRAME_SAMPLES, 0.9, (index + 1) * Pcm.FRAME_SAMPLES));
        }

        public int contextFrames() {
            return 10;
        }

        public void setSensitivity(String word, Sensitivity s) {}

        public Sensitivity sensitivity(String word) {
            return Sensitivity.DEFAULT;
        }
    }

    private static final class Confirms implements Confirmer {
        public Verdict confirm(HeardWord heard) {
            return Verdict.accept(0.9, "test");
        }

        public String name() {
            return "test";
        }
    }

    /** A microphone at real time: half a second of a quiet room, then a loud tone (speech to the VAD), until closed. */
    private static final class LiveTone implements Capture {
        public AudioSource open() {
            return new AudioSource() {
                final long start = System.nanoTime();
                long sent;
                volatile boolean closed;

                public int read(short[] dst, int off, int len) throws IOException {
                    long wait = start + sent * 1_000_000_000L / Pcm.SAMPLE_RATE - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    if (closed) throw new IOException("closed");
                    for (int i = 0; i < len; i++, sent++) dst[off + i] = (short) ((sent < Pcm.SAMPLE_RATE / 2 ? 30 : 6000) * Math.sin(sent * 0.17));
                    return len;
                }

                public String name() {
                    return "tone";
                }

                public void close() {
                    closed = true;
                }
            };
        }

        public boolean live() {
            return true;
        }

        public String describe() {
            return "tone";
        }
    }

    // ------------------------------------------------------------------------------------------------ receivers

    /** How a receiver treats what arrives. */
    private record Behaviour(long bytesPerSecond, long resetAfter, boolean sendsError) {
        static Behaviour slow(long bytesPerSecond) {
            return new Behaviour(bytesPerSecond, -1, false);
        }

        /** Reads nothing for six seconds (longer than any session here), then recovers. */
        static Behaviour neverRead() {
            return new Behaviour(0, -1, false);
        }

        static Behaviour resetAfter(long bytes) {
            return new Behaviour(-1, bytes, false);
        }

        static Behaviour errorAtOnce() {
            return new Behaviour(-1, -1, true);
        }
    }

    /**
     * The far end: an HTTP server on 127.0.0.1, or a Home Assistant stand-in that connects to wakegate's Wyoming port
     * (reconnecting after a drop, as Home Assistant does). It is written with sockets and bytes only, none of
     * wakegate's code; every connection's arrivals are measured.
     */
    private static final class Receiver implements AutoCloseable {
        private final Kind kind;
        private final Behaviour behaviour;
        private final ServerSocket listener;
        private final List<Arrivals> connections = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        private Receiver(Kind kind, Behaviour behaviour, ServerSocket listener) {
            this.kind = kind;
            this.behaviour = behaviour;
            this.listener = listener;
        }

        static Receiver start(Kind kind, Behaviour behaviour) throws IOException {
            ServerSocket listener = null;
            if (kind == Kind.http) {
                listener = new ServerSocket();
                listener.setReceiveBufferSize(RECEIVE_BUFFER);
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            var r = new Receiver(kind, behaviour, listener);
            if (listener != null) Thread.ofPlatform().name("test-http-accept").daemon().start(r::acceptLoop);
            return r;
        }

        /** No server at all: a port nobody listens on (HTTP), no Home Assistant connected (Wyoming). */
        static Receiver absent(Kind kind) throws IOException {
            return new Receiver(kind, null, null);
        }

        int port() throws IOException {
            if (listener != null) return listener.getLocalPort();
            try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort(); // closed again: connections are refused
            }
        }

        /** For Wyoming: connects to the satellite, as Home Assistant does. */
        void connectTo(Uplink uplink) {
            if (kind != Kind.wyoming || behaviour == null) return;
            int port = ((WyomingUplink) uplink).address().getPort();
            Thread.ofPlatform().name("test-ha").daemon().start(() -> {
                while (!closed) {
                    try (var s = new Socket()) {
                        s.setReceiveBufferSize(RECEIVE_BUFFER);
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                        s.getOutputStream().write("{\"type\": \"run-satellite\"}\n".getBytes(StandardCharsets.UTF_8));
                        s.getOutputStream().flush();
                        keepAlive(s);
                        serve(s);
                    } catch (IOException e) {
                        // dropped: reconnect
                    }
                    sleep(100);
                }
            });
        }

        /** Home Assistant answers the satellite's pings (every 2 s, dropped after 5 s without a pong): a pong a second does. */
        private void keepAlive(Socket s) {
            Thread.ofPlatform().name("test-ha-pong").daemon().start(() -> {
                try {
                    while (!closed && !s.isClosed()) {
                        synchronized (s) {
                            s.getOutputStream().write("{\"type\": \"pong\", \"data\": {\"text\": null}}\n".getBytes(StandardCharsets.UTF_8));
                            s.getOutputStream().flush();
                        }
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException e) {
                    // the connection is gone
                }
            });
        }

        Arrivals arrivals(int connection) {
            return connections.get(connection);
        }

        private void acceptLoop() {
            while (!closed) {
                try {
                    Socket s = listener.accept();
                    Thread.ofPlatform().name("test-http-conn").daemon().start(() -> {
                        try (s) {
                            serve(s);
                        } catch (IOException ignored) {
                            // reset or closed by the sender
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Reads as the behaviour says; the arrivals of this connection are measured from its first byte on. */
        private void serve(Socket s) throws IOException {
            sockets.add(s);
            var read = new AtomicLong();
            connections.add(new Arrivals(s, read::get));
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[256];
            boolean answered = false;
            long start = System.nanoTime();
            while (!closed) {
                if (behaviour.bytesPerSecond == 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(6)) {
                    sleep(50); // hung for six seconds; then it reads again, finds the connection reset and reconnects
                    continue;
                }
                if (behaviour.bytesPerSecond > 0) {
                    long due = start + read.get() * 1_000_000_000L / behaviour.bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                int n = in.read(buf);
                if (n < 0) return;
                read.addAndGet(n);
                if (behaviour.resetAfter >= 0 && read.get() >= behaviour.resetAfter) {
                    s.setSoLinger(true, 0);
                    s.close();
                    return;
                }
                if (behaviour.sendsError && !answered && read.get() > 0) {
                    synchronized (s) {
                        out.write(kind == Kind.http
                                ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\nerror".getBytes(StandardCharsets.US_ASCII)
                                : "{\"type\": \"error\", \"data\": {\"text\": \"stt failed\", \"code\": \"stt-failed\"}}\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    answered = true;
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (listener != null) listener.close();
            for (var s : sockets) s.close();
            for (var a : connections) a.close();
        }
    }
}
