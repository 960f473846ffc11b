package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming subsequence DTW (and its exact twin, {@link Alignment}) on random unit vectors with a known embedded match. */
class SubsequenceDtwTest {
    private static final int DIM = Mfcc.COEFFS, M = 40;
    /** The span limits WordModel uses: a match covers 0.6-1.7 times the template's length. */
    private static final int MIN_SPAN = (int) Math.floor(M * 0.6), MAX_SPAN = (int) Math.ceil(M * 1.7);

    private final SplittableRandom rnd = new SplittableRandom(42);

    private float[] unit() {
        float[] v = new float[DIM];
        float s = 0;
        for (int k = 0; k < DIM; k++) {
            v[k] = (float) (rnd.nextDouble() * 2 - 1);
            s += v[k] * v[k];
        }
        for (int k = 0; k < DIM; k++) v[k] /= (float) Math.sqrt(s);
        return v;
    }

    private float[][] randomFrames(int n) {
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) x[i] = unit();
        return x;
    }

    /** Each template frame repeated so that the copy is {@code factor} times as long (nearest-frame time stretch). */
    private static float[][] stretched(float[][] t, double factor) {
        int n = (int) Math.round(t.length * factor);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = t[(int) Math.min(t.length - 1, Math.floor(i / factor))];
        return out;
    }

    private static float[][] concat(float[][]... parts) {
        var all = new ArrayList<float[]>();
        for (float[][] p : parts) all.addAll(List.of(p));
        return all.toArray(float[][]::new);
    }

    /** The best distance over the whole input, the input frame it ended at, and its span. */
    private record Best(float distance, int endFrame, int span) {}

    private static Best stream(SubsequenceDtw dtw, float[][] input) {
        Best best = new Best(Float.POSITIVE_INFINITY, -1, 0);
        for (int t = 0; t < input.length; t++) {
            dtw.step(input[t]);
            if (dtw.distance() < best.distance()) best = new Best(dtw.distance(), t, dtw.matchSpan());
        }
        return best;
    }

    @Test
    void templateEmbeddedInRandomInputIsFoundWithDistanceZeroAndItsSpan() {
        // given: 60 random frames, the template, 60 random frames
        float[][] template = randomFrames(M);
        float[][] input = concat(randomFrames(60), template, randomFrames(60));
        // when
        Best best = stream(new SubsequenceDtw(template, MIN_SPAN, MAX_SPAN), input);
        // then
        assertEquals(0, best.distance(), 1e-5);
        assertEquals(60 + M - 1, best.endFrame());
        assertEquals(M, best.span());
    }

    @Test
    void templateStretchedOneAndAHalfTimesIsFoundWithItsStretchedSpan() {
        // given
        float[][] template = randomFrames(M);
        float[][] slow = stretched(template, 1.5);
        float[][] input = concat(randomFrames(50), slow, randomFrames(50));
        // when
        Best best = stream(new SubsequenceDtw(template, MIN_SPAN, MAX_SPAN), input);
        // then: the copy repeats the template's first frame, so a match may start on either copy (±1 frame)
        assertEquals(0, best.distance(), 1e-5);
        assertEquals(50 + slow.length - 1, best.endFrame());
        assertEquals(slow.length, best.span(), 1);
    }

    @Test
    void templateStretchedThreeTimesIsNotFound() {
        // given: a copy three times as long, beyond both the slope (2x) and the span (1.7x) limits
        float[][] template = randomFrames(M);
        float[][] input = concat(randomFrames(50), stretched(template, 3.0), randomFrames(50));
        float[][] control = concat(randomFrames(50), stretched(template, 1.5), randomFrames(50));
        // when
        Best best = stream(new SubsequenceDtw(template, MIN_SPAN, MAX_SPAN), input);
        Best found = stream(new SubsequenceDtw(template, MIN_SPAN, MAX_SPAN), control);
        // then
        assertTrue(best.distance() > 0.2, "3x stretched copy matched at " + best);
        assertTrue(best.span() <= MAX_SPAN, "a reported match never exceeds the span limit: " + best);
        assertTrue(found.distance() < 0.01, "control: 1.5x is found, " + found);
    }

    @Test
    void matchesOutsideTheSpanLimitsAreNotReported() {
        // given: the template in the input, but a span limit that excludes its own length
        float[][] template = randomFrames(M);
        float[][] input = concat(randomFrames(30), template, randomFrames(30));
        // when
        Best best = stream(new SubsequenceDtw(template, M + 5, MAX_SPAN), input);
        // then
        assertTrue(best.distance() > 0.1, "an exact copy shorter than minSpan is not a match: " + best);
    }

    @Test
    void resetForgetsPartialMatches() {
        // given: the first half of the template, then a reset, then the second half
        float[][] template = randomFrames(M);
        var dtw = new SubsequenceDtw(template, MIN_SPAN, MAX_SPAN);
        float[][] first = java.util.Arrays.copyOfRange(template, 0, M / 2), second = java.util.Arrays.copyOfRange(template, M / 2, M);
        stream(dtw, concat(randomFrames(20), first));
        // when
        dtw.reset();
        Best afterReset = stream(dtw, second);
        // then
        assertTrue(afterReset.distance() > 0.1, "half a word after a gap is not a word: " + afterReset);
        assertEquals(M, dtw.length());
    }

    @Test
    void distanceIsInfiniteUntilAMatchCouldHaveEnded() {
        // given
        var dtw = new SubsequenceDtw(randomFrames(M), MIN_SPAN, MAX_SPAN);
        // when / then: fewer input frames than the shortest allowed span
        for (int t = 0; t < MIN_SPAN - 1; t++) {
            dtw.step(unit());
            assertFalse(Float.isFinite(dtw.distance()), "frame " + t);
        }
    }

    @Test
    void exactAlignmentFindsTheEmbeddedTemplateFrameByFrame() {
        // given
        float[][] template = randomFrames(M);
        float[][] window = concat(randomFrames(25), template, randomFrames(25));
        // when
        Alignment a = Alignment.of(window, 0, window.length, template);
        // then
        assertTrue(a.found());
        assertEquals(0, a.mean(), 1e-5);
        assertEquals(0, a.worstPart(), 1e-5);
        assertEquals(0, a.worstShortPart(), 1e-5);
        assertEquals(0, a.worstShortestPart(), 1e-5);
        assertEquals(25, a.startFrame());
        assertEquals(25 + M - 1, a.endFrame());
        for (int j = 0; j < M; j++) assertEquals(25 + j, a.inputFrame()[j], "template frame " + j);
    }

    @Test
    void exactAlignmentOfAStretchedCopySpansTheCopy() {
        // given
        float[][] template = randomFrames(M);
        float[][] slow = stretched(template, 1.5);
        float[][] window = concat(randomFrames(10), slow, randomFrames(10));
        // when
        Alignment a = Alignment.of(window, 0, window.length, template);
        // then: within one frame at the start, where the copy repeats the template's first frame
        assertEquals(0, a.mean(), 1e-5);
        assertEquals(10, a.startFrame(), 1);
        assertEquals(10 + slow.length - 1, a.endFrame());
    }

    @Test
    void aMatchThatDiffersInOnePartHasAWorstPartFarAboveItsMean() {
        // given: the template with its third quarter replaced, like "hey commuter" against "hey computer"
        float[][] template = randomFrames(M);
        // when
        Alignment a = alignedWithFramesReplaced(template, M / 2, 3 * M / 4);
        // then
        assertTrue(a.worstPart() > 0.5, a.toString());
        assertTrue(a.worstPart() > 2 * a.mean(), a.toString());
    }

    @Test
    void aMatchThatDiffersInOneSoundHasAWorstShortPartFarAboveItsWorstQuarter() {
        // given: the template with its seventh eighth replaced, like "hey casper" against "hey jasper" (a k for the j)
        float[][] template = randomFrames(M);
        // when
        Alignment a = alignedWithFramesReplaced(template, 6 * M / 8, 7 * M / 8);
        // then: the quarter that holds it averages it with frames that match
        assertTrue(a.worstShortPart() > 0.5, a.toString());
        assertTrue(a.worstShortPart() > 1.5 * a.worstPart(), a.toString());
    }

    @Test
    void aMatchThatDiffersInOneBurstHasAWorstShortestPartFarAboveItsWorstEighth() {
        // given: the template with its thirteenth sixteenth replaced, like the t of "hey jester" for the p of "hey jasper"
        float[][] template = randomFrames(M);
        // when
        Alignment a = alignedWithFramesReplaced(template, 12 * M / 16, 13 * M / 16);
        // then: the eighth that holds it averages it with the sixteenth beside it, which matches
        assertTrue(a.worstShortestPart() > 0.5, a.toString());
        assertTrue(a.worstShortestPart() > 1.5 * a.worstShortPart(), a.toString());
    }

    /** The template aligned inside other frames, with its frames [from, to) replaced by others: one part of it said differently. */
    private Alignment alignedWithFramesReplaced(float[][] template, int from, int to) {
        float[][] nearMiss = template.clone();
        for (int j = from; j < to; j++) nearMiss[j] = unit();
        float[][] window = concat(randomFrames(10), nearMiss, randomFrames(10));
        return Alignment.of(window, 0, window.length, template);
    }

    @Test
    void aWindowTooShortToAlignIsNotAMatch() {
        // given
        float[][] template = randomFrames(M);
        // when / then
        assertFalse(Alignment.of(randomFrames(1), 0, 1, template).found());
    }
}
