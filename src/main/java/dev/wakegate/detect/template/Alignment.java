package dev.wakegate.detect.template;

/**
 * Exact subsequence DTW of a template inside a short input window, with backtracking, using the same steps and
 * normalisation as {@link SubsequenceDtw}. It re-scores a candidate that the streaming stage found: besides the
 * mean distance it reports how well each part of the template matched, so a near miss that differs in one
 * syllable ("hey commuter") cannot hide behind a good average.
 *
 * @param mean       normalised path cost in [0, 2]
 * @param worstPart  mean distance of the worst of {@link #PARTS} equal parts of the template
 * @param worstShortPart the same for {@link #SHORT_PARTS} parts: one sound swapped for another (the j of "jasper" for
 *                   the k of "casper") spans a few frames, which a quarter of the word averages away
 * @param worstShortestPart the same for {@link #SHORTEST_PARTS} parts: a stop's burst (the p of "jasper" for the t of
 *                   "jester") lasts 20-40 ms, which an eighth of the word can still average with the closure before it
 * @param startFrame first input frame of the match, relative to the window
 * @param endFrame   last input frame of the match (inclusive), relative to the window
 * @param inputFrame for each template frame, the (last) input frame the path maps to it, relative to the window
 */
public record Alignment(float mean, float worstPart, float worstShortPart, float worstShortestPart, int startFrame, int endFrame, int[] inputFrame) {
    public static final int PARTS = 4, SHORT_PARTS = 8, SHORTEST_PARTS = 16;
    static final Alignment NONE = new Alignment(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 0, 0, new int[0]);

    public boolean found() {
        return Float.isFinite(mean);
    }

    /** Aligns unit-vector template {@code t} inside unit-vector input {@code x[from, to)}, in matrices made for this call. */
    public static Alignment of(float[][] x, int from, int to, float[][] t) {
        return new Aligner().align(x, from, to, t);
    }

    @Override
    public String toString() {
        return "Alignment[mean=%.3f, worstPart=%.3f, worstShortPart=%.3f, worstShortestPart=%.3f, frames %d-%d]".formatted(mean, worstPart, worstShortPart,
                worstShortestPart, startFrame, endFrame);
    }
}
