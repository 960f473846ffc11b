package dev.wakegate.cli;

import dev.wakegate.audit.AuditChange;
import dev.wakegate.audit.AuditEntry;
import dev.wakegate.audit.AuditRecord;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit log: every confirmed wake word and what (if anything) left the device, and every change",
                "made to the running gate. No audio is ever kept. With --purge: empty it.",
                "It reads the installed service's log first (see --audit-log); a log that is missing or unreadable is an error,",
                "never 'nothing left'."})
final class AuditCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;
    @Mixin
    AuditOptions options;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--config", paramLabel = "FILE", description = "The run's configuration file: its audit-log is the one shown.")
    Path config;

    @Option(names = "--purge", description = "Delete every entry.")
    boolean purge;

    @Option(names = "--json", description = "Print the entries as JSON lines, as stored.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var log = options.forReading(config, Clock.systemUTC());
        Path file = log.file();
        if (!Files.exists(file))
            throw new UserError("no audit log at " + file + ": wakegate has not run with this log, or it keeps its log elsewhere."
                    + " Fix: give --audit-log FILE, or --config with the run's configuration");
        if (!Files.isReadable(file))
            throw new UserError("the audit log " + file + " cannot be read by this user. Fix: run it as the service's user, e.g. sudo wakegate audit");
        if (purge) {
            int n = log.purge();
            out.printf("Purged %d entr%s from %s.%n", n, n == 1 ? "y" : "ies", file);
            out.flush();
            return 0;
        }
        var records = log.records();
        if (json) {
            for (String line : Files.readAllLines(file)) if (!line.isBlank()) out.println(line);
            out.flush();
            return 0;
        }
        var entries = records.stream().filter(AuditEntry.class::isInstance).map(AuditEntry.class::cast).toList();
        printChanges(out, records);
        if (entries.isEmpty()) {
            out.println("The audit log " + file + (records.isEmpty() ? " is empty" : " has no uploads") + ": nothing has left this device (within the last "
                    + options.retentionDays + " days).");
            out.flush();
            return 0;
        }
        out.printf("%-19s %-16s %9s %9s %8s %9s  %-22s %s%n", "TIME", "WORD", "DETECTED", "CONFIRMED", "SECONDS", "BYTES", "DESTINATION", "OUTCOME");
        long bytes = 0;
        for (var e : entries) {
            out.printf(Locale.ROOT, "%-19s %-16s %9.2f %9.2f %8.1f %9d  %-22s %s%s%n", TIME.format(e.time()),
                    e.voice() == null ? e.word() : e.word() + " (" + e.voice() + ")", e.detectorScore(),
                    e.confirmScore(), e.secondsSent(), e.bytesSent(), e.destination().isEmpty() ? "-" : e.destination(), e.outcome(),
                    e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
            bytes += e.bytesSent();
        }
        out.printf(Locale.ROOT, "%d trigger%s, %d bytes (%.1f s of audio) left the device. Log: %s%n", entries.size(), entries.size() == 1 ? "" : "s",
                bytes, bytes / 32000.0, file);
        out.flush();
        return 0;
    }

    /** The changes made to the running gate (ctl sensitivity, pause, resume), before the uploads. */
    private static void printChanges(PrintWriter out, List<AuditRecord> records) {
        var changes = records.stream().filter(AuditChange.class::isInstance).map(AuditChange.class::cast).toList();
        if (changes.isEmpty()) return;
        out.println("Changes made while running:");
        for (var c : changes) out.printf("  %s  %s (by %s)%n", TIME.format(c.time()), c.what(), c.by());
        out.println();
    }
}
