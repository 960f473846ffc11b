package dev.wakegate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where wakegate's files are, for {@code run} and for the commands that look at a running one from outside
 * ({@code audit}, {@code ctl}). A daemon under systemd uses the state and runtime directories systemd gives it
 * ({@code /var/lib/wakegate}, {@code /run/wakegate}); one started by hand, the user's. A command looking from outside
 * finds the installed service's files first — from its configuration, {@code /etc/wakegate/wakegate.properties} — so
 * that on a speaker {@code wakegate audit} reads the log the service writes, not an empty one of the user's.
 */
final class ServiceFiles {
    static final Path CONFIG = Path.of("/etc/wakegate/wakegate.properties");
    static final Path STATE_DIR = Path.of("/var/lib/wakegate"), RUNTIME_DIR = Path.of("/run/wakegate");

    /** A file of kind {@code key} ("audit-log", "control-socket"), called {@code name} in its directory. */
    record Kind(String key, String name, String systemdVariable, Path serviceDir, Path userDir) {}

    private final Map<String, String> env;
    private final Path installedConfig;

    ServiceFiles(Map<String, String> env, Path installedConfig) {
        this.env = env;
        this.installedConfig = installedConfig;
    }

    static ServiceFiles ofThisMachine() {
        return new ServiceFiles(System.getenv(), CONFIG);
    }

    static Kind auditLog(Map<String, String> env) {
        return new Kind("audit-log", "audit.jsonl", "STATE_DIRECTORY", STATE_DIR, userState(env));
    }

    static Kind controlSocket(Map<String, String> env) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        return new Kind("control-socket", "control.sock", "RUNTIME_DIRECTORY", RUNTIME_DIR,
                xdg != null && !xdg.isBlank() ? Path.of(xdg, "wakegate") : userState(env));
    }

    /** Where the paired Home Assistant's address is kept: beside the audit log. */
    static Kind pairing(Map<String, String> env) {
        return new Kind("pairing-file", "home-assistant", "STATE_DIRECTORY", STATE_DIR, userState(env));
    }

    Kind pairing() {
        return pairing(env);
    }

    Kind auditLog() {
        return auditLog(env);
    }

    Kind controlSocket() {
        return controlSocket(env);
    }

    /** Where {@code run} keeps it: in the directory systemd gives the service, else in the user's. */
    Path forRun(Kind kind) {
        Path systemd = systemdDir(kind);
        return (systemd != null ? systemd : kind.userDir()).resolve(kind.name());
    }

    /**
     * Where a running wakegate keeps it, seen from outside: as {@code config} names it (or where the service puts it,
     * when {@code config} is the installed one); else as systemd says; else as the installed service's configuration
     * names it (or its directory) when the service is installed; else the user's.
     */
    Path forReading(Kind kind, Path config) {
        if (config != null) {
            String named = ConfigFile.runSetting(config, kind.key());
            if (named != null) return Path.of(named);
            return isInstalled(config) ? kind.serviceDir().resolve(kind.name()) : forRun(kind);
        }
        Path systemd = systemdDir(kind);
        if (systemd != null) return systemd.resolve(kind.name());
        if (Files.exists(installedConfig)) {
            String named = Files.isReadable(installedConfig) ? ConfigFile.runSetting(installedConfig, kind.key()) : null;
            return named != null ? Path.of(named) : kind.serviceDir().resolve(kind.name());
        }
        return kind.userDir().resolve(kind.name());
    }

    private boolean isInstalled(Path config) {
        return config.toAbsolutePath().normalize().equals(installedConfig.toAbsolutePath().normalize());
    }

    private Path systemdDir(Kind kind) {
        String dirs = env.get(kind.systemdVariable());
        return dirs == null || dirs.isBlank() ? null : Path.of(dirs.split(":")[0]);
    }

    private static Path userState(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        String home = env.get("HOME");
        if (home == null || home.isBlank()) home = System.getProperty("user.home");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "state")).resolve("wakegate");
    }
}
