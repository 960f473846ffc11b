package dev.wakegate.gate;

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
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.pi4j.Pi4jHardware;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.vad.EnergyVad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's rules with Pi4J's mock hardware, a scripted detector and a recording uplink. */
class GateTest {
    @TempDir
    Path tmp;
    private Hardware hardware;
    private final List<GateEvent> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Control> controls = new LinkedBlockingQueue<>();
    private final RecordingUplink uplink = new RecordingUplink();
    private final ScriptedDetector detector = new ScriptedDetector();
    private AudioRing ring;
    private Gate gate;

    @BeforeEach
    void gate() {
        hardware = Pi4jHardware.open(Pi4jHardware.Provider.mock, GpioSettings.PI_DEFAULTS.withDebounceMicros(0));
        ring = new AudioRing(8 * Pcm.SAMPLE_RATE);
        gate = GateTest.newGate(ring, detector, new AlwaysConfirms(), uplink, hardware,
                new AuditLog(tmp.resolve("audit.jsonl"), Duration.ofDays(30), Clock.systemUTC()), GateSettings.DEFAULT, events::add,
                controls::add);
        gate.start(false);
    }

    /** A gate as the daemon builds one: its front end over {@code ring}, an energy VAD and {@code detector}. */
    static Gate newGate(AudioRing ring, WakeDetector detector, Confirmer confirmer, Uplink uplink, Hardware hardware, AuditLog audit,
                        GateSettings settings, Consumer<GateEvent> events, Consumer<Control> controls) {
        var ear = new FrontEnd(ring, new EnergyVad(), List.of(detector), settings.deafAfterPlaySeconds());
        return new Gate(ear, confirmer, uplink, hardware, audit, settings, events, controls);
    }

    @AfterEach
    void close() throws Exception {
        hardware.close();
    }

