package dev.wakegate.detect.template;

import java.util.Arrays;

/**
 * Computes {@link Alignment}s in matrices it keeps: they grow to the largest window and template seen and are
 * reused after that, and the last alignment is read from here ({@link #run}, then {@link #mean()} …), so re-scoring
 * a dip in the stream allocates nothing. Not thread-safe: one per matcher.
 */
final class Aligner {
    private static final byte START = 0, START_STRETCHED = 1, START_COMPRESSED = 2, DIAGONAL = 3, STRETCH = 4, COMPRESS = 5;

    private float[] d = new float[0], cost = new float[0];
    private int[] len = new int[0];
    private byte[] step = new byte[0];
    private float[] sum = new float[0];
    private int[] count = new int[0];
    private int[] inputFrame = new int[0];
    private float[] columns = new float[0];
    private double[] sums = new double[0];
    private int m;    // the current template's length: the row stride of the matrices
    private float mean, worstPart;
    private int startFrame, endFrame;

    /** Matrices that grow when a larger window or template comes. */
    Aligner() {}

    /** Matrices made now for windows of up to {@code maxWindow} frames and templates of up to {@code maxTemplate}. */
    Aligner(int maxWindow, int maxTemplate) {
        fit(maxWindow, maxTemplate, LoudnessCepstra.DIM);   // the widest cepstra it aligns
    }

    /** Aligns unit-vector template {@code t} inside unit-vector input {@code x[from, to)}, as a new {@link Alignment}. */
    Alignment align(float[][] x, int from, int to, float[][] t) {
        if (!run(x, from, to, t)) return Alignment.NONE;
        return new Alignment(mean, worstPart, worstOf(Alignment.SHORT_PARTS), worstOf(Alignment.SHORTEST_PARTS), startFrame, endFrame, Arrays.copyOf(inputFrame, m));
    }

