package dev.wakegate.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Where the running daemon's control socket is: for {@code run} (which creates it) and {@code ctl} (which talks to it). */
final class ControlSocketOptions {
    static final String NONE = "none";

    @Option(names = "--control-socket", paramLabel = "PATH", descriptionKey = "control-socket",
            description = "The daemon's control socket (for 'wakegate ctl'; owner and group only). Default: $RUNTIME_DIRECTORY/control.sock"
                    + " under systemd, else $XDG_RUNTIME_DIR/wakegate/control.sock, else ~/.local/state/wakegate/control.sock."
                    + " 'run' creates it for a --device or --command; for --input only when given. 'none': no socket.")
    String path;

    /** The socket {@code run} creates, or null for none: a live source gets the default; a file run only an explicit path. */
    Path forRun(boolean liveSource) {
        if (NONE.equals(path)) return null;
        if (path != null) return Path.of(path);
        return liveSource ? defaultPath(System.getenv()) : null;
    }

    /** The socket {@code ctl} talks to. */
    Path forClient() {
        return path != null && !NONE.equals(path) ? Path.of(path) : defaultPath(System.getenv());
    }

    static Path defaultPath(Map<String, String> env) {
        String runtime = env.get("RUNTIME_DIRECTORY");
        if (runtime != null && !runtime.isBlank()) return Path.of(runtime.split(":")[0], "control.sock");
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "wakegate", "control.sock");
        String home = env.get("HOME");
        if (home == null || home.isBlank()) home = System.getProperty("user.home");
        return Path.of(home, ".local", "state", "wakegate", "control.sock");
    }
}
