package dev.wakegate.detect.template;

import java.util.Arrays;

/**
 * Streaming subsequence DTW of one template against an endless input (SPRING: open begin, open end), with
 * O(template length) work and memory per input frame.
 *
 * <p>Steps are Sakoe-Chiba symmetric with slope constraint P = 1: diagonal (weight 2), two input frames for one
 * template frame, or one input frame for two template frames (weight 3 each). Every path over n input frames
 * therefore weighs n + M, which normalises the cost, and the slope between 1/2 and 2 bounds the matched input
 * span to between half and twice the template's length. Among competing paths the one with the lower normalised
 * cost wins.
 *
 * <p>Distances are cosine distances (1 - dot product) between unit vectors.
 */
public final class SubsequenceDtw {
    private final float[][] template;
    private final int m;
    private final int dim;
    private final int minSpan, maxSpan;
    // best path into (t-1, j) and (t-2, j): cost and input span; local distances at t-1 and t
    private float[] cost1, cost2, costNow, dPrev, dCur;
    private int[] span1, span2, spanNow;
    private boolean started;
    private float lastDistance = Float.POSITIVE_INFINITY;
    private int lastSpan;

    /**
     * @param template unit-length feature vectors (read at every step, so they may be updated in place)
     * @param minSpan  shortest input span (frames) a match may cover
     * @param maxSpan  longest input span (frames) a match may cover
     */
    public SubsequenceDtw(float[][] template, int minSpan, int maxSpan) {
        this.template = template;
        this.m = template.length;
        this.dim = template[0].length;
        this.minSpan = minSpan;
        this.maxSpan = maxSpan;
        cost1 = new float[m];
        cost2 = new float[m];
        costNow = new float[m];
        dPrev = new float[m];
        dCur = new float[m];
        span1 = new int[m];
        span2 = new int[m];
        spanNow = new int[m];
        reset();
    }

    public int length() {
        return m;
    }

    /** Forgets all partial matches (after a gap in the input). */
    public void reset() {
        Arrays.fill(cost1, Float.POSITIVE_INFINITY);
        Arrays.fill(cost2, Float.POSITIVE_INFINITY);
        started = false;
        lastDistance = Float.POSITIVE_INFINITY;
    }

    /** Advances by one input frame {@code x} (unit length); then {@link #distance()} is the best match ending here. */
    public void step(float[] x) {
        localDistances(x);
        for (int j = 0; j < m; j++) {
            // diagonal from (t-1, j-1); at j == 0 a fresh start
            float best = j == 0 ? 2 * dCur[0] : cost1[j - 1] + 2 * dCur[j];
            int bestSpan = j == 0 ? 1 : span1[j - 1] + 1;
            // two input frames for template frame j: from (t-2, j-1) through (t-1, j)
            float c = j == 0 ? (started ? 2 * dPrev[0] + dCur[0] : Float.POSITIVE_INFINITY)
                    : cost2[j - 1] + 2 * dPrev[j] + dCur[j];
            int span = j == 0 ? 2 : span2[j - 1] + 2;
            float w = j + 1;
            if (c * (bestSpan + w) < best * (span + w)) { // c/weight < best/bestWeight, without dividing
                best = c;
                bestSpan = span;
            }
            // template frames j-1 and j on input frame t: from (t-1, j-2) through (t, j-1)
            if (j >= 1) {
                c = j == 1 ? 2 * dCur[0] + dCur[1] : cost1[j - 2] + 2 * dCur[j - 1] + dCur[j];
                span = j == 1 ? 1 : span1[j - 2] + 1;
                if (c * (bestSpan + w) < best * (span + w)) {
                    best = c;
                    bestSpan = span;
                }
            }
            costNow[j] = best;
            spanNow[j] = bestSpan;
        }
        rotate();
        started = true;
        lastSpan = span1[m - 1];
        lastDistance = lastSpan < minSpan || lastSpan > maxSpan ? Float.POSITIVE_INFINITY : cost1[m - 1] / (lastSpan + m);
    }

    private void localDistances(float[] x) {
        for (int j = 0; j < m; j++) {
            float[] tj = template[j];
            float dot = 0;
            for (int k = 0; k < dim; k++) dot += x[k] * tj[k];
            dCur[j] = 1f - dot;
        }
    }

    private void rotate() {
        float[] fc = cost2;
        cost2 = cost1;
        cost1 = costNow;
        costNow = fc;
        int[] is = span2;
        span2 = span1;
        span1 = spanNow;
        spanNow = is;
        float[] fd = dPrev;
        dPrev = dCur;
        dCur = fd;
    }

    /** Normalised cost in [0, 2] of the best match ending at the last frame; +inf if none is allowed. */
    public float distance() {
        return lastDistance;
    }

    /** How many input frames the best match ending at the last frame covers. */
    public int matchSpan() {
        return lastSpan;
    }
}
