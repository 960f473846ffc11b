package dev.wakegate.detect.vosk;

import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;

import java.util.Locale;

/**
 * The boundary to libvosk. The Maven artifact carries the library for x86-64 Linux, macOS and Windows only; on a
 * Raspberry Pi it comes from {@code scripts/install-vosk-native.sh}. JNA reports a missing library as an
 * {@link UnsatisfiedLinkError} inside an {@link ExceptionInInitializerError} the first time, and as a
 * {@link NoClassDefFoundError} after that: every {@link LinkageError} here becomes one line that names the script.
 */
public final class VoskNative {
    private static final Logger log = LoggerFactory.getLogger(VoskNative.class);
    public static final String INSTALL_SCRIPT = "scripts/install-vosk-native.sh";
    /** Kaldi severities: -3 assertion, -2 error, -1 warning, 0 info. Vosk prints those at or below the level set. */
    private static final int QUIET = -3, CHATTY = 0;

    private VoskNative() {}

    /**
     * Loads libvosk (once per JVM) and sets how much it prints on stderr: nothing but assertion failures, unless this
     * class logs at INFO ({@code -v}), then Vosk's own log too (the place to look when a model fails to load).
     */
    public static void load() {
        int level = log.isInfoEnabled() ? CHATTY : QUIET;
        try {
            LibVosk.vosk_set_log_level(level);
        } catch (LinkageError e) {
            throw userError(e);
        }
    }

    /** The {@link UserError} for a library that would not load on this machine. */
    static UserError userError(LinkageError e) {
        return new UserError(explain(e, System.getProperty("os.name"), System.getProperty("os.arch")), e);
    }

    /** The one-line message for a library that would not load; pure, for tests. */
    static String explain(Throwable error, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String platform = os.replace(" ", "") + "-" + osArch;
        String reason = reason(error);
        boolean linux = os.contains("linux"), x86 = osArch.equals("amd64") || osArch.equals("x86_64");
        String fix;
        if (linux && (osArch.startsWith("aarch64") || osArch.startsWith("arm"))) fix = "sudo " + INSTALL_SCRIPT;
        else if (x86 && (linux || os.contains("windows")) || os.contains("mac"))
            fix = "the Vosk jar carries libvosk for this platform, so the build is incomplete: rebuild with ./mvnw -q -B -DskipTests package";
        else fix = "there is no official libvosk for this platform: build it and put it on jna.library.path (see docs/vosk.md)";
        return "cannot load the Vosk native library (libvosk) for " + platform + (reason.isEmpty() ? "" : ": " + reason) + ". Fix: " + fix;
    }

    /** The telling line of JNA's multi-line message ("libatomic.so.1: cannot open shared object file …"). */
    private static String reason(Throwable error) {
        String first = "";
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() == null) continue;
            for (String line : t.getMessage().split("\\R")) {
                String s = line.strip();
                if (s.isEmpty()) continue;
                if (first.isEmpty() && !s.endsWith(":")) first = s;
                if (s.contains("cannot open shared object") || s.contains("wrong ELF") || s.contains("undefined symbol")
                        || s.contains("version `")) return shorten(s);
            }
        }
        return shorten(first);
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 159) + "…";
    }
}
