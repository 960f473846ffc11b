package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;

/**
 * What the detector found plus the audio around it, read back from the ring buffer.
 *
 * @param detection         the detector's finding (word, span, score)
 * @param audio             16 kHz mono samples from {@code audioStartSample}, covering the wake word with margins
 * @param audioStartSample  absolute position of {@code audio[0]}
 */
public record Candidate(Detection detection, short[] audio, long audioStartSample) {

    @Override
    public String toString() {
        return "Candidate[" + detection.word() + ", " + audio.length + " samples]";
    }
}
