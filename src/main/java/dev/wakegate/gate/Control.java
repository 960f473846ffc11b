package dev.wakegate.gate;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.uplink.SessionOutcome;

/**
 * Inputs to the gate that come from other threads (the mute switch, the uplink, capture, the control socket).
 * They are queued and applied by the pipeline thread between frames, so only that thread changes gate state.
 */
public sealed interface Control {
    record MuteChanged(boolean muted) implements Control {}

    record PauseChanged(boolean paused, String by) implements Control {}

    record SessionEnded(SessionOutcome outcome) implements Control {}

    record CaptureFailed(String reason) implements Control {}

    record CaptureRestored(String detail) implements Control {}

    /** {@code by} (the control socket) sets {@code word}'s sensitivity while running. */
    record SetSensitivity(String word, Sensitivity sensitivity, String by) implements Control {}

    /** wakegate started or finished playing sound (a reply, a cue): the detector must not hear itself. */
    record Playback(boolean playing) implements Control {}

    record Stop() implements Control {}
}