    /** Half a second of quiet background, then a loud tone: speech as far as the VAD is concerned. */
    private static short[] loud(long index) {
        double amplitude = index < 50 ? 30 : 8000;
        short[] f = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; i < f.length; i++) f[i] = (short) (amplitude * Math.sin(2 * Math.PI * 440 * (index * Pcm.FRAME_SAMPLES + i) / 16000.0));
        return f;
    }

    /** Replaces the gate with one whose confirmer refuses every candidate, auditing to {@code auditFile}. */
    private void gateThatRefusesEveryWord(String auditFile) {
        gate = GateTest.newGate(ring, detector, new NeverConfirms(), uplink, hardware,
                new AuditLog(tmp.resolve(auditFile), Duration.ofDays(30), Clock.systemUTC()), GateSettings.DEFAULT, events::add, controls::add);
        gate.start(false);
    }

    /** Replaces the gate with one whose confirmer accepts every candidate and records the audio it was given. */
    private RecordingConfirmer gateThatRecordsWhatItJudges(String auditFile) {
        var judge = new RecordingConfirmer();
        gate = GateTest.newGate(ring, detector, judge, uplink, hardware,
                new AuditLog(tmp.resolve(auditFile), Duration.ofDays(30), Clock.systemUTC()), GateSettings.DEFAULT, events::add, controls::add);
        gate.start(false);
        return judge;
    }

    private void feed(long from, long to) {
        for (long i = from; i < to; i++) {
            gate.onFrame(loud(i), i);
            deliverControls();
        }
    }

    /** What the pipeline does between frames: the uplink's reports reach the gate. */
    private void deliverControls() {
        for (Control c; (c = controls.poll()) != null; ) Pipeline.deliver(gate, c);
    }

    @Test
    void streamLedIsOnAndReadBackBeforeTheFirstByteMayLeave() {
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        assertInstanceOf(GateState.Streaming.class, gate.state());
        assertFalse(uplink.sends.isEmpty(), "the backlog since the wake word's end was handed over at once");
        assertTrue(uplink.allowedWithLedOn, "audio was allowed out only with the stream LED on and read back");
        assertEquals(140 * Pcm.FRAME_SAMPLES + Pcm.samples(Streamer.WAKE_END_GUARD_SECONDS), uplink.sends.get(0).firstSample(),
                "the stream starts just after the wake word's end, never before it");
    }

    @Test
    void anUplinkThatNeverConnectsNeverLightsTheLedNorAnnouncesAStream() {
        uplink.connects = false;
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        assertInstanceOf(GateState.Confirmed.class, gate.state(), "confirmed, the command held in memory while the uplink connects");
        assertFalse(hardware.streamLed().isOn());
        assertFalse(uplink.allowed);
        gate.onSessionEnded(new SessionOutcome(1, SessionOutcome.Status.FAILED, 0, "connection refused", null));
        assertFalse(hardware.streamLed().isOn());
        assertTrue(events.stream().noneMatch(e -> e instanceof GateEvent.StreamStarted), "no streaming line without a server: " + events);
        assertTrue(events.stream().noneMatch(e -> e instanceof GateEvent.Led l && l.led().equals("stream") && l.on()), events.toString());
        assertInstanceOf(GateState.Cooldown.class, gate.state());
    }

    @Test
    void theLedGoesOffWhenNothingMoreCanLeaveBeforeTheAnswerComes() {
        detector.fireAt(150, 100, 140);
        feed(0, 300);
        for (long i = 300; i < 400; i++) gate.onFrame(new short[Pcm.FRAME_SAMPLES], i);
        assertTrue(hardware.streamLed().isOn(), "on while the uplink may still be sending");
        gate.onSessionDrained(1);
        assertFalse(hardware.streamLed().isOn(), "off once every byte has left, while the answer is awaited");
        assertTrue(gate.session().open());
    }

    @Test
    void aConfirmedWakeWordAndTheSwitchInterruptWhatTheUplinkPlaysOnItsOwn() {
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        assertEquals(List.of("the wake word"), uplink.interrupts, "interrupted before the session opened");

        gate.onMute(true);
        gate.onMute(false);
        assertEquals(List.of("the wake word", "the mute switch (after a session opened)", "the mute switch (after a session opened)"),
                uplink.interrupts, "either way the switch moves");
    }

    @Test
    void aRejectedWakeWordInterruptsNothing() {
        gateThatRefusesEveryWord("audit2.jsonl");
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        assertTrue(events.stream().anyMatch(e -> e instanceof GateEvent.Rejected), events.toString());
        assertEquals(List.of(), uplink.interrupts, "a ringing timer keeps ringing");
    }

    @Test
    void theServerEndingTheStreamEndsItAsTheEndOfTheCommandDoes() {
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        gate.onSessionStoppedByServer(1, "voice-stopped");
        assertTrue(uplink.finished);
        assertInstanceOf(GateState.Cooldown.class, gate.state());
    }

    @Test
    void muteAbortsTheSessionWipesTheRingAndOnlyTheSwitchEndsIt() {
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        gate.onMute(true);
        assertTrue(uplink.aborted, "the session was aborted");
        assertTrue(ring.isAllZero(), "nothing heard before the mute stays in memory");
        assertInstanceOf(GateState.Muted.class, gate.state());
        assertFalse(gate.acceptsAudio());
        assertTrue(hardware.muteLed().isOn());

        gate.onPause(true, "server", null);
        gate.onPause(false, "server", null);
        assertInstanceOf(GateState.Muted.class, gate.state(), "a software resume never ends a hardware mute");
        assertFalse(gate.acceptsAudio());

        gate.onMute(false);
        assertInstanceOf(GateState.Listening.class, gate.state());
        assertFalse(hardware.muteLed().isOn());
    }

    /** Each way the detector stops hearing, and how that ends. */
    enum Hold {
        SWITCH, PAUSE, CAPTURE_FAILURE, REPLY;

        void apply(Gate gate) {
            switch (this) {
                case SWITCH -> gate.onMute(true);
                case PAUSE -> gate.onPause(true, "control socket", null);
                case CAPTURE_FAILURE -> gate.onCaptureFailed("the microphone went away");
                case REPLY -> gate.onPlayback(true);
            }
        }

        /** Frame {@code index} while held: not heard at all, or (wakegate playing a reply) heard but not by the detector. */
        void during(Gate gate, long index) {
            if (this == REPLY) gate.onFrame(loud(index), index);
            else gate.onSkippedFrame(index);
        }

        void lift(Gate gate) {
            switch (this) {
                case SWITCH -> gate.onMute(false);
                case PAUSE -> gate.onPause(false, "control socket", null);
                case CAPTURE_FAILURE -> gate.onCaptureRestored("it is back");
                case REPLY -> gate.onPlayback(false);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Hold.class)
    void whatTheDetectorDidNotHearIsNeverGivenToItAsContextWhenItHearsAgain(Hold hold) {
        // given: a detector that records every frame it is given, and speech going on when the hold ends
        var fed = new ArrayList<Long>();
        var recording = new ScriptedDetector() {
            @Override
            public void accept(short[] frame, long index, Consumer<Detection> d) {
                fed.add(index);
            }
        };
        var noEchoTime = new GateSettings(0.8, GateSettings.MIN_END_SILENCE, 10, 2, false, false, 0);
        gate = GateTest.newGate(ring, recording, new AlwaysConfirms(), uplink, hardware,
                new AuditLog(tmp.resolve("holds.jsonl"), Duration.ofDays(30), Clock.systemUTC()), noEchoTime, events::add, controls::add);
        gate.start(false);
        feed(0, 100);
        // when: 1 s the detector does not hear (the ring reads it as silence, or holds the reply), then speech again
        hold.apply(gate);
        for (long i = 100; i < 200; i++) hold.during(gate, i);
        hold.lift(gate);
        fed.clear();
        feed(200, 260);
        // then: the silence the ring holds for a held second is no audio anyone said, and given as context it ruins a
        // detector's noise and level estimates; the reply is ours
        assertEquals(200L, fed.get(0), "the first frame given after the " + hold);
    }

    @Test
    void pauseWhileMutedStaysPausedAfterTheSwitchIsReleased() {
        gate.onMute(true);
        gate.onPause(true, "server", null);
        gate.onMute(false);
        assertInstanceOf(GateState.Paused.class, gate.state(), "the server's pause still holds");
        gate.onPause(false, "server", null);
        assertInstanceOf(GateState.Listening.class, gate.state());
    }

    @Test
    void aSessionWhoseUplinkNeverReportsIsStillAuditedAtExitWithTheLedOff() throws Exception {
        detector.fireAt(150, 100, 140);
        feed(0, 200);
        long handedOver = uplink.sends.stream().mapToLong(RecordingUplink.Send::samples).sum() * Pcm.BYTES_PER_SAMPLE;

        gate.shutdown(); // the recording uplink never reports an outcome
        gate.closeUnreportedSession();

        assertTrue(uplink.aborted);
        assertFalse(gate.session().open());
        assertFalse(hardware.streamLed().isOn());
        var end = events.stream().filter(e -> e instanceof GateEvent.StreamEnded).map(e -> (GateEvent.StreamEnded) e).findFirst().orElseThrow();
        assertEquals("shutdown", end.reason());
        assertEquals("aborted", end.outcome());
        assertEquals(handedOver, end.bytes(), "the bytes handed to the uplink: an upper bound of what left");
        String audit = java.nio.file.Files.readString(tmp.resolve("audit.jsonl"));
        assertEquals(1, audit.lines().count(), "the upload is in the audit log: " + audit);
        assertTrue(audit.contains("\"aborted\""), audit);
    }

    @Test
    void theServersResumeNeverLiftsTheOwnersPause() {
        gate.onPause(true, "control socket", null);
        gate.onPause(true, "server", null);
        gate.onPause(false, "server", null);
        assertInstanceOf(GateState.Paused.class, gate.state(), "the owner's pause from the control socket still holds");
        assertFalse(gate.acceptsAudio());
        assertEquals(new GateEvent.Resumed(0, "server", List.of("control socket")),
                events.stream().filter(e -> e instanceof GateEvent.Resumed).findFirst().orElseThrow());

        gate.onPause(false, "control socket", null);
        assertInstanceOf(GateState.Listening.class, gate.state());
        assertTrue(gate.acceptsAudio());
    }

    @Test
    void aResumeFromASourceThatNeverPausedChangesNothing() {
        gate.onPause(true, "control socket", null);
        int before = events.size();
        gate.onPause(false, "server", null);
        assertInstanceOf(GateState.Paused.class, gate.state());
        assertEquals(before, events.size(), "no event for a pause nobody held");
    }

    @Test
    void aRejectedCandidateOpensNothing() {
        gateThatRefusesEveryWord("a2.jsonl");
        detector.fireAt(150, 100, 140);
        feed(0, 300);
        assertEquals(0, uplink.opened);
        assertTrue(events.stream().anyMatch(e -> e instanceof GateEvent.Rejected));
        assertInstanceOf(GateState.Listening.class, gate.state());
    }

    @Test
    void theDetectorHearsThatItsCandidateWasRefusedSoTheWordThatFollowsCanStillFire() {
        gateThatRefusesEveryWord("a4.jsonl");
        detector.fireAt(150, 100, 140);
        feed(0, 300);
        assertEquals(List.of(150L * Pcm.FRAME_SAMPLES + Pcm.FRAME_SAMPLES), detector.refused.stream().map(Detection::atSample).toList());
    }

    @Test
    void aConfirmedCandidateKeepsItsRefractoryTime() {
        detector.fireAt(150, 100, 140);
        feed(0, 300);
        assertEquals(1, uplink.opened);
        assertEquals(List.of(), detector.refused);
    }

    @Test
    void theStreamEndsAfterTheEndSilenceAndTheLedGoesOffWithTheOutcome() {
        detector.fireAt(150, 100, 140);
        feed(0, 300);
        for (long i = 300; i < 400; i++) gate.onFrame(new short[Pcm.FRAME_SAMPLES], i); // 1 s of silence
        assertInstanceOf(GateState.Cooldown.class, gate.state());
        assertTrue(uplink.finished);
        assertTrue(hardware.streamLed().isOn(), "the LED stays on until the uplink has finished sending");
        gate.onSessionEnded(new SessionOutcome(1, SessionOutcome.Status.OK, 1000, "HTTP 200", "ok"));
        assertFalse(hardware.streamLed().isOn());
        assertTrue(ring.isAllZero(), "the ring is zeroed after each session");
    }

    @Test
    void theConfirmationJudgesTheWordOnceTheRingHoldsTheMarginAfterIt() {
        var judge = gateThatRecordsWhatItJudges("a5.jsonl");
        // given: the detector fires in frame 150 on a word it places as ending with frame 139
        detector.fireAt(150, 100, 140);
        long wordEnd = 140L * Pcm.FRAME_SAMPLES, margin = Pcm.samples(HeardWord.AFTER_SECONDS);
        long lastFrameBefore = (wordEnd + margin) / Pcm.FRAME_SAMPLES - 1;
        // when: the ring does not yet hold the margin after the word
        feed(0, lastFrameBefore);
        // then: nothing is judged, nothing is announced
        assertEquals(List.of(), judge.heard);
        assertTrue(events.stream().noneMatch(e -> e instanceof GateEvent.Detected), events.toString());
        assertInstanceOf(GateState.Listening.class, gate.state());
        // when: the frame that completes the margin
        feed(lastFrameBefore, lastFrameBefore + 1);
        // then: judged on the word with the whole margin after it, and only then confirmed
        assertEquals(List.of(wordEnd + margin), judge.heard);
        assertEquals(1, uplink.opened);
    }

    @Test
    void aWordStillWaitingForItsMarginIsForgottenByTheSwitch() {
        var judge = gateThatRecordsWhatItJudges("a6.jsonl");
        detector.fireAt(150, 100, 140);
        feed(0, 160);
        gate.onMute(true);
        gate.onMute(false);
        feed(160, 400);
        assertEquals(List.of(), judge.heard, "never judged: it was heard before the mute");
        assertEquals(0, uplink.opened);
        assertTrue(events.stream().noneMatch(e -> e instanceof GateEvent.Detected), events.toString());
    }

    @Test
    void aWordStillWaitingForItsMarginWhenTheInputEndsIsJudgedOnWhatTheInputHad() {
        var judge = gateThatRecordsWhatItJudges("a7.jsonl");
        detector.fireAt(150, 100, 140);
        feed(0, 160);
        gate.endOfInput();
        assertEquals(List.of(160L * Pcm.FRAME_SAMPLES), judge.heard, "judged on the audio up to the input's end");
        assertEquals(1, uplink.opened);
        assertTrue(uplink.finished, "the session it opened ends with the input");
    }

    @Test
    void mutedSwitchReachesTheGateWithin50ms() throws Exception {
        var capture = new LiveTone();
        var captureThread = new CaptureThread(capture, Pipeline.captureReports(controls));
        var muted = new CountDownLatch(1);
        long[] mutedAt = new long[1];
        Consumer<GateEvent> sink = e -> {
            if (e instanceof GateEvent.Muted) {
                mutedAt[0] = System.nanoTime();
                muted.countDown();
            }
        };
        var liveRing = new AudioRing(8 * Pcm.SAMPLE_RATE);
        var liveGate = GateTest.newGate(liveRing, detector, new AlwaysConfirms(),
                uplink, hardware, new AuditLog(tmp.resolve("a3.jsonl"), Duration.ofDays(30), Clock.systemUTC()), GateSettings.DEFAULT, sink,
                controls::add);
        var pipeline = new Pipeline(liveGate, captureThread, hardware.mute(), controls, i -> {}, GateSettings.DEFAULT);
        Thread.ofPlatform().name("test-capture").daemon().start(captureThread);
        var runner = Thread.ofPlatform().name("test-pipeline").daemon().start(() -> {
            try {
                pipeline.run();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(capture.delivering.await(5, TimeUnit.SECONDS));
        Thread.sleep(200); // running at real time (this test is about wall time)
        long flipped = System.nanoTime();
        Pi4jHardware.mockSwitch(hardware).accept(true);
        assertTrue(muted.await(1, TimeUnit.SECONDS));
        assertTrue(capture.closed.await(1, TimeUnit.SECONDS));
        long gateMs = TimeUnit.NANOSECONDS.toMillis(mutedAt[0] - flipped), captureMs = TimeUnit.NANOSECONDS.toMillis(capture.closedAt - flipped);
        System.out.printf("mute: capture closed %d ms, gate muted (ring wiped) %d ms after the switch%n", captureMs, gateMs);
        assertTrue(captureMs < 50, "capture stopped " + captureMs + " ms after the switch");
        assertTrue(gateMs < 50, "the gate muted (ring wiped) " + gateMs + " ms after the switch");
        controls.add(new Control.Stop());
        runner.join(2000);
    }

    // ---------------------------------------------------------------- test doubles

    /** Fires one detection at a given frame. */
    static class ScriptedDetector implements WakeDetector {
        long fireFrame = -1, startFrame, endFrame;
        final List<Detection> refused = new ArrayList<>();

        void fireAt(long frame, long start, long end) {
            fireFrame = frame;
            startFrame = start;
            endFrame = end;
        }

        public List<String> words() { return List.of("w"); }
        public void accept(short[] frame, long index, Consumer<Detection> d) {
            if (index == fireFrame) d.accept(new Detection("w", startFrame * Pcm.FRAME_SAMPLES, endFrame * Pcm.FRAME_SAMPLES, 0.9, (index + 1) * Pcm.FRAME_SAMPLES));
        }
        public int contextFrames() { return 10; }
        public void refused(Detection d) { refused.add(d); }
        public void setSensitivity(String word, Sensitivity s) {}
        public Sensitivity sensitivity(String word) { return Sensitivity.of(0.5); }
    }

    static final class AlwaysConfirms implements Confirmer {
        public Verdict confirm(HeardWord c) { return Verdict.accept(0.9, "test"); }
        public String name() { return "test"; }
    }

    /** Confirms every word, recording where the audio it was given ends (an absolute sample position). */
    static final class RecordingConfirmer implements Confirmer {
        final List<Long> heard = new ArrayList<>();

        public Verdict confirm(HeardWord c) {
            heard.add(c.audioStartSample() + c.audio().length);
            return Verdict.accept(0.9, "test");
        }
        public String name() { return "test"; }
    }

    static final class NeverConfirms implements Confirmer {
        public Verdict confirm(HeardWord c) { return Verdict.reject(0.1, "test"); }
        public String name() { return "test"; }
    }

    /** Records what the gate sends and whether the stream LED was on at that moment. */
    final class RecordingUplink implements Uplink {
        record Send(long firstSample, int samples, boolean ledOn) {}

        final List<Send> sends = new ArrayList<>();
        final List<String> interrupts = new ArrayList<>();
        int opened;
        boolean finished, aborted, allowed, allowedWithLedOn;
        boolean connects = true;

        public String destination() { return "test:0"; }

        public void interrupt(String reason) { interrupts.add(reason + (opened > 0 ? " (after a session opened)" : "")); }

        public Session open(SessionRequest request, SessionListener listener) {
            opened++;
            long[] position = {Math.round(request.firstSampleT() * Pcm.SAMPLE_RATE)};
            if (connects) listener.ready("127.0.0.1:9");
            return new Session() {
                public void send(short[] s, int off, int len) {
                    sends.add(new Send(position[0], len, hardware.streamLed().isOn()));
                    position[0] += len;
                }
                public void allow() {
                    allowed = true;
                    allowedWithLedOn = hardware.streamLed().isOn();
                }
                public void finish() { finished = true; }
                public void abort(String reason) { aborted = true; }
                public long pendingBytes() { return 0; }
            };
        }
    }

    /** A live source delivering a tone at real time until closed. */
    static final class LiveTone implements Capture {
        final CountDownLatch delivering = new CountDownLatch(1), closed = new CountDownLatch(1);
        volatile long closedAt;

        public AudioSource open() {
            return new AudioSource() {
                long start = System.nanoTime(), sent;
                volatile boolean isClosed;

                public int read(short[] dst, int off, int len) throws java.io.IOException {
                    if (isClosed) throw new java.io.IOException("closed");
                    long due = start + sent * 1_000_000_000L / 16_000;
                    long wait = due - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    if (isClosed) throw new java.io.IOException("closed");
                    for (int i = 0; i < len; i++) dst[off + i] = (short) (6000 * Math.sin(sent++ * 0.17));
                    delivering.countDown();
                    return len;
                }
                public String name() { return "tone"; }
                public void close() {
                    if (!isClosed) {
                        isClosed = true;
                        closedAt = System.nanoTime();
                        closed.countDown();
                    }
                }
            };
        }
        public boolean live() { return true; }
        public String describe() { return "tone"; }
    }
}
