package dev.wakegate.gate;

import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;

/**
 * Where the gate is. Only {@link Confirmed} may open the uplink, and only {@link Streaming} sends audio;
 * {@link Muted} and {@link Error} are reachable from every state.
 */
public sealed interface GateState {
    /** Nothing leaves; the detector listens. */
    record Listening() implements GateState {}

    /** The detector fired; the confirmer is re-checking the buffered audio. */
    record Candidate(Detection detection) implements GateState {}

    /** Both stages agreed; the stream LED is being set and the uplink opened. */
    record Confirmed(Detection detection, Verdict verdict) implements GateState {}

    /** Audio from the end of the wake word is leaving the device. */
    record Streaming(long session, Detection detection, long firstSample) implements GateState {}

    /** After a session: refractory until {@code untilSample}; nothing is sent. */
    record Cooldown(long untilSample) implements GateState {}

    /** The hardware switch is on: no audio is accepted, the ring is wiped. Only the switch ends it. */
    record Muted() implements GateState {}

    /** A software pause (Home Assistant, the control socket): like a mute, but it never overrides the switch. */
    record Paused() implements GateState {}

    /** Capture failed; retrying. No audio is accepted. */
    record Error(String reason) implements GateState {}

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

    /** Whether captured audio is accepted into the ring at all. */
    default boolean acceptsAudio() {
        return !(this instanceof Muted || this instanceof Paused || this instanceof Error);
    }
}
