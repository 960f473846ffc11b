package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditEntry;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Candidate;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.DetectionStage;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.Led;
import dev.wakegate.hw.LedException;
import dev.wakegate.internal.PeerText;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.vad.Vad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The only code that decides "stream". Fed frame by frame on the pipeline thread: ring → VAD → detector →
 * confirmer → uplink. A detection becomes a candidate, the confirmer re-checks the buffered audio, and only a
 * confirmed candidate may open the uplink — after the stream LED is on and reads back on. The stream starts at
 * the end of the wake word, taken from the ring, and ends at end of utterance or the session limit. The
 * hardware mute wins over everything: it aborts any session and wipes the ring, and only the switch ends it.
 */
public final class Gate {
    private static final Logger log = LoggerFactory.getLogger(Gate.class);
    /** Audio before the detected word handed to the confirmer (noise context), and after it. */
    private static final long BLINK_NANOS = 500_000_000L;
    /**
     * The stream starts this long after the detected end of the wake word: detectors place the end within about
     * ±80 ms, and an early estimate must not leak the word's last syllable.
     */
    static final double WAKE_END_GUARD_SECONDS = 0.05;

    private final AudioRing ring;
    private final Vad vad;
    private final DetectionStage detection;
    private final Confirmer confirmer;
    private final Uplink uplink;
    private final Hardware hardware;
    private final AuditLog audit;
    private final GateSettings settings;
    private final Consumer<GateEvent> events;
    private final Consumer<Control> controls;
    private final Clock clock;
    private final long maxSessionSamples, endSilenceSamples, refractorySamples, deafAfterPlaySamples;

    private GateState state = new GateState.Listening();
    private boolean hardwareMuted;
    /** Who holds a software pause ("server", "control socket"): PAUSED while anyone does; each lifts only its own. */
    private final Set<String> pausedBy = new LinkedHashSet<>();
    private long frameEnd;           // absolute sample position after the current frame
    private long nextSessionId = 1;
    private ActiveSession session;   // from the uplink's open until its outcome: the stream LED is on meanwhile
    private volatile Uplink.Session liveHandle; // for the hardware thread's immediate abort
    private volatile Uplink.Session abortedByHardware; // its outcome may arrive before the mute reaches the pipeline
    private final List<Detection> found = new ArrayList<>();
    private final Consumer<Detection> foundSink = found::add; // one instance, not a new lambda every 10 ms frame
    private boolean playing;
    private long deafUntil = -1;     // the detector ignores audio until this sample (our own playback and its echo)
    private long lastBlink;
    private boolean blinkOn;

    public Gate(AudioRing ring, Vad vad, DetectionStage detection, Confirmer confirmer, Uplink uplink, Hardware hardware,
                AuditLog audit, GateSettings settings, Consumer<GateEvent> events, Consumer<Control> controls, Clock clock) {
        if (confirmer == null) throw new IllegalArgumentException("the gate never streams without a confirmation stage");
        this.ring = ring;
        this.vad = vad;
        this.detection = detection;
        this.confirmer = confirmer;
        this.uplink = uplink;
        this.hardware = hardware;
        this.audit = audit;
        this.settings = settings;
        this.events = events;
        this.controls = controls;
        this.clock = clock;
        this.maxSessionSamples = Pcm.samples(settings.maxSessionSeconds());
        this.endSilenceSamples = Pcm.samples(settings.endSilenceSeconds());
        this.refractorySamples = Pcm.samples(settings.refractorySeconds());
        this.deafAfterPlaySamples = Pcm.samples(settings.deafAfterPlaySeconds());
    }

    public GateState state() {
        return state;
    }

    /** True while a session's outcome is outstanding (the stream LED is on). */
    public boolean sessionOpen() {
        return session != null;
    }

    /** Audio of the open session still waiting for the network (0 when no session is open). */
    public long uplinkBacklog() {
        var h = liveHandle;
        return h == null ? 0 : h.pendingBytes();
    }

