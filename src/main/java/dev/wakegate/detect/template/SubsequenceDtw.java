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
    private final float[] flat; // the template row after row, for a cache-friendly inner loop
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
     * @param template unit-length feature vectors; call {@link #templateChanged()} after updating them in place
     * @param minSpan  shortest input span (frames) a match may cover
     * @param maxSpan  longest input span (frames) a match may cover
     */
    public SubsequenceDtw(float[][] template, int minSpan, int maxSpan) {
        this.template = template;
        this.m = template.length;
        this.dim = template[0].length;
        this.minSpan = minSpan;
        this.maxSpan = maxSpan;
        this.flat = new float[m * dim];
        templateChanged();
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

    /** Re-reads the template after its vectors were updated in place (noise compensation). */
    public void templateChanged() {
        for (int j = 0; j < m; j++) System.arraycopy(template[j], 0, flat, j * dim, dim);
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
        // j = 0: a fresh start (diagonal from nowhere), or a start one frame earlier held for two input frames
        float best = 2 * dCur[0];
        int bestSpan = 1;
        if (started && better(2 * dPrev[0] + dCur[0], 2, best, bestSpan, 1)) {
            best = 2 * dPrev[0] + dCur[0];
            bestSpan = 2;
        }
        costNow[0] = best;
        spanNow[0] = bestSpan;
        if (m > 1) step1();
        for (int j = 2; j < m; j++) {
            float d = dCur[j], w = j + 1;
            // diagonal from (t-1, j-1)
            best = cost1[j - 1] + 2 * d;
            bestSpan = span1[j - 1] + 1;
            // two input frames for template frame j: from (t-2, j-1) through (t-1, j)
            float c = cost2[j - 1] + 2 * dPrev[j] + d;
            int span = span2[j - 1] + 2;
            if (c * (bestSpan + w) < best * (span + w)) { // c/weight < best/bestWeight, without dividing
                best = c;
                bestSpan = span;
            }
            // template frames j-1 and j on input frame t: from (t-1, j-2) through (t, j-1)
            c = cost1[j - 2] + 2 * dCur[j - 1] + d;
            span = span1[j - 2] + 1;
            if (c * (bestSpan + w) < best * (span + w)) {
                best = c;
                bestSpan = span;
            }
            costNow[j] = best;
            spanNow[j] = bestSpan;
        }
        rotate();
        started = true;
        lastSpan = span1[m - 1];
        lastDistance = lastSpan < minSpan || lastSpan > maxSpan ? Float.POSITIVE_INFINITY : cost1[m - 1] / (lastSpan + m);
    }

    /** j = 1: as the general case, but the template-compressing step may start fresh at this frame. */
    private void step1() {
        float d = dCur[1], w = 2;
        float best = cost1[0] + 2 * d;
        int bestSpan = span1[0] + 1;
        float c = cost2[0] + 2 * dPrev[1] + d;
        int span = span2[0] + 2;
        if (better(c, span, best, bestSpan, w)) {
            best = c;
            bestSpan = span;
        }
        c = 2 * dCur[0] + d;
        if (better(c, 1, best, bestSpan, w)) {
            best = c;
            bestSpan = 1;
        }
        costNow[1] = best;
        spanNow[1] = bestSpan;
    }

    private static boolean better(float c, int span, float best, int bestSpan, float w) {
        return c * (bestSpan + w) < best * (span + w);
    }

    private void localDistances(float[] x) {
        if (dim != 12) {
            for (int j = 0; j < m; j++) {
                float dot = 0;
                for (int k = 0; k < dim; k++) dot += x[k] * flat[j * dim + k];
                dCur[j] = 1f - dot;
            }
            return;
        }
        float x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7], x8 = x[8], x9 = x[9],
                x10 = x[10], x11 = x[11];
        for (int j = 0, o = 0; j < m; j++, o += 12) {
            float dot = x0 * flat[o] + x1 * flat[o + 1] + x2 * flat[o + 2] + x3 * flat[o + 3] + x4 * flat[o + 4] + x5 * flat[o + 5]
                    + x6 * flat[o + 6] + x7 * flat[o + 7] + x8 * flat[o + 8] + x9 * flat[o + 9] + x10 * flat[o + 10] + x11 * flat[o + 11];
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
