package dev.wakegate.detect.oww;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision over hand-made score sequences: one score per 80 ms step, step k ending at sample (k + 1) × 1280. */
class OwwTriggerTest {
    private static final int STEP = OwwPipeline.STEP_SAMPLES;
    private static final double THRESHOLD = 0.5;

    /** A candidate that was due: its first step, peak and the step of the decision (0-based step numbers). */
    private record Due(int firstStep, double peak, int atStep) {}

    private static long end(int step) {
        return (long) (step + 1) * STEP;
    }

    /** Feeds the scores; each due candidate fires unless {@code reject} says no for its first step's end. */
    private static List<Due> run(OwwDecision decision, LongPredicate reject, double... scores) {
        var trigger = new OwwTrigger(decision, THRESHOLD);
        var due = new ArrayList<Due>();
        for (int k = 0; k < scores.length; k++) {
            if (!trigger.step(scores[k], end(k))) continue;
            due.add(new Due((int) (trigger.firstEnd() / STEP) - 1, trigger.peak(), k));
            if (reject.test(trigger.firstEnd())) trigger.rejected();
            else trigger.fired(end(k));
        }
        return due;
    }

    private static List<Due> run(OwwDecision decision, double... scores) {
        return run(decision, e -> false, scores);
    }

    private static OwwDecision decision(int trigger, int hold) {
        return new OwwDecision(trigger, hold, 1, 2.0);
    }

    @Test
    void openWakeWordsDecisionFiresOnTheFirstStepAtOrAboveTheThreshold() {
        // given openWakeWord's decision; when the score rises through 0.5 on step 2; then it fires there, at once
        assertEquals(List.of(new Due(2, 0.5, 2)), run(OwwDecision.OPENWAKEWORD, 0.1, 0.3, 0.5, 0.9, 0.95, 0.2));
    }

    @Test
    void aHeldCandidateIsDueHoldStepsAfterItsFirstStepWithThePeakInBetween() {
        // the first step over 0.5 is step 1; held 4 steps, the decision comes on step 5 with the peak 0.97,
        // although the score fell under the threshold meanwhile
        assertEquals(List.of(new Due(1, 0.97, 5)), run(decision(1, 4), 0.2, 0.6, 0.97, 0.7, 0.3, 0.1, 0.0));
    }

    @Test
    void theDefaultHoldsFourStepsSoTheConfirmerGetsThreeTenthsOfASecondAfterTheWord() {
        assertEquals(4, OwwDecision.DEFAULT.holdSteps());
        assertTrue(4 * STEP >= dev.wakegate.audio.Pcm.samples(0.3), "the gate hands the confirmer up to 0.3 s after the word");
        assertEquals(List.of(new Due(0, 0.8, 4)), run(OwwDecision.DEFAULT, 0.8, 0.6, 0.2, 0.1, 0.0, 0.0));
    }

    @Test
    void aTriggerLevelNeedsThatManyStepsInARowAndABrokenRunStartsOver() {
        // trigger level 3: 0.6 0.7 | 0.4 breaks the run | 0.6 0.8 0.9 fires on the third, its run starting at step 3
        assertEquals(List.of(new Due(3, 0.9, 5)), run(decision(3, 0), 0.6, 0.7, 0.4, 0.6, 0.8, 0.9, 0.9, 0.1));
        // a one-step blip never reaches trigger level 2
        assertEquals(List.of(), run(decision(2, 0), 0.1, 0.77, 0.1, 0.0));
    }

    @Test
    void theDecisionWaitsForTheLongerOfTheTriggerLevelAndTheHold() {
        assertEquals(3, decision(4, 2).decisionDelaySteps());
        assertEquals(List.of(new Due(0, 0.9, 3)), run(decision(4, 2), 0.6, 0.7, 0.8, 0.9, 0.9, 0.1));
        assertEquals(List.of(new Due(0, 0.8, 4)), run(decision(2, 4), 0.6, 0.8, 0.3, 0.1, 0.1, 0.1));
    }

    @Test
    void afterADetectionTheWordWaitsForTheScoreToDropAndForTheRefractoryTime() {
        // the plateau of one utterance gives one detection
        assertEquals(1, run(OwwDecision.OPENWAKEWORD, 0.6, 0.9, 0.9, 0.8, 0.9, 0.7, 0.2).size());
        // a second rise within 2 s (25 steps) is ignored, one after it is heard
        double[] scores = new double[40];
        scores[0] = 0.9;
        scores[10] = 0.9;
        scores[30] = 0.9;
        var due = run(OwwDecision.OPENWAKEWORD, scores);
        assertEquals(List.of(0, 30), due.stream().map(Due::firstStep).toList());
    }

    @Test
    void aRejectedCandidateStartsNoRefractoryTimeSoTheWordRightAfterItIsHeard() {
        // given a blip on step 1 that the check turns down, then a real word from step 8 on
        var due = run(decision(1, 2), e -> e == end(1), 0.1, 0.7, 0.1, 0.0, 0.0, 0.0, 0.0, 0.3, 0.8, 0.9, 0.9, 0.4);
        // then both become candidates, and only the blip was rejected
        assertEquals(List.of(1, 8), due.stream().map(Due::firstStep).toList());
    }

    @Test
    void aRejectedCandidateStillOnItsPlateauWaitsForTheScoreToDrop() {
        var due = run(decision(1, 1), e -> e == end(0), 0.8, 0.9, 0.9, 0.9, 0.2, 0.9, 0.2);
        assertEquals(List.of(0, 5), due.stream().map(Due::firstStep).toList(), "not again on steps 2-3 of the same plateau");
    }

    @Test
    void aDetectionTheConfirmationRefusedLeavesTheWordFreeToFireAgainOnTheSamePlateau() {
        // given a detection on step 0, on a score that stays over the threshold into the word itself
        var trigger = new OwwTrigger(decision(1, 0), THRESHOLD);
        assertTrue(trigger.step(0.6, end(0)));
        trigger.fired(end(0));
        assertFalse(trigger.step(0.7, end(1)), "fired: quiet, and waiting for the score to drop");
        // when the confirmation refuses it
        trigger.refused();
        // then the next step over the threshold is a candidate: no refractory time, no drop needed
        assertTrue(trigger.step(0.8, end(2)));
        assertEquals(end(2), trigger.firstEnd());
    }

    @Test
    void aGapDropsTheRunAndANewStreamEndsTheRefractoryTime() {
        var trigger = new OwwTrigger(decision(2, 0), THRESHOLD);
        assertFalse(trigger.step(0.9, end(0)));
        trigger.restart(false);
        assertFalse(trigger.step(0.9, end(1)), "the run before the gap does not count");
        assertTrue(trigger.step(0.9, end(2)));
        trigger.fired(end(2));
        trigger.restart(true);
        assertFalse(trigger.step(0.9, end(0)));
        assertTrue(trigger.step(0.9, end(1)), "a new stream is not quiet");
    }

    @Test
    void theThresholdCanChangeWhileRunning() {
        var trigger = new OwwTrigger(OwwDecision.OPENWAKEWORD, 0.95);
        assertFalse(trigger.step(0.9, end(0)));
        trigger.threshold(0.8);
        assertTrue(trigger.step(0.9, end(1)));
    }

    @Test
    void nonsenseDecisionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OwwDecision(0, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new OwwDecision(1, -1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new OwwDecision(1, 0, 5, 2));
        assertThrows(IllegalArgumentException.class, () -> new OwwDecision(1, 0, 1, -1));
    }
}
