package dev.wakegate.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal (Java 21 can only tell for stdin and stdout together, through System.console()). */
public final class Terminal {
    public static final int STDOUT = 1, STDERR = 2;

    private Terminal() {}

    /**
     * True when file descriptor {@code fd} is a terminal. On Linux this reads where {@code /proc/self/fd/N} points
     * (a /dev/pts or /dev/tty device); elsewhere it falls back to whether the JVM has a console.
     */
    public static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.isSymbolicLink(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or no /proc: fall back below
        }
        return System.console() != null;
    }
}
