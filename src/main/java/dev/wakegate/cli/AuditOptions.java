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
            description = "The audit log (JSON lines, no audio). Default for run: $STATE_DIRECTORY/audit.jsonl under systemd"
                    + " (/var/lib/wakegate), else ~/.local/state/wakegate/audit.jsonl. 'audit' reads the installed service's"
                    + " log first (as /etc/wakegate/wakegate.properties names it, or /var/lib/wakegate/audit.jsonl).")
    Path file;

    @Option(names = "--audit-retention-days", paramLabel = "DAYS", defaultValue = "30", descriptionKey = "audit-retention-days",
            description = "Entries older than this are deleted at start and daily (1-3650). Default: ${DEFAULT-VALUE}.")
    int retentionDays;

    /** The log {@code run} writes, checked but not created. */
    AuditLog forRun(Clock clock) {
        return log(file != null ? file : ServiceFiles.ofThisMachine().forRun(ServiceFiles.ofThisMachine().auditLog()), clock);
    }

    /** The log a running wakegate writes, seen from outside ({@code config}: the run's configuration file, or null). */
    AuditLog forReading(Path config, Clock clock) {
        var files = ServiceFiles.ofThisMachine();
        return log(file != null ? file : files.forReading(files.auditLog(), config), clock);
    }

    private AuditLog log(Path path, Clock clock) {
        if (retentionDays < 1 || retentionDays > 3650)
            throw new UserError("--audit-retention-days " + retentionDays + " is outside 1-3650. Fix: e.g. --audit-retention-days 30");
        return new AuditLog(path, Duration.ofDays(retentionDays), clock);
    }
}
