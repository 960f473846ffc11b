package dev.wakegate.gate;

import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;

/**
 * Where the gate is. Only {@link Confirmed} may open the uplink, and only {@link Streaming} sends audio;
 * {@link Muted}, {@link Paused} and {@link Error} (the held states) are reachable from every state.
 * {@link #next} is the whole state machine, pure: the {@link Gate} applies it and does the I/O around it.
 */
public sealed interface GateState {
    /** Nothing leaves; the detector listens. */
    record Listening() implements GateState {}

    /** The detector fired; the confirmer is re-checking the buffered audio. */
    record Candidate(Detection detection) implements GateState {}

    /** Both stages agreed; the uplink is connecting, and the command is held in memory meanwhile: nothing leaves yet. */
    record Confirmed(Detection detection, Verdict verdict) implements GateState {}

    /** The stream LED is on (read back on): audio from the end of the wake word is leaving in session {@code session}. */
    record Streaming(long session) implements GateState {}

    /** After a session: refractory until {@code untilSample}, and until the session's outcome is in; nothing is sent. */
    record Cooldown(long untilSample) implements GateState {}

    /** The hardware switch is on: no audio is accepted, the ring is wiped. Only the switch ends it. */
    record Muted() implements GateState {}

    /** A software pause (Home Assistant, the control socket): like a mute, but it never overrides the switch. */
    record Paused() implements GateState {}

    /** Capture failed; retrying. No audio is accepted. */
    record Error(String reason) implements GateState {}

    /**
     * The state after {@code input}. Holds (switch, error, pauses) win over everything, in that order; the rest is
     * the path of one wake word: Listening → Candidate → Confirmed → Streaming → Cooldown → Listening. An input that
     * does not apply to the state leaves it as it is.
     */
    static GateState next(GateState state, GateInput input) {
        return switch (input) {
            case GateInput.HoldsChanged h -> h.holds().any() ? h.holds().state() : state.held() ? new Listening() : state;
            case GateInput.Detected d -> state instanceof Listening ? new Candidate(d.detection()) : state;
            case GateInput.Judged j -> !(state instanceof Candidate c) ? state
                    : j.verdict().confirmed() ? new Confirmed(c.detection(), j.verdict()) : new Listening();
            case GateInput.StreamOpened o -> state instanceof Confirmed ? new Streaming(o.session()) : state;
            case GateInput.StreamClosed c -> state instanceof Confirmed || state instanceof Streaming ? new Cooldown(c.cooldownUntil()) : state;
            case GateInput.TimePassed t -> state instanceof Cooldown c && t.frameEnd() >= c.untilSample() && !t.outcomePending()
                    ? new Listening() : state;
        };
    }

    /** The name used in events and logs. */
    default String label() {
        return switch (this) {
            case Listening l -> "LISTENING";
            case Candidate c -> "CANDIDATE";
            case Confirmed c -> "CONFIRMED";
            case Streaming s -> "STREAMING";
            case Cooldown c -> "COOLDOWN";
            case Muted m -> "MUTED";
            case Paused p -> "PAUSED";
            case Error e -> "ERROR";
        };
    }

    /** Held by the switch, a pause or a capture error: no audio is accepted into the ring at all. */
    default boolean held() {
        return this instanceof Muted || this instanceof Paused || this instanceof Error;
    }

    /** Whether captured audio is accepted into the ring at all. */
    default boolean acceptsAudio() {
        return !held();
    }
}