    /**
     * Aligns unit-vector template {@code t} inside unit-vector input {@code x[from, to)}; false if nothing aligns.
     * The alignment is then read from {@link #mean()}, {@link #worstPart()}, {@link #startFrame()}, {@link #endFrame()}
     * and {@link #inputFrame(int)} (see {@link Alignment}), until the next call.
     */
    boolean run(float[][] x, int from, int to, float[][] t) {
        int n = to - from;
        m = t.length;
        mean = Float.POSITIVE_INFINITY;
        if (n < 2 || m < 2) return false;
        fit(n, m, x[from].length);
        distances(x, from, n, t);
        Arrays.fill(cost, 0, n * m, Float.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int inner = i < 2 ? m : Math.min(2, m);
            for (int j = 0; j < inner; j++) relax(i, j);
            for (int j = inner; j < m; j++) relaxInner(i * m + j);
        }
        int end = -1;
        float best = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float c = cost[i * m + m - 1] / len[i * m + m - 1];
            if (c < best) {
                best = c;
                end = i;
            }
        }
        if (end < 0) return false;
        backtrack(end, best);
        return true;
    }

    /**
     * The local distances d(i, j) = 1 - x[from + i] . t[j], each dot product summed in the order of
     * {@link UnitVectors#dot}, but a row at a time over the template's frames, from the template held by dimension,
     * so that the sums of one row are independent and can run side by side.
     */
    private void distances(float[][] x, int from, int n, float[][] t) {
        int dims = x[from].length;
        for (int j = 0; j < m; j++) for (int k = 0; k < dims; k++) columns[k * m + j] = t[j][k];
        for (int i = 0; i < n; i++) {
            float[] row = x[from + i];
            Arrays.fill(sums, 0, m, 0.0);
            for (int k = 0; k < dims; k++) {
                float a = row[k];
                int column = k * m;
                for (int j = 0; j < m; j++) sums[j] += a * columns[column + j];
            }
            for (int j = 0; j < m; j++) d[i * m + j] = 1f - (float) sums[j];
        }
    }

    float mean() {
        return mean;
    }

    float worstPart() {
        return worstPart;
    }

    int startFrame() {
        return startFrame;
    }

    int endFrame() {
        return endFrame;
    }

    /** The (last) input frame the path maps template frame {@code j} to, relative to the window. */
    int inputFrame(int j) {
        return inputFrame[j];
    }

    /** Matrices for a window of {@code n} frames and a template of {@code m}, of vectors of {@code dims} numbers. */
    private void fit(int n, int m, int dims) {
        if (d.length < n * m) {
            d = new float[n * m];
            cost = new float[n * m];
            len = new int[n * m];
            step = new byte[n * m];
        }
        if (columns.length < dims * m) columns = new float[dims * m];
        if (sum.length < m) {
            sums = new double[m];
            sum = new float[m];
            count = new int[m];
            inputFrame = new int[m];
        }
    }

    private float d(int i, int j) {
        return d[i * m + j];
    }

    /**
     * The best way into cell (i, j): the lowest mean local distance per path step. Each candidate's mean is divided
     * out once and the best one's is kept, the same quotients compared as ever, so paths and ties are unchanged.
     */
    private void relax(int i, int j) {
        int at = i * m + j;
        float dij = d[at];
        float best = Float.POSITIVE_INFINITY, bestMean = Float.POSITIVE_INFINITY;
        int bestLen = 1;
        byte how = -1;
        if (j == 0) {
            best = 2 * dij;
            bestLen = 2;
            bestMean = best / bestLen;
            how = START;
            if (i >= 1) {
                float c = 2 * d[at - m] + dij;
                if (Float.isFinite(c) && c / 3 < bestMean) { best = c; bestLen = 3; bestMean = c / 3; how = START_STRETCHED; }
            }
        }
        if (j == 1) {
            float c = 2 * d[at - 1] + dij;
            if (Float.isFinite(c) && c / 3 < bestMean) { best = c; bestLen = 3; bestMean = c / 3; how = START_COMPRESSED; }
        }
        if (i >= 1 && j >= 1) {
            int from = at - m - 1;
            float c = cost[from] + 2 * dij;
            int l = len[from] + 2;
            if (Float.isFinite(c) && c / l < bestMean) { best = c; bestLen = l; bestMean = c / l; how = DIAGONAL; }
        }
        if (i >= 2 && j >= 1) {
            int from = at - 2 * m - 1;
            float c = cost[from] + 2 * d[at - m] + dij;
            int l = len[from] + 3;
            if (Float.isFinite(c) && c / l < bestMean) { best = c; bestLen = l; bestMean = c / l; how = STRETCH; }
        }
        if (i >= 1 && j >= 2) {
            int from = at - m - 2;
            float c = cost[from] + 2 * d[at - 1] + dij;
            int l = len[from] + 3;
            if (Float.isFinite(c) && c / l < bestMean) { best = c; bestLen = l; bestMean = c / l; how = COMPRESS; }
        }
        cost[at] = best;
        len[at] = bestLen;
        step[at] = how;
    }

    /**
     * {@link #relax} for a cell with every way in (i >= 2, j >= 2) and none from a start, without branches: the
     * diagonal, then a stretch or a compression if its mean is lower, as {@link #relax} chooses. A cell no path
     * reaches keeps an infinite cost, whichever way it records; no path passes through it.
     */
    private void relaxInner(int at) {
        float dij = d[at];
        int diagonal = at - m - 1, stretch = at - 2 * m - 1, compress = at - m - 2;
        float cD = cost[diagonal] + 2 * dij, cS = cost[stretch] + 2 * d[at - m] + dij, cC = cost[compress] + 2 * d[at - 1] + dij;
        int lD = len[diagonal] + 2, lS = len[stretch] + 3, lC = len[compress] + 3;
        float qD = cD / lD, qS = cS / lS, qC = cC / lC;
        boolean s = qS < qD;
        float q = s ? qS : qD, c = s ? cS : cD;
        int l = s ? lS : lD;
        byte how = s ? STRETCH : DIAGONAL;
        boolean k = qC < q;
        cost[at] = k ? cC : c;
        len[at] = k ? lC : l;
        step[at] = k ? COMPRESS : how;
    }

    /** The mean distance of the worst of {@code parts} equal parts of the template, from the last backtrack. */
    private float worstOf(int parts) {
        float worst = 0;
        for (int p = 0; p < parts; p++) {
            int a = p * m / parts, b = (p + 1) * m / parts;
            float s = 0;
            for (int k = a; k < b; k++) s += count[k] == 0 ? 1f : sum[k] / count[k];
            worst = Math.max(worst, s / Math.max(1, b - a));
        }
        return worst;
    }

    /** Walks the best path back, averaging the local distance of the input frames mapped to each template frame. */
    private void backtrack(int end, float pathMean) {
        Arrays.fill(sum, 0, m, 0f);
        Arrays.fill(count, 0, m, 0);
        Arrays.fill(inputFrame, 0, m, 0);
        int i = end, j = m - 1;
        while (true) {
            if (count[j] == 0) inputFrame[j] = i;
            sum[j] += d(i, j);
            count[j]++;
            byte how = step[i * m + j];
            if (how == START) break;
            if (how == START_STRETCHED) { i--; sum[0] += d(i, 0); count[0]++; break; }
            if (how == START_COMPRESSED) { inputFrame[0] = i; }
            if (how == START_COMPRESSED) { sum[0] += d(i, 0); count[0]++; break; }
            if (how == DIAGONAL) { i--; j--; }
            else if (how == STRETCH) { sum[j] += d(i - 1, j); count[j]++; i -= 2; j--; }
            else {
                if (count[j - 1] == 0) inputFrame[j - 1] = i;
                sum[j - 1] += d(i, j - 1); count[j - 1]++; i--; j -= 2;
            }
        }
        mean = pathMean;
        worstPart = worstOf(Alignment.PARTS);
        startFrame = i;
        endFrame = end;
    }
}
