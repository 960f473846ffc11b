package dev.wakegate.audit;

import java.time.Instant;

/**
 * A change made to the running gate from outside (a sensitivity set over the control socket): what, and by whom.
 * Never audio.
 *
 * @param time      wall-clock time of the change
 * @param audioTime audio time of the change in the input, seconds
 * @param what      what changed ("sensitivity hey-computer 0.50 -> 0.60")
 * @param by        who changed it ("control socket")
 */
public record AuditChange(Instant time, double audioTime, String what, String by) implements AuditRecord {}
