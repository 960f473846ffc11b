package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;

import java.util.Arrays;

/**
 * The pitch a voice says a word at: the median fundamental frequency of its loud voiced 40 ms frames (YIN: the
 * cumulative mean normalized difference, its first dip under {@link #DIP} between {@link #LOWEST_HZ} and
 * {@link #HIGHEST_HZ}). A number per take or candidate, never audio: it tells an enrolled voice from another one well
 * enough to keep a rule that is meant for other voices off the enrolled ones.
 */
public final class VoicePitch {
    static final double LOWEST_HZ = 60, HIGHEST_HZ = 400;
    /** How deep the normalized difference must dip for a frame to count as voiced (YIN's absolute threshold). */
    private static final double DIP = 0.15;
    /** Frames more than 20 dB under the loudest one are not asked: breath, room, the tail of a consonant. */
    private static final double LOUD_WITHIN = 0.01;
    private static final int WINDOW = (int) Pcm.samples(0.040), HOP = Pcm.FRAME_SAMPLES;
    private static final int MIN_LAG = (int) (Pcm.SAMPLE_RATE / HIGHEST_HZ), MAX_LAG = (int) (Pcm.SAMPLE_RATE / LOWEST_HZ);
    /** Fewer voiced frames than this say nothing about the voice. */
    private static final int MIN_VOICED = 3;

    private VoicePitch() {}

    /** The median pitch of samples [from, to) in Hz, or NaN when fewer than {@link #MIN_VOICED} of its loud frames are voiced. */
    public static double medianHz(short[] samples, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(samples.length, to);
        int frames = (to - from - WINDOW - MAX_LAG) / HOP;
        if (frames <= 0) return Double.NaN;
        double[] power = new double[frames];
        double loudest = 0;
        for (int f = 0; f < frames; f++) {
            int at = from + f * HOP;
            for (int i = at; i < at + WINDOW; i++) power[f] += (double) samples[i] * samples[i];
            loudest = Math.max(loudest, power[f]);
        }
        if (loudest == 0) return Double.NaN;
        double[] hz = new double[frames];
        double[] difference = new double[MAX_LAG];
        int voiced = 0;
        for (int f = 0; f < frames; f++) {
            if (power[f] < loudest * LOUD_WITHIN) continue;
            double pitch = framePitch(samples, from + f * HOP, difference);
            if (!Double.isNaN(pitch)) hz[voiced++] = pitch;
        }
        if (voiced < MIN_VOICED) return Double.NaN;
        Arrays.sort(hz, 0, voiced);
        return voiced % 2 == 1 ? hz[voiced / 2] : (hz[voiced / 2 - 1] + hz[voiced / 2]) / 2;
    }

    /** How far apart two pitches are, in semitones (12 to an octave). */
    public static double semitonesApart(double hz, double otherHz) {
        return Math.abs(12 * Math.log(hz / otherHz) / Math.log(2));
    }

    /** One frame's pitch, or NaN when unvoiced; {@code d} is scratch of {@link #MAX_LAG} values. */
    private static double framePitch(short[] x, int at, double[] d) {
        for (int lag = 1; lag < MAX_LAG; lag++) {
            double sum = 0;
            for (int i = at; i < at + WINDOW; i++) {
                double diff = x[i] - x[i + lag];
                sum += diff * diff;
            }
            d[lag] = sum;
        }
        d[0] = 1;
        double running = 0;
        for (int lag = 1; lag < MAX_LAG; lag++) {
            running += d[lag];
            d[lag] = running > 0 ? d[lag] * lag / running : 1;
        }
        for (int lag = MIN_LAG; lag < MAX_LAG; lag++) {
            if (d[lag] >= DIP) continue;
            while (lag + 1 < MAX_LAG && d[lag + 1] < d[lag]) lag++;
            return Pcm.SAMPLE_RATE / (double) lag;
        }
        return Double.NaN;
    }
}
