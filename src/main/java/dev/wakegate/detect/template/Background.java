package dev.wakegate.detect.template;

import java.util.Arrays;
import java.util.function.LongToIntFunction;

/**
 * The background a word is heard in, as real frames rather than an average: the quietest fifth of the six seconds
 * of audio before it. Babble and other fluctuating noise fill a template's spectral valleys differently in every
 * frame, which an average noise spectrum does not model; a sample of the frames themselves does. Only continuous
 * noise counts: the speaker's own earlier sentences are not a background (see {@link #MAX_SPREAD_DB}).
 */
final class Background {
    /** How much audio before a word is looked at, and how far before its start it ends (the word's own onset). */
    static final int LOOK_BACK_FRAMES = 600, GAP_FRAMES = 5;
    /**
     * Fewer contiguous frames than this are no sample of a background. The detector sees no frames the VAD calls
     * silence, so a short run means a quiet background just before it.
     */
    static final int MIN_FRAMES = 15;
    /** The fraction of those frames, the quietest, that count as background. */
    private static final double QUIETEST = 0.2;
    /**
     * Continuous noise (babble, a fan, traffic) keeps most frames near its level: 4-talker babble's 80th-percentile
     * frame is 4-16 dB over its 20th. One talker's speech swings 20-40 dB between syllables and pauses. A window with
     * a wider spread than this is a talker, not a background, and yields none.
     */
    private static final double MAX_SPREAD_DB = 12, LOUD = 0.8;
    /** A background 30 dB under the speech peak cannot cost the word anything worth a simulation. */
    private static final float NEGLIGIBLE = 1e-3f;

    private final float[] levels = new float[LOOK_BACK_FRAMES];
    private final float[][] picked = new float[LOOK_BACK_FRAMES][];
    private int size;

    /**
     * Picks the quietest frames of {@code frames[from, to)} (at most {@link #LOOK_BACK_FRAMES}), in their order; none
     * if the window is too short or not a continuous background. Allocates nothing.
     *
     * @param frames mel power of each frame, at {@code slot(i)} for frame {@code i}
     * @param energy mel power sum of each frame, at the same slots
     * @return how many frames were picked
     */
    int pick(float[][] frames, float[] energy, long from, long to, LongToIntFunction slot) {
        size = 0;
        int n = (int) Math.min(LOOK_BACK_FRAMES, Math.max(0, to - from));
        from = to - n;
        if (n < MIN_FRAMES) return 0;
        for (int i = 0; i < n; i++) levels[i] = energy[slot.applyAsInt(from + i)];
        int loud = (int) (LOUD * (n - 1)), quiet = (int) (QUIETEST * (n - 1));
        float loudLevel = select(levels, 0, n, loud);
        float ceiling = select(levels, 0, loud, quiet);
        if (loudLevel > ceiling * Math.pow(10, MAX_SPREAD_DB / 10)) return 0;
        for (long i = from; i < to; i++) {
            int s = slot.applyAsInt(i);
            if (energy[s] <= ceiling) picked[size++] = frames[s];
        }
        return size;
    }

    /**
     * The k-th smallest of {@code a[from, to)} (Hoare's selection, in place): afterwards no element before k is larger
     * and none after it smaller. Unlike {@link Arrays#sort} it never allocates.
     */
    static float select(float[] a, int from, int to, int k) {
        int lo = from, hi = to - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    float t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return a[k];
    }

    /** The frames picked last, as a new array. */
    float[][] frames() {
        return Arrays.copyOf(picked, size);
    }

    /** The frames picked last: the first {@link #size()} entries of this array, which the next pick overwrites. */
    float[][] picked() {
        return picked;
    }

    int size() {
        return size;
    }

    /** Whether the frames picked last could widen anything: some, and louder than 30 dB under the speech peak. */
    boolean matters(float speechPeak) {
        return size > 0 && meanEnergy() >= NEGLIGIBLE * speechPeak;
    }

    /** Mean mel power of the frames picked last; 0 if none. */
    float meanEnergy() {
        double sum = 0;
        for (int i = 0; i < size; i++) sum += WordModel.energy(picked[i]);
        return size == 0 ? 0 : (float) (sum / size);
    }
}