    /** Whether audio is accepted now; the pipeline drops frames otherwise (capture stops). */
    public boolean acceptsAudio() {
        return state.acceptsAudio();
    }

    /** Reads the switch before the first sample is accepted, and puts the LEDs in a known state. */
    public void start(boolean mutedAtStart) {
        hardwareMuted = mutedAtStart;
        setLed(hardware.streamLed(), "stream", false);
        setLed(hardware.muteLed(), "mute", mutedAtStart);
        if (mutedAtStart) {
            emit(new GateEvent.Muted(seconds()));
            moveTo(new GateState.Muted());
        }
    }

    // ---------------------------------------------------------------- frames

    /** One 10 ms frame at absolute frame index {@code index}; the caller only passes frames while {@link #acceptsAudio()}. */
    public void onFrame(short[] frame, long index) {
        frameEnd = (index + 1) * Pcm.FRAME_SAMPLES;
        if (!state.acceptsAudio()) {
            ring.skipTo(frameEnd);
            return;
        }
        ring.skipTo(frameEnd - frame.length); // frames the capture never delivered read as silence
        ring.write(frame, 0, frame.length);
        boolean speech = vad.isSpeech(frame);
        found.clear();
        if (deaf()) detection.restartAt(index + 1); // nothing of our own sound is heard, not even as context later
        else detection.offer(frame, index, speech, foundSink);
        if (state instanceof GateState.Streaming) stream(frame, vad.voiced());
        else leaveCooldownIfOver();
        for (Detection d : found) onDetection(d);
    }

    /** Whether the detector is deaf now: wakegate is playing sound, or just finished. */
    private boolean deaf() {
        return playing || frameEnd <= deafUntil;
    }

    /** wakegate started or stopped playing a reply or a cue. */
    public void onPlayback(boolean nowPlaying) {
        playing = nowPlaying;
        if (!nowPlaying) deafUntil = frameEnd + deafAfterPlaySamples;
    }

    /** Advances audio time while no audio is accepted (muted, paused, error), so events keep true times. */
    public void onSkippedFrame(long index) {
        frameEnd = (index + 1) * Pcm.FRAME_SAMPLES;
        ring.skipTo(frameEnd);
    }

    private void onDetection(Detection d) {
        if (!(state instanceof GateState.Listening)) return; // one session at a time; cooldown ignores detections
        moveTo(new GateState.Candidate(d));
        emit(new GateEvent.Detected(seconds(), d.word(), d.score(), d.startSeconds(), d.endSeconds()));
        Verdict verdict = confirm(d);
        if (!verdict.confirmed()) {
            emit(new GateEvent.Rejected(seconds(), d.word(), confirmer.name(), verdict.score(), verdict.reason()));
            log.info("rejected: word={} detector={} {}", d.word(), fmt(d.score()), verdict.reason());
            moveTo(new GateState.Listening());
            return;
        }
        emit(new GateEvent.Confirmed(seconds(), d.word(), confirmer.name(), verdict.score(), verdict.reason()));
        moveTo(new GateState.Confirmed(d, verdict));
        openSession(d, verdict);
    }

    private Verdict confirm(Detection d) {
        var candidate = Candidate.around(d, ring);
        if (candidate.audio().length == 0) return Verdict.reject(0, "the candidate's audio is no longer buffered");
        try {
            return confirmer.confirm(candidate);
        } catch (RuntimeException e) {
            log.warn("confirmer {} failed, rejecting: {}", confirmer.name(), e.toString());
            return Verdict.reject(0, "confirmer failed: " + e.getClass().getSimpleName());
        } finally {
            java.util.Arrays.fill(candidate.audio(), (short) 0);
        }
    }

    // ---------------------------------------------------------------- sessions

