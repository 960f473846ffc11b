package dev.wakegate.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify through libsystemd (JNA), only when systemd asked for it ({@code NOTIFY_SOCKET} is set): READY once
 * the switch has been read and capture runs, WATCHDOG while the pipeline is alive. Outside systemd it does
 * nothing and loads nothing.
 */
public final class SystemdNotify {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    interface LibSystemd extends Library {
        int sd_notify(int unsetEnvironment, String state);
    }

    private final LibSystemd lib;

    private SystemdNotify(LibSystemd lib) {
        this.lib = lib;
    }

    /** Null outside systemd or when libsystemd cannot be loaded (logged once). */
    public static SystemdNotify fromEnvironment() {
        if (System.getenv("NOTIFY_SOCKET") == null) return null;
        try {
            return new SystemdNotify(Native.load("systemd", LibSystemd.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("systemd asked for notifications but libsystemd cannot be loaded: {}", e.getMessage());
            return null;
        }
    }

    /** Half the watchdog interval systemd set ({@code WATCHDOG_USEC}), or 0 if none. */
    public static long watchdogIntervalMillis() {
        String usec = System.getenv("WATCHDOG_USEC");
        try {
            return usec == null ? 0 : Long.parseLong(usec) / 2000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public void send(String state) {
        int r = lib.sd_notify(0, state);
        if (r < 0) log.debug("sd_notify({}) returned {}", state, r);
    }
}
