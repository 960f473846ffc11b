package dev.wakegate.audit;

import dev.wakegate.internal.Json;
import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The owner's record of everything that ever left the house: one JSON line per confirmed trigger, and one per change
 * made to the running gate, in a file only the owner can read. Lines older than the retention are dropped at start
 * and daily. Holds no audio.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final Duration retention;
    private final Clock clock;

    public AuditLog(Path file, Duration retention, Clock clock) {
        if (retention.isNegative()) throw new IllegalArgumentException("retention must not be negative");
        this.file = file;
        this.retention = retention;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The wall-clock time now, by this log's clock: what an entry made now is stamped with. */
    public Instant now() {
        return clock.instant();
    }

    public void append(AuditRecord record) {
        write(switch (record) {
            case AuditEntry e -> withVoice(Json.object().put("time", e.time().toString()).put("t", e.audioTime(), 2).put("word", e.word()), e.voice())
                    .put("detector_score", e.detectorScore(), 3).put("confirmer", e.confirmer()).put("confirm_score", e.confirmScore(), 3)
                    .put("seconds_sent", e.secondsSent(), 2).put("bytes_sent", e.bytesSent()).put("destination", e.destination())
                    .put("outcome", e.outcome()).put("detail", e.detail()).toString();
            case AuditChange c -> Json.object().put("time", c.time().toString()).put("t", c.audioTime(), 2).put("change", c.what())
                    .put("by", c.by()).toString();
        });
    }

    private synchronized void write(String line) {
        try {
            createIfMissing();
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            // the record matters but must not stop the gate; the journal keeps the line
            log.error("audit log {} cannot be written ({}): {}", file, ex.getMessage(), line);
        }
    }

    /** The uploads, oldest first. */
    public List<AuditEntry> read() {
        return records().stream().filter(AuditEntry.class::isInstance).map(AuditEntry.class::cast).toList();
    }

    /** Every line, oldest first; lines that do not parse are skipped with a warning. */
    public synchronized List<AuditRecord> records() {
        if (!Files.exists(file)) return List.of();
        try {
            var entries = new ArrayList<AuditRecord>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                var e = parse(line);
                if (e != null) entries.add(e);
                else log.warn("audit log {}: skipping a line that is not an entry", file);
            }
            return entries;
        } catch (IOException ex) {
            throw new UserError(file + ": cannot read the audit log (" + ex.getMessage() + ")");
        }
    }

    /** Drops entries older than the retention; returns how many were dropped. */
    public synchronized int enforceRetention() {
        if (!Files.exists(file)) return 0;
        Instant cutoff = clock.instant().minus(retention);
        try {
            var keep = new ArrayList<String>();
            int dropped = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                var e = parse(line);
                if (e != null && e.time().isBefore(cutoff)) dropped++;
                else if (!line.isBlank()) keep.add(line);
            }
            if (dropped > 0) rewrite(keep);
            return dropped;
        } catch (IOException ex) {
            log.error("audit log {}: retention not enforced ({})", file, ex.getMessage());
            return 0;
        }
    }

    /** Empties the log; returns how many lines it held. */
    public synchronized int purge() {
        int n = records().size();
        try {
            if (Files.exists(file)) rewrite(List.of());
        } catch (IOException ex) {
            throw new UserError(file + ": cannot purge the audit log (" + ex.getMessage() + ")");
        }
        return n;
    }

    private void rewrite(List<String> lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Makes sure the log exists and can be written (owner-only), at the daemon's start: a daemon that could not record
     * what leaves must not run, and a log that exists tells "nothing left" apart from "no log here".
     */
    public synchronized void create() {
        try {
            createIfMissing();
            if (!Files.isWritable(file)) throw new IOException("not writable");
        } catch (IOException e) {
            throw new UserError("the audit log " + file + " cannot be created or written (" + e.getMessage() + ")."
                    + " Fix: give --audit-log a file in a folder this user owns");
        }
    }

    private void createIfMissing() throws IOException {
        if (Files.exists(file)) return;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    static AuditRecord parse(String line) {
        try {
            Map<String, Object> m = Json.parseObject(line);
            if (m.containsKey("change"))
                return new AuditChange(Instant.parse((String) m.get("time")), num(m, "t"), str(m, "change"), str(m, "by"));
            return new AuditEntry(Instant.parse((String) m.get("time")), num(m, "t"), str(m, "word"), num(m, "detector_score"),
                    str(m, "confirmer"), num(m, "confirm_score"), num(m, "seconds_sent"), (long) num(m, "bytes_sent"),
                    str(m, "destination"), str(m, "outcome"), str(m, "detail"), m.get("voice") instanceof String v ? v : null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Json.Obj withVoice(Json.Obj o, String voice) {
        return voice == null ? o : o.put("voice", voice);
    }

    private static double num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    private static String str(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : "";
    }
}
