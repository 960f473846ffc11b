package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditChange;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.FrontEnd;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.hw.Hardware;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The only code that decides "stream". Fed frame by frame on the pipeline thread: the {@link FrontEnd} hears the
 * frame (ring, VAD, detector); a detection becomes a candidate, the confirmer re-checks the buffered audio, and only
 * a confirmed candidate may open a session, which the {@link Streamer} runs. The states and their transitions are
 * {@link GateState#next}; this class applies them and does the work around them. The hardware mute wins over
 * everything: it aborts any session and wipes the ring, and only the switch ends it.
 */
public final class Gate {
    private static final Logger log = LoggerFactory.getLogger(Gate.class);

    private final FrontEnd ear;
    private final Confirmer confirmer;
    private final Streamer streamer;
    private final Indicators leds;
    private final AuditLog audit;
    private final Consumer<GateEvent> events;
    private final long refractorySamples;

    private GateState state = new GateState.Listening();
    private boolean hardwareMuted;
    private String captureError;
    /** Who holds a software pause ("server", "control socket"): PAUSED while anyone does; each lifts only its own. */
    private final Set<String> pausedBy = new LinkedHashSet<>();

    /** @param controls where the uplink's outcomes are posted, for the pipeline thread to hand back to {@link #onSessionEnded} */
    public Gate(FrontEnd ear, Confirmer confirmer, Uplink uplink, Hardware hardware, AuditLog audit, GateSettings settings,
                Consumer<GateEvent> events, Consumer<Control> controls) {
        if (confirmer == null) throw new IllegalArgumentException("the gate never streams without a confirmation stage");
        this.ear = ear;
        this.confirmer = confirmer;
        this.audit = audit;
        this.events = events;
        this.leds = new Indicators(hardware, events, ear::frameEnd);
        this.streamer = new Streamer(ear.ring(), ear::frameEnd, uplink, leds, audit, settings, events, controls);
        this.refractorySamples = Pcm.samples(settings.refractorySeconds());
    }

    public GateState state() {
        return state;
    }

    /** True while a session's outcome is outstanding (the stream LED is on). */
    public boolean sessionOpen() {
        return streamer.open();
    }

    /** Audio of the open session still waiting for the network (0 when no session is open). */
    public long uplinkBacklog() {
        return streamer.backlog();
    }

    /** Whether audio is accepted now; the pipeline drops frames otherwise (capture stops). */
    public boolean acceptsAudio() {
        return state.acceptsAudio();
    }

    public boolean hardwareMuted() {
        return hardwareMuted;
    }

    /** Reads the switch before the first sample is accepted, and puts the LEDs in a known state. */
    public void start(boolean mutedAtStart) {
        hardwareMuted = mutedAtStart;
        leds.streamOff();
        leds.showMute(mutedAtStart);
        if (mutedAtStart) {
            emit(new GateEvent.Muted(seconds()));
            holdsChanged();
        }
    }

    /** One 10 ms frame at absolute frame index {@code index}; the caller only passes frames while {@link #acceptsAudio()}. */
    public void onFrame(short[] frame, long index) {
        if (!state.acceptsAudio()) {
            onSkippedFrame(index);
            return;
        }
        ear.hear(frame, index);
        if (state instanceof GateState.Streaming) {
            String stop = streamer.stream(frame, ear.voiced());
            if (stop != null) enterCooldown();
        } else {
            timePassed();
        }
        for (int i = 0; i < ear.found(); i++) onDetection(ear.found(i));
    }

    /** Advances audio time while no audio is accepted (muted, paused, error), so events keep true times. */
    public void onSkippedFrame(long index) {
        ear.skip(index);
    }

    /** wakegate started or stopped playing a reply or a cue: the detector must not hear it. */
    public void onPlayback(boolean nowPlaying) {
        ear.playback(nowPlaying);
    }

    private void onDetection(Detection d) {
        if (!(state instanceof GateState.Listening)) return; // one session at a time; cooldown ignores detections
        apply(new GateInput.Detected(d));
        emit(new GateEvent.Detected(seconds(), d.word(), d.score(), d.startSeconds(), d.endSeconds()));
        Verdict verdict = confirm(d);
        if (verdict.confirmed()) emit(new GateEvent.Confirmed(seconds(), d.word(), confirmer.name(), verdict.score(), verdict.reason()));
        else {
            emit(new GateEvent.Rejected(seconds(), d.word(), confirmer.name(), verdict.score(), verdict.reason()));
            log.info("rejected: word={} detector={} {}", d.word(), Streamer.fmt(d.score()), verdict.reason());
        }
        apply(new GateInput.Judged(verdict));
        if (verdict.confirmed()) openSession(d, verdict);
    }

    /** The confirmer's verdict on the buffered audio around {@code d}; a confirmer that fails rejects. */
    private Verdict confirm(Detection d) {
        var heard = HeardWord.around(d, ear.ring());
        if (heard.audio().length == 0) return Verdict.reject(0, "the candidate's audio is no longer buffered");
        try {
            return confirmer.confirm(heard);
        } catch (RuntimeException e) {
            log.warn("confirmer {} failed, rejecting: {}", confirmer.name(), e.toString());
            return Verdict.reject(0, "confirmer failed: " + e.getClass().getSimpleName());
        } finally {
            heard.wipe();
        }
    }

    private void openSession(Detection d, Verdict verdict) {
        long id = streamer.open(d, verdict, confirmer.name());
        if (id == 0) {
            enterCooldown();
            return;
        }
        apply(new GateInput.StreamOpened(id));
        streamer.begin();
    }

    /** The uplink's outcome arrived: the stream LED goes off, the audit log gets the entry. */
    public void onSessionEnded(SessionOutcome outcome) {
        if (!streamer.awaits(outcome)) return;
        if (streamer.ended()) { // the uplink ended it (error, remote end, or the switch on its thread) while we were still sending
            if (state instanceof GateState.Streaming) enterCooldown();
            else ear.ring().wipe();
        }
        streamer.report(outcome);
        timePassed();
    }

    /** Refractory after a session (or a refused one): the ring is wiped and detections are ignored for a while. */
    private void enterCooldown() {
        ear.ring().wipe();
        apply(new GateInput.StreamClosed(ear.frameEnd() + refractorySamples));
    }

    /** Only a cooldown waits for time: no input is made for the other states (nothing allocated per frame). */
    private void timePassed() {
        if (state instanceof GateState.Cooldown) apply(new GateInput.TimePassed(ear.frameEnd(), streamer.open()));
    }

    /** Stops everything heard so far: any session aborted, the ring wiped, the detector restarted at the current frame. */
    private void silence(String reason) {
        streamer.abort(reason);
        ear.forget();
    }

    /**
     * Called on the hardware thread the moment the switch is muted, before the pipeline applies the mute: stops any
     * session's sending at once. Thread-safe; the only method not confined to the pipeline thread.
     */
    public void hardwareMuteNow() {
        streamer.abortNow();
    }

    /** The switch changed. Muting wins immediately; unmuting only ever comes from here. */
    public void onMute(boolean muted) {
        if (muted == hardwareMuted) return;
        hardwareMuted = muted;
        if (muted) silence("muted");
        else ear.restart(); // the muted span (zeros) is never replayed as context
        leds.showMute(muted);
        emit(muted ? new GateEvent.Muted(seconds()) : new GateEvent.Unmuted(seconds()));
        log.info(muted ? "muted by the switch" : "unmuted by the switch");
        holdsChanged();
    }

    /**
     * A software pause or resume by {@code by}. Pauses are held per source: a resume lifts only that source's pause
     * (the server resuming never ends the owner's pause from the control socket), and never a hardware mute or an error.
     */
    public void onPause(boolean pause, String by) {
        if (pause ? !pausedBy.add(by) : !pausedBy.remove(by)) return;
        if (pause && pausedBy.size() == 1) silence("paused");
        emit(pause ? new GateEvent.Paused(seconds(), by) : new GateEvent.Resumed(seconds(), by, List.copyOf(pausedBy)));
        holdsChanged();
    }

    public void onCaptureFailed(String reason) {
        if (captureError != null) return;
        silence("error");
        emit(new GateEvent.Error(seconds(), reason));
        log.warn("capture failed: {}", reason);
        captureError = reason;
        holdsChanged();
    }

    public void onCaptureRestored(String detail) {
        if (captureError == null) return;
        captureError = null;
        emit(new GateEvent.Recovered(seconds(), detail));
        log.info("capture restored: {}", detail);
        leds.showMute(hardwareMuted);
        holdsChanged();
    }

    /** A live change of a word's sensitivity (from the control socket): applied to the detector, announced and audited. */
    public void onSensitivity(String word, Sensitivity value, String by) {
        Sensitivity was = ear.sensitivity(word);
        if (was == null) {
            log.warn("sensitivity for unknown wake word '{}' ignored", word);
            return;
        }
        ear.setSensitivity(word, value);
        emit(new GateEvent.SensitivityChanged(seconds(), word, was.value(), value.value(), by));
        log.info("sensitivity of '{}' {} -> {} by {}", word, was, value, by);
        audit.append(new AuditChange(audit.now(), seconds(), "sensitivity " + word + " " + was + " -> " + value, by));
    }

    /** Called by the pipeline when idle: blinks the mute LED while in ERROR. */
    public void tick(long nanoTime) {
        if (state instanceof GateState.Error) leds.blink(nanoTime);
    }

    private void holdsChanged() {
        apply(new GateInput.HoldsChanged(new GateInput.Holds(hardwareMuted, captureError, !pausedBy.isEmpty())));
    }

    /** The input ended while streaming: finish the session normally (its outcome is still awaited). */
    public void endOfInput() {
        if (!(state instanceof GateState.Streaming)) return;
        streamer.finish("end-of-input");
        enterCooldown();
    }

    /**
     * Ends everything: any session is aborted and the ring wiped. The stream LED goes off now, or, if a session was
     * open, when its uplink reports that it stopped sending (see {@link #closeUnreportedSession()} if it never does).
     */
    public void shutdown() {
        streamer.abort("shutdown");
        ear.ring().wipe();
        if (!streamer.open()) leds.streamOff();
    }

    /**
     * At exit, a session whose uplink never reported its outcome is still reported and audited: as aborted, with the
     * bytes handed to the uplink (an upper bound of what left the device), so the audit log misses no upload.
     */
    public void closeUnreportedSession() {
        var outcome = streamer.unreported();
        if (outcome != null) onSessionEnded(outcome);
    }

    private void apply(GateInput input) {
        GateState previous = state;
        state = GateState.next(state, input);
        if (previous.label().equals(state.label())) return;
        emit(new GateEvent.StateChanged(seconds(), previous.label(), state.label()));
        log.debug("state {} -> {}", previous.label(), state.label());
    }

    private void emit(GateEvent e) {
        events.accept(e);
    }

    private double seconds() {
        return Pcm.seconds(ear.frameEnd());
    }
}
