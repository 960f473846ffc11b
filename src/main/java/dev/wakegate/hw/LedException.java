package dev.wakegate.hw;

/** An LED could not be set (or did not read back): the gate refuses to stream. */
public final class LedException extends Exception {
    public LedException(String message) {
        super(message);
    }

    public LedException(String message, Throwable cause) {
        super(message, cause);
    }
}
