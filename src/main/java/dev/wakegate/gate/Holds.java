package dev.wakegate.gate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What holds the gate still, whatever else happens: the hardware switch, a capture error, and software pauses by
 * source ("server", "control socket"), each of which lifts only its own. Confined to the pipeline thread.
 */
final class Holds {
    private boolean muted;
    private String error;
    private final Set<String> pausedBy = new LinkedHashSet<>();

    boolean muted() {
        return muted;
    }

    /** Returns whether this changed anything. */
    boolean mute(boolean now) {
        boolean changed = muted != now;
        muted = now;
        return changed;
    }

    /** {@code by} pauses or resumes; returns whether this changed anything. */
    boolean pause(String by, boolean pause) {
        return pause ? pausedBy.add(by) : pausedBy.remove(by);
    }

    /** Who holds a pause now, in the order they paused. */
    List<String> pausedBy() {
        return List.copyOf(pausedBy);
    }

    /** Capture failed; returns false if it already was failing. */
    boolean fail(String reason) {
        if (error != null) return false;
        error = reason;
        return true;
    }

    /** Capture is back; returns false if it was not failing. */
    boolean restore() {
        if (error == null) return false;
        error = null;
        return true;
    }

    /** The input for the state machine: what holds now. */
    GateInput.HoldsChanged input() {
        return new GateInput.HoldsChanged(new GateInput.Holds(muted, error, !pausedBy.isEmpty()));
    }
}
