package dev.wakegate.gate;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.TimerChange;

/**
 * Inputs to the gate that come from other threads (the mute switch, the uplink, capture, the control socket).
 * They are queued and applied by the pipeline thread between frames, so only that thread changes gate state.
 */
public sealed interface Control {
    record MuteChanged(boolean muted) implements Control {}

    /** {@code by} ("server", "control socket") pauses or resumes; {@code requester} is who asked, for the audit log (or null). */
    record PauseChanged(boolean paused, String by, String requester) implements Control {}

    /** The uplink of session {@code session} is connected to {@code peer}: the LED may go on, then the audio out. */
    record SessionReady(long session, String peer) implements Control {}

    /** The far end ended session {@code session}'s stream (it heard the end of speech, or answered). */
    record SessionStoppedByServer(long session, String why) implements Control {}

    /** Nothing more of session {@code session} can leave the host. */
    record SessionDrained(long session) implements Control {}

    record SessionEnded(SessionOutcome outcome) implements Control {}

    record CaptureFailed(String reason) implements Control {}

    record CaptureRestored(String detail) implements Control {}

    /** {@code by} (the control socket) sets {@code word}'s sensitivity while running. */
    record SetSensitivity(String word, Sensitivity sensitivity, String by) implements Control {}

    /** A Home Assistant at {@code address} was paired, in a window {@code openedBy} opened: audited. */
    record ServerPaired(String address, String openedBy) implements Control {}

    /** One of the remote side's timers changed: shown in the status and the events, nothing else. */
    record TimerChanged(TimerChange change) implements Control {}

    /** wakegate started or finished playing sound (a reply, a cue): the detector must not hear itself. */
    record Playback(boolean playing) implements Control {}

    record Stop() implements Control {}
}
