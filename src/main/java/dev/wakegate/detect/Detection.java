package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;

/**
 * A wake word found in the audio.
 *
 * @param word        the wake word's name
 * @param startSample absolute position of the first sample of the wake word
 * @param endSample   absolute position one past its last sample
 * @param score       match quality in [0, 1]; the word fired because it reached its threshold
 * @param atSample    absolute position of the audio when the detector decided
 * @param voice       which enrolled voice's takes matched best (a household's template), or null where the engine has no
 *                    enrolled voices
 */
public record Detection(String word, long startSample, long endSample, double score, long atSample, String voice) {
    public Detection {
        if (endSample < startSample) throw new IllegalArgumentException("end before start");
        if (score < 0 || score > 1) throw new IllegalArgumentException("score outside [0, 1]: " + score);
    }

    /** A detection by an engine without enrolled voices. */
    public Detection(String word, long startSample, long endSample, double score, long atSample) {
        this(word, startSample, endSample, score, atSample, null);
    }

    public double startSeconds() {
        return Pcm.seconds(startSample);
    }

    public double endSeconds() {
        return Pcm.seconds(endSample);
    }
}
