package dev.wakegate.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the microphone heard out of crash dumps: marks this process non-dumpable ({@code prctl(PR_SET_DUMPABLE,
 * 0)}), so the kernel writes no core file of it, whatever {@code ulimit -c} says, and no other user's process can read
 * its memory. The service unit also sets {@code LimitCORE=0}, and the launchers start the JVM with
 * {@code -XX:-CreateCoredumpOnCrash -XX:ErrorFile=/dev/null}. Linux only; elsewhere it says so and does nothing.
 */
public final class NoCoreDumps {
    private static final Logger log = LoggerFactory.getLogger(NoCoreDumps.class);
    private static final int PR_SET_DUMPABLE = 4, PR_GET_DUMPABLE = 3;

    interface LibC extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    }

    private NoCoreDumps() {}

    /** Marks the process non-dumpable; returns whether it now is (a warning is logged if it is not). */
    public static boolean apply() {
        try {
            LibC libc = Native.load("c", LibC.class);
            if (libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0) return true;
            log.warn("could not mark the process non-dumpable: a crash could write captured audio into a core file");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("could not mark the process non-dumpable ({}): a crash could write captured audio into a core file", e.getMessage());
        }
        return false;
    }
}
