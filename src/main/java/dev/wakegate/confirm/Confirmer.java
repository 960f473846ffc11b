package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;

/**
 * The second, stricter local check of a detected word before anything may leave the device. It sees only the
 * buffered audio around the word and decides independently of the detector that fired.
 */
public interface Confirmer extends AutoCloseable {

    /** Re-checks the word on its buffered audio; never throws for bad audio, it rejects instead. */
    Verdict confirm(HeardWord heard);

    /** A short name for events and the audit log ("template", "vosk", "oww"). */
    String name();

    @Override
    default void close() {}
}
