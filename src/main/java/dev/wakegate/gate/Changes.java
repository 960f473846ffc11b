package dev.wakegate.gate;

import dev.wakegate.audit.AuditChange;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.detect.Sensitivity;

import java.util.List;
import java.util.function.Consumer;

/**
 * Changes to who may receive audio and how readily the gate opens: each one is a {@link GateEvent} and an audit line
 * naming who made it, so the audit log tells the whole story of a session's conditions, not only its uploads.
 */
final class Changes {
    private final AuditLog audit;
    private final Consumer<GateEvent> events;

    Changes(AuditLog audit, Consumer<GateEvent> events) {
        this.audit = audit;
        this.events = events;
    }

    void paired(double t, String address, String openedBy) {
        events.accept(new GateEvent.Paired(t, address, openedBy));
        record(t, "paired Home Assistant " + address, openedBy);
    }

    /** @param stillPausedBy who holds a pause after this change (only announced on a resume) */
    void paused(double t, boolean pause, String by, String requester, List<String> stillPausedBy) {
        events.accept(pause ? new GateEvent.Paused(t, by) : new GateEvent.Resumed(t, by, stillPausedBy));
        record(t, pause ? "pause" : "resume", requester != null ? requester : by);
    }

    void sensitivity(double t, String word, Sensitivity was, Sensitivity now, String by) {
        events.accept(new GateEvent.SensitivityChanged(t, word, was.value(), now.value(), by));
        record(t, "sensitivity " + word + " " + was + " -> " + now, by);
    }

    private void record(double t, String what, String by) {
        audit.append(new AuditChange(audit.now(), t, what, by));
    }
}