    private void openSession(Detection d, Verdict verdict) {
        long id = nextSessionId++;
        long first = settings.sendWakeWord() ? d.startSample() : d.endSample() + Pcm.samples(WAKE_END_GUARD_SECONDS);
        first = Math.max(first, ring.start());
        try {
            hardware.streamLed().set(true); // the interlock: on, and read back on, before the first byte
            emit(new GateEvent.Led(seconds(), "stream", true));
        } catch (LedException e) {
            log.error("stream LED failed, refusing to stream: {}", e.getMessage());
            emit(new GateEvent.Error(seconds(), "stream LED: " + e.getMessage() + "; session refused"));
            audit(d, verdict, 0, 0, "", "refused", "stream LED failed");
            turnStreamLedOff();
            enterCooldown();
            return;
        }
        var request = new SessionRequest(id, d.word(), d.score(), verdict.score(), Pcm.seconds(first));
        var s = new ActiveSession(id, d, verdict, first);
        session = s;
        s.handle = uplink.open(request, outcome -> controls.accept(new Control.SessionEnded(outcome)));
        liveHandle = s.handle;
        moveTo(new GateState.Streaming(id, d, first));
        emit(new GateEvent.StreamStarted(seconds(), id, d.word(), Pcm.seconds(first), uplink.destination()));
        log.info("streaming: session={} word={} detector={} confirm={} from t={}", id, d.word(), fmt(d.score()), fmt(verdict.score()),
                fmt(Pcm.seconds(first)));
        sendBacklog(s);
    }

    /** The audio between the wake word's end and now, from the ring: no command word is lost to latency. */
    private void sendBacklog(ActiveSession s) {
        long to = Math.min(ring.end(), s.firstSample + maxSessionSamples);
        s.lastVoicedSample = Math.max(s.firstSample, s.detection.endSample());
        if (to <= s.firstSample) return;
        short[] backlog = new short[(int) (to - s.firstSample)];
        ring.read(s.firstSample, to, backlog, 0);
        s.handle.send(backlog, 0, backlog.length);
        s.samplesSent += backlog.length;
        java.util.Arrays.fill(backlog, (short) 0);
    }

    private void stream(short[] frame, boolean voiced) {
        var s = session;
        if (s == null || s.finished) return;
        long remaining = maxSessionSamples - s.samplesSent;
        int n = (int) Math.min(frame.length, Math.max(0, remaining));
        if (n > 0) {
            s.handle.send(frame, 0, n);
            s.samplesSent += n;
        }
        if (voiced) s.lastVoicedSample = frameEnd;
        if (s.samplesSent >= maxSessionSamples) stopStreaming("max-session");
        else if (frameEnd - s.lastVoicedSample >= endSilenceSamples) stopStreaming("end-of-utterance");
    }

    /** Stops sending (normally): the uplink finishes and reports; refractory starts; the ring is wiped. */
    private void stopStreaming(String reason) {
        var s = session;
        s.end(reason);
        s.handle.finish();
        enterCooldown();
    }

    /** The uplink's outcome arrived: the stream LED goes off, the audit log gets the entry. */
    public void onSessionEnded(SessionOutcome outcome) {
        var s = session;
        if (s == null || s.id != outcome.sessionId()) {
            log.warn("outcome for unknown session {}", outcome.sessionId());
            return;
        }
        session = null;
        liveHandle = null;
        turnStreamLedOff();
        if (!s.finished) { // the uplink ended it (error, remote end, or the switch on its thread) while we were still sending
            s.end(abortedByHardware == s.handle ? "muted" : "uplink");
            if (state instanceof GateState.Streaming) enterCooldown();
            else ring.wipe();
        }
        String result = outcomeLabel(outcome.status());
        double secondsSent = outcome.bytesSent() / (double) (Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE);
        emit(new GateEvent.StreamEnded(seconds(), s.id, s.detection.word(), outcome.bytesSent(), secondsSent, s.endReason, result,
                outcome.detail(), outcome.reply()));
        if (outcome.reply() != null && !outcome.reply().isBlank())
            log.info("session {} reply ({} chars): {}", s.id, outcome.reply().length(), PeerText.oneLine(outcome.reply(), 200));
        log.info("session {} ended: {} ({}), {} bytes sent", s.id, result, outcome.detail(), outcome.bytesSent());
        audit(s.detection, s.verdict, secondsSent, outcome.bytesSent(), uplink.destination(), result, outcome.detail());
        leaveCooldownIfOver();
    }

