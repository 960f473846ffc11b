package dev.wakegate.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the running daemon's control socket is: for {@code run} (which creates it) and {@code ctl} (which talks to it). */
final class ControlSocketOptions {
    static final String NONE = "none";

    @Option(names = "--control-socket", paramLabel = "PATH", descriptionKey = "control-socket",
            description = "The daemon's control socket (for 'wakegate ctl'; owner and group only). Default: $RUNTIME_DIRECTORY/control.sock"
                    + " under systemd (/run/wakegate), else $XDG_RUNTIME_DIR/wakegate/control.sock, else ~/.local/state/wakegate/control.sock;"
                    + " 'ctl' talks to the installed service's first. 'run' creates it for a --device or --command; for --input only when"
                    + " given. 'none': no socket.")
    String path;

    /** The socket {@code run} creates, or null for none: a live source gets the default; a file run only an explicit path. */
    Path forRun(boolean liveSource) {
        if (NONE.equals(path)) return null;
        if (path != null) return Path.of(path);
        return liveSource ? ServiceFiles.ofThisMachine().forRun(ServiceFiles.ofThisMachine().controlSocket()) : null;
    }

    /** The socket {@code ctl} talks to ({@code config}: the run's configuration file, or null). */
    Path forClient(Path config) {
        if (path != null && !NONE.equals(path)) return Path.of(path);
        var files = ServiceFiles.ofThisMachine();
        return files.forReading(files.controlSocket(), config);
    }
}
