package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;

/**
 * One wake word's decision over its score, one 80 ms step at a time: pure logic, no models, no clock.
 *
 * <p>A candidate starts at the first step at or above the threshold. Once {@code triggerSteps} steps in a row have
 * reached it, the candidate is due {@code holdSteps} after its first step (or at once, if that has passed); until
 * then its peak keeps growing, whatever the score does. The caller then decides it ({@link #fired} or
 * {@link #rejected}). Either way the word waits for its score to drop under the threshold before it can start
 * another candidate, because the score of a spoken word stays high for up to a second; after a detection it also
 * stays quiet for the refractory time.
 *
 * <p>Not thread-safe: the pipeline thread only.
 */
final class OwwTrigger {
    private final int triggerSteps, holdSteps;
    private final long refractorySamples;
    private double threshold;
    private int run;
    private boolean holding;
    private long firstEnd, dueAt;
    private double peak, last;
    private boolean armed = true;
    private long quietUntil = Long.MIN_VALUE;

    OwwTrigger(OwwDecision decision, double threshold) {
        this.triggerSteps = decision.triggerSteps();
        this.holdSteps = decision.holdSteps();
        this.refractorySamples = Pcm.samples(decision.refractorySeconds());
        this.threshold = threshold;
    }

    double threshold() {
        return threshold;
    }

    void threshold(double t) {
        threshold = t;
    }

    /**
     * The score of the step that ends at sample {@code stepEnd}. Returns true when a candidate is due now: read
     * {@link #firstEnd()} and {@link #peak()}, then call {@link #fired} or {@link #rejected}.
     */
    boolean step(double score, long stepEnd) {
        last = score;
        if (holding) {
            peak = Math.max(peak, score);
            return stepEnd >= dueAt;
        }
        if (score < threshold) {
            run = 0;
            armed = true;
            return false;
        }
        if (!armed || stepEnd < quietUntil) return false;
        if (run == 0) {
            firstEnd = stepEnd;
            peak = score;
        }
        run++;
        peak = Math.max(peak, score);
        if (run < triggerSteps) return false;
        holding = true;
        dueAt = firstEnd + (long) holdSteps * OwwPipeline.STEP_SAMPLES;
        return stepEnd >= dueAt;
    }

    /** Whether a candidate awaits its decision. */
    boolean holding() {
        return holding;
    }

    /** The end of the candidate's first step at or above the threshold. */
    long firstEnd() {
        return firstEnd;
    }

    /** The candidate's highest score so far. */
    double peak() {
        return peak;
    }

    /** The candidate became a detection at {@code stepEnd}: quiet for the refractory time. */
    void fired(long stepEnd) {
        quietUntil = stepEnd + refractorySamples;
        settle();
    }

    /** The candidate was turned down: no refractory, but the score must drop before the next one. */
    void rejected() {
        settle();
    }

    /**
     * The detection was turned down by the confirmation: neither quiet nor waiting for the score to drop, since a
     * score that stays high from what fired into the word itself would otherwise hide the word.
     */
    void refused() {
        quietUntil = Long.MIN_VALUE;
        armed = true;
    }

    private void settle() {
        holding = false;
        run = 0;
        armed = last < threshold;
    }

    /** A gap in the audio (or a new stream): nothing in progress survives it; a new stream also ends the refractory time. */
    void restart(boolean newStream) {
        run = 0;
        holding = false;
        armed = true;   // a gap is silence: the utterance that fired is over
        last = 0;
        if (newStream) quietUntil = Long.MIN_VALUE;
    }
}