    /** Refractory after a session (or a refused one): the ring is wiped and detections are ignored for a while. */
    private void enterCooldown() {
        ring.wipe();
        moveTo(new GateState.Cooldown(frameEnd + refractorySamples));
    }

    /** Back to listening once the refractory time is over and the last session's outcome is in. */
    private void leaveCooldownIfOver() {
        if (state instanceof GateState.Cooldown c && frameEnd >= c.untilSample() && session == null) moveTo(new GateState.Listening());
    }

    private void abortSession(String reason) {
        var s = session;
        if (s == null) return;
        s.handle.abort(reason);
        if (!s.finished) s.end(reason);
    }

    /** Stops everything heard so far: any session aborted, the ring wiped, the detector restarted at the current frame. */
    private void silence(String reason) {
        abortSession(reason);
        ring.wipe();
        detection.restartAt(currentFrame());
    }

    // ---------------------------------------------------------------- mute, pause, errors

    /**
     * Called on the hardware thread the moment the switch is muted, before the pipeline applies the mute:
     * stops any session's sending at once. Thread-safe; the only method not confined to the pipeline thread.
     */
    public void hardwareMuteNow() {
        var h = liveHandle;
        if (h != null) {
            abortedByHardware = h;
            h.abort("muted");
        }
    }

    /** The switch changed. Muting wins immediately; unmuting only ever comes from here. */
    public void onMute(boolean muted) {
        if (muted == hardwareMuted) return;
        hardwareMuted = muted;
        if (muted) {
            silence("muted");
            setLed(hardware.muteLed(), "mute", true);
            emit(new GateEvent.Muted(seconds()));
            log.info("muted by the switch");
            moveTo(new GateState.Muted());
        } else {
            detection.restartAt(currentFrame()); // the muted span (zeros) is never replayed as context
            setLed(hardware.muteLed(), "mute", false);
            emit(new GateEvent.Unmuted(seconds()));
            log.info("unmuted by the switch");
            if (state instanceof GateState.Muted) moveTo(restingState());
        }
    }

    /**
     * A software pause or resume by {@code by}. Pauses are held per source: a resume lifts only that source's pause
     * (the server resuming never ends the owner's pause from the control socket), and never a hardware mute or an error.
     */
    public void onPause(boolean pause, String by) {
        if (pause ? !pausedBy.add(by) : !pausedBy.remove(by)) return;
        if (pause) {
            if (pausedBy.size() == 1) silence("paused");
            emit(new GateEvent.Paused(seconds(), by));
            if (!(state instanceof GateState.Muted || state instanceof GateState.Error)) moveTo(new GateState.Paused());
        } else {
            emit(new GateEvent.Resumed(seconds(), by, List.copyOf(pausedBy)));
            if (pausedBy.isEmpty() && state instanceof GateState.Paused) moveTo(new GateState.Listening());
        }
    }

    public boolean hardwareMuted() {
        return hardwareMuted;
    }

    public void onCaptureFailed(String reason) {
        if (state instanceof GateState.Error) return;
        silence("error");
        emit(new GateEvent.Error(seconds(), reason));
        log.warn("capture failed: {}", reason);
        if (!(state instanceof GateState.Muted)) moveTo(new GateState.Error(reason));
    }

    public void onCaptureRestored(String detail) {
        if (!(state instanceof GateState.Error)) return;
        emit(new GateEvent.Recovered(seconds(), detail));
        log.info("capture restored: {}", detail);
        setLed(hardware.muteLed(), "mute", hardwareMuted);
        moveTo(restingState());
    }

    /** Where the gate rests when nothing else holds it: the switch first, then any software pause. */
    private GateState restingState() {
        return hardwareMuted ? new GateState.Muted() : pausedBy.isEmpty() ? new GateState.Listening() : new GateState.Paused();
    }

