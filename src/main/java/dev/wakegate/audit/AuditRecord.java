package dev.wakegate.audit;

import java.time.Instant;

/** One line of the audit log: an upload ({@link AuditEntry}) or a change made to the running gate ({@link AuditChange}). */
public sealed interface AuditRecord permits AuditEntry, AuditChange {
    /** Wall-clock time it happened. */
    Instant time();
}
