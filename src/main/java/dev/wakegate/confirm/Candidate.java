package dev.wakegate.confirm;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;

/**
 * What the detector found plus the audio around it, read back from the ring buffer.
 *
 * @param detection         the detector's finding (word, span, score)
 * @param audio             16 kHz mono samples from {@code audioStartSample}, covering the wake word with margins
 * @param audioStartSample  absolute position of {@code audio[0]}
 */
public record Candidate(Detection detection, short[] audio, long audioStartSample) {

    /** The samples of the wake word itself, as the detector located it (clipped to the audio held). */
    public int wordFrom() {
        return Math.clamp(detection.startSample() - audioStartSample, 0, audio.length);
    }

    public int wordTo() {
        return Math.clamp(detection.endSample() - audioStartSample, 0, audio.length);
    }

    public double seconds() {
        return Pcm.seconds(audio.length);
    }

    @Override
    public String toString() {
        return "Candidate[" + detection.word() + ", " + audio.length + " samples]";
    }
}
