package dev.wakegate.uplink;

/**
 * Where confirmed audio goes: an HTTPS endpoint or a Home Assistant (Wyoming) server. Only the gate opens a
 * session, and only after confirmation. Nothing here may block the pipeline thread: connecting and sending
 * happen on the uplink's own thread, and the outcome is reported to the listener.
 */
public interface Uplink extends AutoCloseable {

    /** Where the audio goes, as recorded in the audit log ("host:port"). */
    String destination();

    /** Starts one session; returns at once. The listener hears exactly one {@code ended}. */
    Session open(SessionRequest request, SessionListener listener);

    /** Commands the remote side may give the gate (a Wyoming server pausing the satellite). */
    default void onControl(ControlListener listener) {}

    @Override
    default void close() {}

    /** One stream of audio to the remote side. Calls come from the pipeline thread. */
    interface Session {
        /** Queues captured samples to be sent as they are; never blocks. */
        void send(short[] samples, int off, int len);

        /** No more audio: finish the stream and wait for the reply on the uplink's thread. */
        void finish();

        /** Stops at once, dropping anything not yet sent (mute, pause, shutdown). */
        void abort(String reason);

        /** Bytes queued but not yet handed to the network. */
        long pendingBytes();
    }

    interface SessionListener {
        void ended(SessionOutcome outcome);
    }

    interface ControlListener {
        /** The remote side asked to pause (true) or resume (false) listening; never overrides the hardware mute. */
        void paused(boolean paused);
    }
}
