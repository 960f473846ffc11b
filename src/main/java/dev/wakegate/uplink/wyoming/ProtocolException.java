package dev.wakegate.uplink.wyoming;

import java.io.IOException;

/**
 * A frame that breaks the Wyoming protocol or wakegate's limits on it. {@link #framingLost()} says what the
 * connection may do next: skip just this frame, or close because the reader no longer knows where the next
 * frame starts.
 */
public final class ProtocolException extends IOException {
    private final boolean framingLost;

    ProtocolException(String message, boolean framingLost) {
        super(message);
        this.framingLost = framingLost;
    }

    /** A bad frame whose bytes were all consumed: ignore it and read on. */
    static ProtocolException frame(String message) {
        return new ProtocolException(message, false);
    }

    /** The byte stream can no longer be split into frames: close the connection. */
    static ProtocolException framing(String message) {
        return new ProtocolException(message, true);
    }

    /** True if the connection must be closed; false if only this frame is ignored. */
    public boolean framingLost() {
        return framingLost;
    }
}
