package dev.wakegate.uplink;

/**
 * What the gate tells the uplink when it opens a session.
 *
 * @param id             session number, unique within this run
 * @param word           the confirmed wake word
 * @param detectorScore  the detector's score
 * @param confirmScore   the confirmer's score
 * @param firstSampleT   audio time (seconds) of the first sample that will be sent
 */
public record SessionRequest(long id, String word, double detectorScore, double confirmScore, double firstSampleT) {}
