package dev.wakegate.confirm;

/**
 * The second, stricter local check of a candidate before anything may leave the device. It sees only the
 * buffered audio around the candidate and decides independently of the detector that fired.
 */
public interface Confirmer extends AutoCloseable {

    /** Re-checks the candidate; never throws for bad audio, it rejects instead. */
    Verdict confirm(Candidate candidate);

    /** A short name for events and the audit log ("template", "vosk", "oww"). */
    String name();

    @Override
    default void close() {}
}
