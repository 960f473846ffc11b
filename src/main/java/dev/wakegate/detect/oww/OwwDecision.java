package dev.wakegate.detect.oww;

/**
 * How an openWakeWord word's score, one value per 80 ms step, becomes a detection. The threshold itself is per word
 * ({@code 1 - sensitivity}); these settings are shared by all words of a detector.
 *
 * @param triggerSteps      steps in a row at or above the threshold before a word is a candidate (openWakeWord: 1,
 *                          openWakeWord-cpp: 4); {@code --oww-trigger-level}
 * @param holdSteps         steps the decision waits after the first step at or above the threshold. The score of the
 *                          pretrained models crosses the threshold while the word's last vowel is still sounding;
 *                          holding lets the detection carry the whole word to the confirmer (the gate hands it the
 *                          audio up to the moment of the decision) and lets the grid check see the whole rise
 * @param gridsNeeded       of the four 80 ms step grids, the detector's own and three shifted by 20, 40 and 60 ms, how
 *                          many must reach the threshold around the candidate (1: the detector's own grid alone, as
 *                          openWakeWord decides). A spoken word reaches it whichever way the grid falls; a one-step
 *                          blip is often an accident of where the grid fell
 * @param refractorySeconds how long a word stays quiet after it fired
 */
public record OwwDecision(int triggerSteps, int holdSteps, int gridsNeeded, double refractorySeconds) {
    /** The grids the check can use: the detector's own plus three shifted by a quarter step each. */
    public static final int GRIDS = 4;
    /** As wyoming-openwakeword: a word that fired stays quiet for 2 s (and until its score has dropped). */
    public static final double REFRACTORY_SECONDS = 2.0;

    /**
     * wakegate's default: fire on the first step at or above the threshold (openWakeWord's trigger), decide 4 steps
     * (0.32 s) later, so that the confirmer gets the gate's 0.3 s after the word, and only if 3 of the 4 step grids
     * reach the threshold. {@code scripts/bench-oww.sh} measures why (docs/oww.md).
     */
    public static final OwwDecision DEFAULT = new OwwDecision(OwwDetector.DEFAULT_TRIGGER_STEPS, 4, 3, REFRACTORY_SECONDS);

    /** openWakeWord's own streaming decision: the first step at or above the threshold fires, at once. */
    public static final OwwDecision OPENWAKEWORD = new OwwDecision(1, 0, 1, REFRACTORY_SECONDS);

    public OwwDecision {
        if (triggerSteps < 1) throw new IllegalArgumentException("triggerSteps must be at least 1: " + triggerSteps);
        if (holdSteps < 0) throw new IllegalArgumentException("holdSteps must not be negative: " + holdSteps);
        if (gridsNeeded < 1 || gridsNeeded > GRIDS) throw new IllegalArgumentException("gridsNeeded must be 1-" + GRIDS + ": " + gridsNeeded);
        if (!(refractorySeconds >= 0)) throw new IllegalArgumentException("refractorySeconds must not be negative: " + refractorySeconds);
    }

    public OwwDecision withTriggerSteps(int steps) {
        return new OwwDecision(steps, holdSteps, gridsNeeded, refractorySeconds);
    }

    public OwwDecision withHoldSteps(int steps) {
        return new OwwDecision(triggerSteps, steps, gridsNeeded, refractorySeconds);
    }

    public OwwDecision withGridsNeeded(int grids) {
        return new OwwDecision(triggerSteps, holdSteps, grids, refractorySeconds);
    }

    /** Steps from the first step at or above the threshold to the decision. */
    public int decisionDelaySteps() {
        return Math.max(triggerSteps - 1, holdSteps);
    }
}
