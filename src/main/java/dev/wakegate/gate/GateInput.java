package dev.wakegate.gate;

import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;

/** What moves the gate from one {@link GateState} to the next (see {@link GateState#next}). Values only. */
public sealed interface GateInput {
    /** The detector found a wake word. */
    record Detected(Detection detection) implements GateInput {}

    /** The confirmer's verdict on the candidate. */
    record Judged(Verdict verdict) implements GateInput {}

    /** The uplink of session {@code session} is connected and the stream LED is on: audio leaves. */
    record StreamOpened(long session) implements GateInput {}

    /** Sending stopped (or never started: the LED interlock refused): refractory until {@code cooldownUntil}. */
    record StreamClosed(long cooldownUntil) implements GateInput {}

    /** Audio time moved on to {@code frameEnd}; {@code outcomePending} while a session's outcome is still awaited. */
    record TimePassed(long frameEnd, boolean outcomePending) implements GateInput {}

    /** The switch, a pause or a capture error changed. */
    record HoldsChanged(Holds holds) implements GateInput {}

    /** What holds the gate still, whatever else happens: the hardware switch, a capture error (its reason), a software pause. */
    record Holds(boolean muted, String error, boolean paused) {
        public boolean any() {
            return muted || error != null || paused;
        }

        /** The held state these give: the switch first, then an error, then a pause. */
        GateState state() {
            return muted ? new GateState.Muted() : error != null ? new GateState.Error(error) : new GateState.Paused();
        }
    }
}
