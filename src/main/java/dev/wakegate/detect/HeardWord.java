package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;

import java.util.Arrays;

/**
 * A detected wake word as the ring buffer heard it: the detection plus the audio around it, which a confirmer
 * re-checks on its own.
 *
 * @param detection         the detector's finding (word, span, score)
 * @param audio             16 kHz mono samples from {@code audioStartSample}, covering the wake word with margins
 * @param audioStartSample  absolute position of {@code audio[0]}
 */
public record HeardWord(Detection detection, short[] audio, long audioStartSample) {
    /** The margins a confirmer sees around the detected word: context for its own look at the word's edges. */
    public static final double BEFORE_SECONDS = 0.5, AFTER_SECONDS = 0.3;

    /**
     * The detected word with {@link #BEFORE_SECONDS} ahead of it and {@link #AFTER_SECONDS} after it, as far as
     * {@code ring} still (or already) holds them; no audio at all once the word has left the ring.
     */
    public static HeardWord around(Detection detection, AudioRing ring) {
        long from = Math.max(ring.start(), detection.startSample() - Pcm.samples(BEFORE_SECONDS));
        long to = Math.max(from, Math.min(ring.end(), detection.endSample() + Pcm.samples(AFTER_SECONDS)));
        short[] audio = new short[(int) (to - from)];
        ring.read(from, to, audio, 0);
        return new HeardWord(detection, audio, from);
    }

    /** Whether samples [from, to) of {@link #audio} overlap the detected word. */
    public boolean overlapsDetection(int from, int to) {
        return from < detection.endSample() - audioStartSample && to > detection.startSample() - audioStartSample;
    }

    /** Overwrites the audio with zeros once it has been judged: it was heard at home and is not kept. */
    public void wipe() {
        Arrays.fill(audio, (short) 0);
    }

    public String word() {
        return detection.word();
    }

    @Override
    public String toString() {
        return "HeardWord[" + detection.word() + ", " + audio.length + " samples]";
    }
}
