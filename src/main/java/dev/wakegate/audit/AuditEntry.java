package dev.wakegate.audit;

import java.time.Instant;

/**
 * One confirmed trigger: what was decided and what left the device. Never audio, never a transcript.
 *
 * @param time          wall-clock time of the trigger
 * @param audioTime     audio time of the trigger in the input, seconds
 * @param word          the wake word
 * @param detectorScore the detector's score
 * @param confirmer     which confirmation stage passed it
 * @param confirmScore  the confirmer's score
 * @param secondsSent   seconds of audio that left the device
 * @param bytesSent     bytes of audio that left the device
 * @param destination   where they went ("host:port"), or "" if nowhere
 * @param outcome       ok, failed, aborted, no-server, refused
 * @param detail        a short reason ("HTTP 200", "connection refused", "muted", "stream LED failed")
 * @param voice         which enrolled voice matched (a household's label, never audio), or null
 */
public record AuditEntry(Instant time, double audioTime, String word, double detectorScore, String confirmer, double confirmScore,
                         double secondsSent, long bytesSent, String destination, String outcome, String detail, String voice) implements AuditRecord {
    /** An entry for a word without enrolled voices. */
    public AuditEntry(Instant time, double audioTime, String word, double detectorScore, String confirmer, double confirmScore,
                      double secondsSent, long bytesSent, String destination, String outcome, String detail) {
        this(time, audioTime, word, detectorScore, confirmer, confirmScore, secondsSent, bytesSent, destination, outcome, detail, null);
    }
}
