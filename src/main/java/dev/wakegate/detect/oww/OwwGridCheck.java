package dev.wakegate.detect.oww;

import java.util.Arrays;
import java.util.List;

/**
 * Re-scores a candidate on the step grids the detector does not use. The detector scores the audio in 80 ms steps
 * laid from the start of the stream; where that grid falls on a word is an accident. A spoken wake word reaches the
 * threshold on most grids, while many one-step blips reach it on one grid only. This check keeps the detector's
 * recent audio (preallocated, one copy per frame) and, for a candidate, runs a second pipeline over the audio that
 * ends 20, 40 and 60 ms earlier, from {@link #contextSteps} of warm-up, and takes each grid's peak over the steps
 * around the candidate. Only a candidate pays for it.
 *
 * <p>Audio before the start of the stream or before a gap is taken as digital silence, as the detector takes the
 * past at the start of a stream. Owns nothing but its own pipeline's tensors. Not thread-safe: the pipeline thread.
 */
final class OwwGridCheck implements AutoCloseable {
    /** The other grids: 20, 40 and 60 ms earlier than the detector's. */
    static final int SHIFT_SAMPLES = OwwPipeline.STEP_SAMPLES / OwwDecision.GRIDS;
    private static final int STEP = OwwPipeline.STEP_SAMPLES;

    private final OwwPipeline probe;
    private final int contextSteps;
    private final int maxWindowSteps;
    private final short[] history;
    private final short[] step = new short[STEP];
    private long written;   // samples added since the last restart; history[written % length] is the next slot

    /**
     * @param maxWindowSteps the most steps a candidate's window spans (its decision delay + 2: the step before the first
     *                       one at or above the threshold, through the step of the decision)
     */
    OwwGridCheck(FeatureModels features, List<? extends EmbeddingWord> models, int maxWindowSteps) {
        if (maxWindowSteps < 1) throw new IllegalArgumentException("maxWindowSteps must be positive");
        this.probe = new OwwPipeline(features, models);
        this.contextSteps = probe.warmUpSteps();
        this.maxWindowSteps = maxWindowSteps;
        this.history = new short[(contextSteps + maxWindowSteps) * STEP + OwwPipeline.STEP_SAMPLES];
    }

    /** Forgets the audio (after a gap, or at the start of a stream). */
    void restart() {
        written = 0;
    }

    /** Keeps the frame (copied). */
    void add(short[] frame) {
        int at = (int) (written % history.length), first = Math.min(frame.length, history.length - at);
        System.arraycopy(frame, 0, history, at, first);
        System.arraycopy(frame, first, history, 0, frame.length - first);
        written += frame.length;
    }

    /**
     * How many of the three other grids reach {@code threshold} for model {@code word} around a candidate whose
     * window spans the last {@code windowSteps} steps up to now. Stops as soon as the answer to "at least
     * {@code needed}" is known.
     */
    int gridsReaching(int word, double threshold, int windowSteps, int needed) {
        int steps = Math.min(windowSteps, maxWindowSteps);
        int reached = 0;
        for (int g = 1; g < OwwDecision.GRIDS; g++) {
            if (reached >= needed || reached + (OwwDecision.GRIDS - g) < needed) break;
            if (peak(word, (long) g * SHIFT_SAMPLES, steps) >= threshold) reached++;
        }
        return reached;
    }

    /** Model {@code word}'s peak over the last {@code steps} steps of a grid that ends {@code shift} samples before now. */
    double peak(int word, long shift, int steps) {
        long end = written - shift;
        long start = end - (long) (contextSteps + steps) * STEP;
        probe.reset(true);
        double best = 0;
        for (int k = 0; k < contextSteps + steps; k++) {
            fill(start + (long) k * STEP);
            probe.step(step, 0);
            if (k >= contextSteps && probe.ready(word)) best = Math.max(best, probe.score(word));
        }
        Arrays.fill(step, (short) 0);   // hold no audio outside the history
        return best;
    }

    /** One step of held audio from stream position {@code from} (since the restart); what is not held is silence. */
    private void fill(long from) {
        long oldest = Math.max(0, written - history.length);
        for (int i = 0; i < STEP; i++) {
            long p = from + i;
            step[i] = p < oldest || p >= written ? 0 : history[(int) (p % history.length)];
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
