package dev.wakegate.detect.template;

import java.util.Arrays;

/**
 * Exact subsequence DTW of a template inside a short input window, with backtracking, using the same steps and
 * normalisation as {@link SubsequenceDtw}. It re-scores a candidate that the streaming stage found: besides the
 * mean distance it reports how well each part of the template matched, so a near miss that differs in one
 * syllable ("hey commuter") cannot hide behind a good average.
 *
 * @param mean       normalised path cost in [0, 2]
 * @param worstPart  mean distance of the worst of {@link #PARTS} equal parts of the template
 * @param startFrame first input frame of the match, relative to the window
 * @param endFrame   last input frame of the match (inclusive), relative to the window
 * @param inputFrame for each template frame, the (last) input frame the path maps to it, relative to the window
 */
public record Alignment(float mean, float worstPart, int startFrame, int endFrame, int[] inputFrame) {
    public static final int PARTS = 4;
    private static final Alignment NONE = new Alignment(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 0, 0, new int[0]);
    private static final byte START = 0, START_STRETCHED = 1, START_COMPRESSED = 2, DIAGONAL = 3, STRETCH = 4, COMPRESS = 5;

    public boolean found() {
        return Float.isFinite(mean);
    }

    /** Aligns unit-vector template {@code t} inside unit-vector input {@code x[from, to)}. */
    public static Alignment of(float[][] x, int from, int to, float[][] t) {
        int n = to - from, m = t.length;
        if (n < 2 || m < 2) return NONE;
        float[][] d = new float[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) d[i][j] = 1f - (float) UnitVectors.dot(x[from + i], t[j]);
        float[][] cost = new float[n][m];
        int[][] len = new int[n][m];
        byte[][] step = new byte[n][m];
        for (float[] row : cost) Arrays.fill(row, Float.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) relax(d, cost, len, step, i, j);
        int end = -1;
        float best = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float c = cost[i][m - 1] / len[i][m - 1];
            if (c < best) {
                best = c;
                end = i;
            }
        }
        if (end < 0) return NONE;
        return backtrack(d, step, end, m, best);
    }

    private static void relax(float[][] d, float[][] cost, int[][] len, byte[][] step, int i, int j) {
        float best = Float.POSITIVE_INFINITY;
        int bestLen = 1;
        byte how = -1;
        if (j == 0) { best = 2 * d[i][0]; bestLen = 2; how = START; }
        if (j == 0 && i >= 1 && better(2 * d[i - 1][0] + d[i][0], 3, best, bestLen)) { best = 2 * d[i - 1][0] + d[i][0]; bestLen = 3; how = START_STRETCHED; }
        if (j == 1 && better(2 * d[i][0] + d[i][1], 3, best, bestLen)) { best = 2 * d[i][0] + d[i][1]; bestLen = 3; how = START_COMPRESSED; }
        if (i >= 1 && j >= 1 && better(cost[i - 1][j - 1] + 2 * d[i][j], len[i - 1][j - 1] + 2, best, bestLen)) {
            best = cost[i - 1][j - 1] + 2 * d[i][j]; bestLen = len[i - 1][j - 1] + 2; how = DIAGONAL;
        }
        if (i >= 2 && j >= 1 && better(cost[i - 2][j - 1] + 2 * d[i - 1][j] + d[i][j], len[i - 2][j - 1] + 3, best, bestLen)) {
            best = cost[i - 2][j - 1] + 2 * d[i - 1][j] + d[i][j]; bestLen = len[i - 2][j - 1] + 3; how = STRETCH;
        }
        if (i >= 1 && j >= 2 && better(cost[i - 1][j - 2] + 2 * d[i][j - 1] + d[i][j], len[i - 1][j - 2] + 3, best, bestLen)) {
            best = cost[i - 1][j - 2] + 2 * d[i][j - 1] + d[i][j]; bestLen = len[i - 1][j - 2] + 3; how = COMPRESS;
        }
        cost[i][j] = best;
        len[i][j] = bestLen;
        step[i][j] = how;
    }

    private static boolean better(float c, int l, float best, int bestLen) {
        return Float.isFinite(c) && c / l < best / bestLen;
    }

    /** Walks the best path back, averaging the local distance of the input frames mapped to each template frame. */
    private static Alignment backtrack(float[][] d, byte[][] step, int end, int m, float mean) {
        float[] sum = new float[m];
        int[] count = new int[m];
        int[] inputFrame = new int[m];
        int i = end, j = m - 1;
        while (true) {
            if (count[j] == 0) inputFrame[j] = i;
            sum[j] += d[i][j];
            count[j]++;
            byte how = step[i][j];
            if (how == START) break;
            if (how == START_STRETCHED) { i--; sum[0] += d[i][0]; count[0]++; break; }
            if (how == START_COMPRESSED) { inputFrame[0] = i; }
            if (how == START_COMPRESSED) { sum[0] += d[i][0]; count[0]++; break; }
            if (how == DIAGONAL) { i--; j--; }
            else if (how == STRETCH) { sum[j] += d[i - 1][j]; count[j]++; i -= 2; j--; }
            else {
                if (count[j - 1] == 0) inputFrame[j - 1] = i;
                sum[j - 1] += d[i][j - 1]; count[j - 1]++; i--; j -= 2;
            }
        }
        float worst = 0;
        for (int p = 0; p < PARTS; p++) {
            int a = p * m / PARTS, b = (p + 1) * m / PARTS;
            float s = 0;
            for (int k = a; k < b; k++) s += count[k] == 0 ? 1f : sum[k] / count[k];
            worst = Math.max(worst, s / Math.max(1, b - a));
        }
        return new Alignment(mean, worst, i, end, inputFrame);
    }

    @Override
    public String toString() {
        return "Alignment[mean=%.3f, worstPart=%.3f, frames %d-%d]".formatted(mean, worstPart, startFrame, endFrame);
    }
}
