package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact alignment follows its rule to the last bit however it is computed: each cell is entered by the way with
 * the lowest mean local distance per path step (the first of equal ones, in the order start, start stretched, start
 * compressed, diagonal, stretch, compress), the match ends where that mean is lowest, and the path is walked back
 * from there. The rule is written out plainly here and compared with {@link Aligner}, which computes it faster.
 */
class AlignerTest {
    private static final int DIMS = 12;

    /** The rule, plainly: the best way into every cell, then the path from the best end. */
    private static Alignment byTheRule(float[][] x, float[][] t) {
        int n = x.length, m = t.length;
        float[][] d = new float[n][m], cost = new float[n][m];
        int[][] len = new int[n][m];
        char[][] way = new char[n][m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) d[i][j] = 1f - (float) UnitVectors.dot(x[i], t[j]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                float best = Float.POSITIVE_INFINITY, bestMean = Float.POSITIVE_INFINITY;
                int bestLen = 1;
                char how = '?';
                float[] c = new float[6];
                int[] l = new int[6];
                char[] ways = {'s', 'S', 'C', 'd', 't', 'c'};
                Arrays.fill(c, Float.POSITIVE_INFINITY);
                if (j == 0) { c[0] = 2 * d[i][j]; l[0] = 2; }
                if (j == 0 && i >= 1) { c[1] = 2 * d[i - 1][0] + d[i][j]; l[1] = 3; }
                if (j == 1) { c[2] = 2 * d[i][0] + d[i][j]; l[2] = 3; }
                if (i >= 1 && j >= 1) { c[3] = cost[i - 1][j - 1] + 2 * d[i][j]; l[3] = len[i - 1][j - 1] + 2; }
                if (i >= 2 && j >= 1) { c[4] = cost[i - 2][j - 1] + 2 * d[i - 1][j] + d[i][j]; l[4] = len[i - 2][j - 1] + 3; }
                if (i >= 1 && j >= 2) { c[5] = cost[i - 1][j - 2] + 2 * d[i][j - 1] + d[i][j]; l[5] = len[i - 1][j - 2] + 3; }
                for (int k = 0; k < 6; k++)
                    if (Float.isFinite(c[k]) && c[k] / l[k] < bestMean) { best = c[k]; bestLen = l[k]; bestMean = c[k] / l[k]; how = ways[k]; }
                cost[i][j] = best;
                len[i][j] = bestLen;
                way[i][j] = how;
            }
        int end = -1;
        float mean = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++)
            if (cost[i][m - 1] / len[i][m - 1] < mean) { mean = cost[i][m - 1] / len[i][m - 1]; end = i; }
        if (end < 0) return Alignment.NONE;
        int[] inputFrame = new int[m];
        boolean[] mapped = new boolean[m];
        int i = end, j = m - 1;
        while (true) {
            if (!mapped[j]) { inputFrame[j] = i; mapped[j] = true; }
            char how = way[i][j];
            if (how == 's') break;
            if (how == 'S') { i--; break; }
            if (how == 'C') { inputFrame[0] = i; break; }
            if (how == 'd') { i--; j--; }
            else if (how == 't') { i -= 2; j--; }
            else { if (!mapped[j - 1]) { inputFrame[j - 1] = i; mapped[j - 1] = true; } i--; j -= 2; }
        }
        return new Alignment(mean, 0, 0, 0, i, end, inputFrame);
    }

    /** Unit vectors drawn from {@code kinds} fixed ones, so that many distances, sums and means tie. */
    private static float[][] vectors(Random random, int count, int kinds, float[][] pool) {
        float[][] v = new float[count][];
        for (int i = 0; i < count; i++) v[i] = pool[random.nextInt(kinds)];
        return v;
    }

    private static float[][] pool(Random random, int size) {
        float[][] pool = new float[size][DIMS];
        for (float[] p : pool) {
            for (int k = 0; k < DIMS; k++) p[k] = (float) random.nextGaussian();
            UnitVectors.normalise(p);
        }
        return pool;
    }

    @Test
    void alignsAsTheRuleSaysOnRandomAndTiedInputs() {
        var random = new Random(20261206);
        var aligner = new Aligner();
        int compared = 0;
        for (int trial = 0; trial < 600; trial++) {
            int kinds = trial % 3 == 0 ? 2 : trial % 3 == 1 ? 5 : 64;   // few kinds: ties everywhere
            float[][] pool = pool(random, kinds);
            float[][] x = vectors(random, 2 + random.nextInt(60), kinds, pool), t = vectors(random, 2 + random.nextInt(30), kinds, pool);
            var expected = byTheRule(x, t);
            var actual = aligner.align(x, 0, x.length, t);
            assertEquals(expected.found(), actual.found(), "trial " + trial);
            if (!expected.found()) continue;
            assertEquals(expected.mean(), actual.mean(), "trial " + trial + ": the mean, to the bit");
            assertEquals(expected.startFrame(), actual.startFrame(), "trial " + trial + ": where the match starts");
            assertEquals(expected.endFrame(), actual.endFrame(), "trial " + trial + ": where it ends");
            assertArrayEquals(expected.inputFrame(), actual.inputFrame(), "trial " + trial + ": the path");
            compared++;
        }
        assertTrue(compared > 500, compared + " alignments compared");
    }

    @Test
    void aWindowInsideALargerInputAlignsAsTheWindowAlone() {
        var random = new Random(7);
        float[][] pool = pool(random, 64);
        float[][] input = vectors(random, 80, 64, pool), t = vectors(random, 25, 64, pool);
        var alone = new Aligner().align(Arrays.copyOfRange(input, 20, 70), 0, 50, t);
        var inside = new Aligner().align(input, 20, 70, t);
        assertEquals(alone.mean(), inside.mean());
        assertArrayEquals(alone.inputFrame(), inside.inputFrame());
    }
}
