package dev.wakegate.internal;

/**
 * A problem the user can fix: a bad file, a missing model, a wrong option. The message is one line that
 * says what is wrong and how to fix it; no stack trace is shown unless {@code --verbose}.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