    /** Called by the pipeline when idle: blinks the mute LED while in ERROR. */
    public void tick(long nanoTime) {
        if (!(state instanceof GateState.Error) || nanoTime - lastBlink < BLINK_NANOS) return;
        lastBlink = nanoTime;
        blinkOn = !blinkOn;
        try {
            hardware.muteLed().set(blinkOn);
        } catch (LedException e) {
            log.debug("mute LED blink failed: {}", e.getMessage());
        }
    }

    /** The input ended while streaming: finish the session normally (its outcome is still awaited). */
    public void endOfInput() {
        if (state instanceof GateState.Streaming) stopStreaming("end-of-input");
    }

    /**
     * Ends everything: any session is aborted and the ring wiped. The stream LED goes off now, or, if a session was
     * open, when its uplink reports that it stopped sending (see {@link #closeUnreportedSession()} if it never does).
     */
    public void shutdown() {
        abortSession("shutdown");
        ring.wipe();
        if (session == null) turnStreamLedOff();
    }

    /**
     * At exit, a session whose uplink never reported its outcome is still reported and audited: as aborted, with the
     * bytes handed to the uplink (an upper bound of what left the device), so the audit log misses no upload.
     */
    public void closeUnreportedSession() {
        var s = session;
        if (s == null) return;
        log.warn("session {}: the uplink reported no outcome before exit", s.id);
        onSessionEnded(new SessionOutcome(s.id, SessionOutcome.Status.ABORTED, s.samplesSent * Pcm.BYTES_PER_SAMPLE,
                "no outcome from the uplink before exit; bytes = audio handed to it", null));
    }

    // ---------------------------------------------------------------- helpers

    private void turnStreamLedOff() {
        setLed(hardware.streamLed(), "stream", false);
    }

    private void setLed(Led led, String name, boolean on) {
        try {
            led.set(on);
        } catch (LedException e) {
            log.error("{} LED: {}", name, e.getMessage());
            emit(new GateEvent.Error(seconds(), name + " LED: " + e.getMessage()));
            return;
        }
        emit(new GateEvent.Led(seconds(), name, on));
    }

    private void audit(Detection d, Verdict v, double secondsSent, long bytes, String destination, String outcome, String detail) {
        audit.append(new AuditEntry(clock.instant(), Pcm.seconds(d.atSample()), d.word(), d.score(), confirmer.name(), v.score(),
                secondsSent, bytes, destination, outcome, detail));
    }

    private void moveTo(GateState next) {
        if (next.label().equals(state.label())) {
            state = next;
            return;
        }
        GateState previous = state;
        state = next;
        emit(new GateEvent.StateChanged(seconds(), previous.label(), next.label()));
        log.debug("state {} -> {}", previous.label(), next.label());
    }

    private void emit(GateEvent e) {
        events.accept(e);
    }

    private double seconds() {
        return Pcm.seconds(frameEnd);
    }

    /** The current frame's end as a frame index (the next frame's index): where the detector restarts. */
    private long currentFrame() {
        return frameEnd / Pcm.FRAME_SAMPLES;
    }

    private static String outcomeLabel(SessionOutcome.Status s) {
        return switch (s) {
            case OK -> "ok";
            case FAILED -> "failed";
            case ABORTED -> "aborted";
            case NO_SERVER -> "no-server";
        };
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }


    /** A session from open to outcome. */
    private static final class ActiveSession {
        final long id;
        final Detection detection;
        final Verdict verdict;
        final long firstSample;
        Uplink.Session handle;
        long samplesSent;
        long lastVoicedSample;
        boolean finished;
        String endReason = "";

        ActiveSession(long id, Detection detection, Verdict verdict, long firstSample) {
            this.id = id;
            this.detection = detection;
            this.verdict = verdict;
            this.firstSample = firstSample;
        }

        void end(String reason) {
            finished = true;
            endReason = reason;
        }
    }
}
