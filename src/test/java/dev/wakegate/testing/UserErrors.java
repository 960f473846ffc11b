package dev.wakegate.testing;

import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of a {@link UserError}: one line that says what is wrong and how to fix it. */
public final class UserErrors {
    private UserErrors() {}

    /**
     * Runs {@code action}, expecting a {@link UserError} whose message is one line, contains every one of
     * {@code mentions} (case-insensitive) and names a fix; returns the message.
     */
    public static String assertUserError(Executable action, String... mentions) {
        UserError e = assertThrows(UserError.class, action);
        String message = e.getMessage();
        assertFalse(message == null || message.isBlank(), "a user error needs a message");
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "must be one line: " + message);
        for (String m : mentions)
            assertTrue(message.toLowerCase().contains(m.toLowerCase()), () -> "message should mention '" + m + "': " + message);
        assertTrue(message.contains("Fix:"), () -> "message should say how to fix it ('Fix: …'): " + message);
        return message;
    }
}
