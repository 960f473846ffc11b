package dev.wakegate.uplink;

import java.time.Duration;

/**
 * Where confirmed audio goes: an HTTPS endpoint or a Home Assistant (Wyoming) server. Only the gate opens a
 * session, and only after confirmation. Nothing here may block the pipeline thread: connecting and sending
 * happen on the uplink's own threads, and what happens is reported to the {@link SessionListener}.
 *
 * <p>A session's life: {@link Uplink#open} (audio is held in memory from now on) → {@link SessionListener#ready}
 * (the far end is there) → the gate turns the stream LED on and calls {@link Session#allow} (only now may bytes
 * leave) → audio → {@link Session#finish} (or the far end's {@link SessionListener#stoppedByServer}) →
 * {@link SessionListener#drained} (every byte has left; none can leave any more) → {@link SessionListener#ended}.
 * {@link Session#abort} stops at the wire at any point: what the kernel still holds is discarded, not sent.
 */
public interface Uplink extends AutoCloseable {
    /** A write that makes no progress for this long means the far end has stopped taking audio: the session fails. */
    Duration STALL = Duration.ofSeconds(3);

    /** Where the audio goes, as configured ("host:port"). */
    String destination();

    /** Starts one session; returns at once. The listener hears exactly one {@code ended}. */
    Session open(SessionRequest request, SessionListener listener);

    /** Commands the remote side may give the gate (a Wyoming server pausing the satellite), and its timers. */
    default void onControl(ControlListener listener) {}

    /**
     * The owner turned to the device: the wake word was confirmed, or the mute switch moved. Whatever the uplink
     * plays on its own (a ringing timer) stops. Never opens anything.
     */
    default void interrupt(String reason) {}

    @Override
    default void close() {}

    /** One stream of audio to the remote side. Calls come from the pipeline thread, except {@link #abort}. */
    interface Session {
        /** Hands captured samples over; never blocks. Nothing leaves before {@link #allow}. */
        void send(short[] samples, int off, int len);

        /** The stream LED is on (the interlock): audio may leave from now on. */
        void allow();

        /** No more audio: finish the stream and wait for the reply on the uplink's thread. */
        void finish();

        /** Stops at once, from any thread: nothing more of this session leaves the host (mute, pause, shutdown). */
        void abort(String reason);

        /** Bytes handed over but not yet written to the network. */
        long pendingBytes();

        /** How long a write of this session has been stuck (0 when none is): a wedged uplink shows here. */
        default long stalledNanos() {
            return 0;
        }
    }

    /** What happens to a session, on the uplink's threads. */
    interface SessionListener {
        /** The far end is connected and can take audio ({@code peer}: "address:port"). */
        default void ready(String peer) {}

        /** The far end ended the stream (it heard the end of speech, or answered already): stop sending. */
        default void stoppedByServer(String why) {}

        /** Every byte of the session has left the host, or been discarded: none can leave any more. */
        default void drained() {}

        void ended(SessionOutcome outcome);
    }

    interface ControlListener {
        /** The remote side asked to pause (true) or resume (false) listening; never overrides the hardware mute. */
        void paused(boolean paused);

        /** One of the remote side's timers changed (started, updated, cancelled, ringing, silenced). */
        default void timer(TimerChange change) {}

        /** A new remote side was paired (its address), in a window {@code openedBy} opened. */
        default void paired(String address, String openedBy) {}
    }
}
