package dev.wakegate.detect.template;

import dev.wakegate.vad.EnergyVad;

import java.util.Arrays;

/**
 * Where the spoken word is inside a recorded take: the span around the loudest moment whose level stands
 * clearly above the take's own noise floor, bridging the short pauses inside a phrase ("hey … computer").
 *
 * @param startFrame first 10 ms frame of speech
 * @param endFrame   one past the last frame of speech
 * @param peakDb     level of the loudest frame, dBFS
 * @param floorDb    noise floor of the take (20th percentile of frame levels), dBFS
 */
public record SpeechSpan(int startFrame, int endFrame, double peakDb, double floorDb) {
    /** Pauses up to this long inside the phrase are bridged. */
    private static final int MAX_GAP_FRAMES = 25;
    /** Frames kept on either side of the detected span, for the soft onset and release of speech. */
    private static final int MARGIN_FRAMES = 2;
    /** Nothing more than 40 dB under the peak counts as speech, however quiet the background. */
    private static final double MAX_DEPTH_DB = 40;

    public int frames() {
        return endFrame - startFrame;
    }

    public double snrDb() {
        return peakDb - floorDb;
    }

    public static SpeechSpan find(short[] samples) {
        double[] level = EnergyVad.frameLevelsDb(samples);
        int frames = level.length;
        if (frames == 0) return new SpeechSpan(0, 0, -120, -120);
        double[] smooth = smooth(level);
        double[] sorted = smooth.clone();
        Arrays.sort(sorted);
        double floor = sorted[frames / 5];
        int peakAt = 0;
        for (int i = 1; i < frames; i++) if (smooth[i] > smooth[peakAt]) peakAt = i;
        double peak = smooth[peakAt];
        double threshold = Math.max(floor + Math.max(6, 0.3 * (peak - floor)), peak - MAX_DEPTH_DB);
        int start = grow(smooth, peakAt, -1, threshold), end = grow(smooth, peakAt, +1, threshold);
        return new SpeechSpan(Math.max(0, start - MARGIN_FRAMES), Math.min(frames, end + 1 + MARGIN_FRAMES), peak, floor);
    }

    /** Walks from the peak while above threshold, crossing gaps shorter than MAX_GAP_FRAMES; returns the last loud frame. */
    private static int grow(double[] level, int from, int dir, double threshold) {
        int last = from, gap = 0;
        for (int i = from + dir; i >= 0 && i < level.length; i += dir) {
            if (level[i] >= threshold) {
                last = i;
                gap = 0;
            } else if (++gap > MAX_GAP_FRAMES) {
                break;
            }
        }
        return last;
    }

    /** Three-frame moving average in the power domain. */
    private static double[] smooth(double[] db) {
        double[] out = new double[db.length];
        for (int i = 0; i < db.length; i++) {
            double sum = 0;
            int n = 0;
            for (int k = Math.max(0, i - 1); k <= Math.min(db.length - 1, i + 1); k++, n++) sum += Math.pow(10, db[k] / 10);
            out[i] = 10 * Math.log10(sum / n);
        }
        return out;
    }
}
