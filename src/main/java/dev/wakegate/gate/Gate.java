package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.FrontEnd;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.hw.Hardware;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.TimerChange;
import dev.wakegate.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final Changes changes;
    private final Consumer<GateEvent> events;
    private final long refractorySamples;

    private GateState state = new GateState.Listening();
    private final Holds holds = new Holds();

    /** @param controls where the uplink's outcomes are posted, for the pipeline thread to hand back to {@link #onSessionEnded} */
    public Gate(FrontEnd ear, Confirmer confirmer, Uplink uplink, Hardware hardware, AuditLog audit, GateSettings settings,
                Consumer<GateEvent> events, Consumer<Control> controls) {
        if (confirmer == null) throw new IllegalArgumentException("the gate never streams without a confirmation stage");
        this.ear = ear;
        this.confirmer = confirmer;
        this.changes = new Changes(audit, events);
        this.events = events;
        this.leds = new Indicators(hardware, events, ear::frameEnd);
        this.streamer = new Streamer(ear.ring(), ear::frameEnd, uplink, leds, audit, settings, events, controls);
        this.refractorySamples = Pcm.samples(settings.refractorySeconds());
    }

    public GateState state() {
        return state;
    }

    /** The session, for the pipeline to wait on: whether one is open, its backlog, how long its uplink is stuck. */
    Streamer session() {
        return streamer;
    }

    /** Whether audio is accepted now; the pipeline drops frames otherwise (capture stops). */
    public boolean acceptsAudio() {
        return state.acceptsAudio();
    }

    public boolean hardwareMuted() {
        return holds.muted();
    }

    /** Reads the switch before the first sample is accepted, and puts the LEDs in a known state. */
    public void start(boolean mutedAtStart) {
        holds.mute(mutedAtStart);
        leds.streamOff();
        leds.showMute(mutedAtStart);
        if (mutedAtStart) {
            events.accept(new GateEvent.Muted(seconds()));
            apply(holds.input());
        }
    }

    /** One 10 ms frame at absolute frame index {@code index}; the caller only passes frames while {@link #acceptsAudio()}. */
    public void onFrame(short[] frame, long index) {
        if (!state.acceptsAudio()) {
            onSkippedFrame(index);
            return;
        }
        ear.hear(frame, index);
        if (sessionSending()) {
            String stop = streamer.stream(frame, ear.voiced(), ear.levelDb());
            if (stop != null) enterCooldown();
        } else {
            timePassed();
        }
        for (int i = 0; i < ear.found(); i++) onDetection(i);
    }

    /** Advances audio time while no audio is accepted (muted, paused, error), so events keep true times. */
    public void onSkippedFrame(long index) {
        ear.skip(index);
    }

    /** A new Home Assistant was paired: who may now receive audio changed, so it is an event and an audit line. */
    public void onPaired(String address, String openedBy) {
        changes.paired(seconds(), address, openedBy);
    }

    /** One of the remote side's timers changed: an event (the status board keeps the list). */
    public void onTimer(TimerChange change) {
        events.accept(new GateEvent.Timer(seconds(), change));
    }

    /** wakegate started or stopped playing a reply or a cue: the detector must not hear it. */
    public void onPlayback(boolean nowPlaying) {
        ear.playback(nowPlaying);
    }

    /** Detection {@code i} of the frame just heard. */
    private void onDetection(int i) {
        if (!(state instanceof GateState.Listening)) return; // one session at a time; cooldown ignores detections
        Detection d = ear.found(i);
        apply(new GateInput.Detected(d));
        events.accept(new GateEvent.Detected(seconds(), d.word(), d.score(), d.startSeconds(), d.endSeconds(), d.voice()));
        Verdict verdict = Confirmers.judgeAround(confirmer, d, ear.ring());
        if (verdict.confirmed()) events.accept(new GateEvent.Confirmed(seconds(), d.word(), confirmer.name(), verdict.score(), verdict.reason()));
        else {
            events.accept(new GateEvent.Rejected(seconds(), d.word(), confirmer.name(), verdict.score(), verdict.reason()));
            log.info("rejected: word={} detector={} {}", d.word(), Streamer.fmt(d.score()), verdict.reason());
            ear.refused(i);
        }
        apply(new GateInput.Judged(verdict));
        if (verdict.confirmed()) {
            streamer.interruptUplink("the wake word");
            streamer.open(d, verdict, confirmer.name()); // held in memory until the uplink is ready
        }
    }

    /** Whether the gate hands frames to a session: from the confirmation (held while connecting) to the command's end. */
    private boolean sessionSending() {
        return state instanceof GateState.Confirmed || state instanceof GateState.Streaming;
    }

    /** The uplink of session {@code id} is connected: the LED interlock, then the audio may leave. */
    public void onSessionReady(long id, String peer) {
        if (!streamer.ready(id, peer)) {
            if (sessionSending()) enterCooldown();
            return;
        }
        apply(new GateInput.StreamOpened(id));
    }

    /** The far end heard the end of the command: the stream ends here, as at the end of the utterance. */
    public void onSessionStoppedByServer(long id, String why) {
        if (!streamer.sending(id)) return;
        log.info("session {}: the server ended the stream ({})", id, why);
        endStream("server-end");
    }

    /** Nothing more of session {@code id} can leave: the stream LED goes off (the answer may still come). */
    public void onSessionDrained(long id) {
        streamer.drained(id);
    }

    /** The uplink's outcome arrived: the stream LED goes off, the audit log gets the entry. */
    public void onSessionEnded(SessionOutcome outcome) {
        if (!streamer.awaits(outcome)) return;
        if (streamer.ended()) { // the uplink ended it (error, remote end, or the switch on its thread) while we were still sending
            if (sessionSending()) enterCooldown();
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
        if (!holds.mute(muted)) return;
        streamer.interruptUplink("the mute switch");
        if (muted) silence("muted");
        leds.showMute(muted);
        events.accept(muted ? new GateEvent.Muted(seconds()) : new GateEvent.Unmuted(seconds()));
        log.info(muted ? "muted by the switch" : "unmuted by the switch");
        apply(holds.input());
    }

    /**
     * A software pause or resume by {@code by}. Pauses are held per source: a resume lifts only that source's pause
     * (the server resuming never ends the owner's pause from the control socket), and never a hardware mute or an error.
     */
    public void onPause(boolean pause, String by, String requester) {
        if (!holds.pause(by, pause)) return;
        if (pause && holds.pausedBy().size() == 1) silence("paused");
        changes.paused(seconds(), pause, by, requester, holds.pausedBy());
        apply(holds.input());
    }

    public void onCaptureFailed(String reason) {
        if (!holds.fail(reason)) return;
        silence("error");
        events.accept(new GateEvent.Error(seconds(), reason));
        log.warn("capture failed: {}", reason);
        apply(holds.input());
    }

    public void onCaptureRestored(String detail) {
        if (!holds.restore()) return;
        events.accept(new GateEvent.Recovered(seconds(), detail));
        log.info("capture restored: {}", detail);
        leds.showMute(holds.muted());
        apply(holds.input());
    }

    /** A live change of a word's sensitivity (from the control socket): applied to the detector, announced and audited. */
    public void onSensitivity(String word, Sensitivity value, String by) {
        Sensitivity was = ear.setSensitivity(word, value);
        if (was == null) return; // no such word (the control socket refuses those)
        changes.sensitivity(seconds(), word, was, value, by);
    }

    /** Called by the pipeline when idle: blinks the mute LED while in ERROR. */
    public void tick(long nanoTime) {
        if (state instanceof GateState.Error) leds.blink(nanoTime);
    }

    /**
     * The input ended: the words still waiting for their after-margin are judged on what the input had, and a
     * session that is sending ends normally (its outcome is still awaited).
     */
    public void endOfInput() {
        while (state.acceptsAudio() && ear.handOnWaiting())
            for (int i = 0; i < ear.found(); i++) onDetection(i);
        endStream("end-of-input");
    }

    /** Ends the stream of a sending session normally: the uplink finishes it, and the refractory time starts. */
    private void endStream(String reason) {
        if (!sessionSending()) return;
        streamer.finish(reason);
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
        // what was not heard (muted, paused, failing) reads as silence in the ring, and silence given to a detector as the
        // context of the next word ruins its noise estimate: it hears again from here
        if (state.acceptsAudio() && !previous.acceptsAudio()) ear.restart();
        if (previous.label().equals(state.label())) return;
        events.accept(new GateEvent.StateChanged(seconds(), previous.label(), state.label()));
        log.debug("state {} -> {}", previous.label(), state.label());
    }

    private double seconds() {
        return Pcm.seconds(ear.frameEnd());
    }
}
