package dev.wakegate.cli;

import dev.wakegate.audit.AuditLog;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Where the audit log lives and how long it keeps entries. */
final class AuditOptions {
    @Option(names = "--audit-log", paramLabel = "FILE", descriptionKey = "audit-log",
            description = "The audit log (JSON lines, no audio). Default: $STATE_DIRECTORY/audit.jsonl under systemd, else ~/.local/state/wakegate/audit.jsonl.")
    Path file;

    @Option(names = "--audit-retention-days", paramLabel = "DAYS", defaultValue = "30", descriptionKey = "audit-retention-days",
            description = "Entries older than this are deleted at start and daily. Default: ${DEFAULT-VALUE}.")
    int retentionDays;

    AuditLog open(Clock clock) {
        if (retentionDays < 0) throw new UserError("--audit-retention-days must not be negative");
        return new AuditLog(path(), Duration.ofDays(retentionDays), clock);
    }

    Path path() {
        if (file != null) return file;
        String state = System.getenv("STATE_DIRECTORY");
        if (state != null && !state.isBlank()) return Path.of(state.split(":")[0], "audit.jsonl");
        String xdg = System.getenv("XDG_STATE_HOME");
        String home = System.getenv("HOME");
        if (home == null || home.isBlank()) home = System.getProperty("user.home");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "state");
        return base.resolve("wakegate").resolve("audit.jsonl");
    }
}
