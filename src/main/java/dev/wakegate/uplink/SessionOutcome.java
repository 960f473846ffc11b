package dev.wakegate.uplink;

/**
 * How a session ended.
 *
 * @param sessionId  the session
 * @param status     what happened: {@link Status}
 * @param bytesSent  audio bytes that left the device: acknowledged by the peer (all written, where that cannot be told)
 * @param detail     a short reason ("HTTP 200", "connection refused", "muted", "no server")
 * @param reply      what the remote side answered (a transcript), or null; logged, never stored with audio
 * @param peer       the address the audio went to ("address:port"), or null if it went nowhere
 */
public record SessionOutcome(long sessionId, Status status, long bytesSent, String detail, String reply, String peer) {
    public enum Status {
        /** The stream was delivered and acknowledged. */
        OK,
        /** The uplink failed: refused, timed out, reset, rejected. */
        FAILED,
        /** Stopped locally: mute, pause, shutdown, or the LED interlock. */
        ABORTED,
        /** Nobody to send to (no Wyoming server connected); nothing was sent. */
        NO_SERVER
    }

    /** An outcome of a session whose audio went nowhere. */
    public SessionOutcome(long sessionId, Status status, long bytesSent, String detail, String reply) {
        this(sessionId, status, bytesSent, detail, reply, null);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
