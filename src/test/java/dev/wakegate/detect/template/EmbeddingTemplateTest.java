package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding template's matching, on made-up embeddings: what matches, what a match may not be, and the score's scale. */
class EmbeddingTemplateTest {
    private static final int DIM = FeatureModels.EMBEDDING_SIZE;
    private final RandomEmbeddings embeddings = new RandomEmbeddings(7);

    private static List<float[][]> takes(float[][]... t) {
        return java.util.Arrays.stream(t).toList();
    }

    private static float scoreOf(EmbeddingTemplate t, float[][] window) {
        return scoreOf(t, t, window);
    }

    /** The score of {@code window} by {@code word}: the template itself or the template as the confirmation scores it. */
    private static float scoreOf(EmbeddingTemplate t, dev.wakegate.detect.oww.EmbeddingWord word, float[][] window) {
        try (var scorer = word.scorer()) {
            assertEquals(t.windowEmbeddings(), window.length, "test setup: a full window");
            for (int i = 0; i < window.length; i++) scorer.input().put(i * DIM, window[i]);
            return scorer.score();
        }
    }

    @Test
    void theTakeItselfAtTheEndOfTheWindowScoresNearOne() {
        float[][] take = embeddings.sequence(8);
        var t = new EmbeddingTemplate("w", takes(take), 0.02, 16_000);
        float[][] window = RandomEmbeddings.concat(embeddings.sequence(t.windowEmbeddings() - take.length), take);
        assertTrue(scoreOf(t, window) > 0.99, "score " + scoreOf(t, window));
    }

    @Test
    void theTakeSpokenSlowerStillMatches() {
        float[][] take = embeddings.sequence(6);
        float[][] slow = new float[12][];
        for (int i = 0; i < slow.length; i++) slow[i] = take[i / 2];
        var t = new EmbeddingTemplate("w", takes(take), 0.02, 16_000);
        float[][] window = RandomEmbeddings.concat(embeddings.sequence(t.windowEmbeddings() - slow.length), slow);
        assertTrue(scoreOf(t, window) > 0.99, "score " + scoreOf(t, window));
    }

    @Test
    void aTakeIsOnlyMatchedOnWhatTheStreamHeardNotOnTheHistoryAssumedBeforeIt() {
        float[][] take = embeddings.sequence(8);
        var t = new EmbeddingTemplate("w", takes(take), 0.02, 16_000);
        int n = t.windowEmbeddings();
        float[][] window = RandomEmbeddings.concat(embeddings.sequence(n - take.length), take);
        try (var scorer = t.scorer()) {
            for (int i = 0; i < n; i++) scorer.input().put(i * DIM, window[i]);
            assertTrue(scorer.score(n) > 0.99, "all of it heard: the take matches");
            assertTrue(scorer.score(take.length) > 0.99, "the take was heard: it matches");
            assertTrue(scorer.score(5) < 0.01, "only the take's last 5 vectors heard, its start was assumed: " + scorer.score(5));
            assertEquals(0, scorer.score(1), "one heard embedding is never a match");
        }
    }

    @Test
    void theConfirmationScoresTheTakeItselfAsTheDetectorDoes() {
        float[][] take = embeddings.sequence(16);
        var t = new EmbeddingTemplate("w", takes(take), 0.02, 16_000);
        float[][] window = RandomEmbeddings.concat(embeddings.sequence(t.windowEmbeddings() - take.length), take);
        assertEquals(scoreOf(t, window), scoreOf(t, t.confirming(), window), 1e-6);
    }

    @Test
    void aMatchOneStepOfWhichIsUnrelatedPassesTheDetectorButNotTheConfirmation() {
        // "hey commuter" for "hey computer": the rest matches, so the mean distance stays within the limit, but one step is far off
        float[][] take = embeddings.sequence(16);
        var t = new EmbeddingTemplate("w", takes(take), 0.02, 16_000);
        float[][] partly = take.clone();
        partly[8] = embeddings.unit();
        float[][] window = RandomEmbeddings.concat(embeddings.sequence(t.windowEmbeddings() - take.length), partly);
        assertTrue(scoreOf(t, window) > 0.7, "detector " + scoreOf(t, window));
        assertTrue(scoreOf(t, t.confirming(), window) < 0.3, "confirmation " + scoreOf(t, t.confirming(), window));
    }

    @Test
    void unrelatedSpeechScoresNearZero() {
        var t = new EmbeddingTemplate("w", takes(embeddings.sequence(8)), 0.02, 16_000);
        assertTrue(scoreOf(t, embeddings.sequence(t.windowEmbeddings())) < 0.01);
    }

    @Test
    void aTakeSqueezedOntoAMomentIsNoMatch() {
        float[] moment = embeddings.unit();
        float[][] take = new float[8][];
        java.util.Arrays.fill(take, moment);
        var dtw = new EmbeddingTemplate.Dtw(8);
        float[][] sequence = RandomEmbeddings.concat(embeddings.sequence(10), new float[][]{moment});
        assertEquals(Double.POSITIVE_INFINITY, dtw.distanceEndingAtLast(take, sequence), "8 take vectors on 1 input vector");
        float[][] spoken = RandomEmbeddings.concat(embeddings.sequence(10), new float[][]{moment, moment, moment, moment});
        assertEquals(0, dtw.distanceEndingAtLast(take, spoken), 1e-6, "the same take over half its length");
    }

    @Test
    void theScoreIsOneHalfAtTheLimitAndTheLimitWidensForTakesThatDisagree() {
        var consistent = new EmbeddingTemplate("w", takes(embeddings.sequence(4)), 0.02, 16_000);
        var loose = new EmbeddingTemplate("w", takes(embeddings.sequence(4)), 0.17, 16_000);
        assertEquals(0.5, consistent.score(consistent.limit()), 1e-9);
        assertTrue(loose.limit() > 1.5 * consistent.limit(), consistent.limit() + " vs " + loose.limit());
        assertTrue(consistent.score(1.2 * consistent.limit()) < 0.5 && consistent.score(0.8 * consistent.limit()) > 0.5);
    }

    @Test
    void agreementIsTheMedianNearestDistanceAndZeroForIdenticalTakes() {
        float[][] take = embeddings.sequence(5);
        float[][] recording = RandomEmbeddings.concat(RandomEmbeddings.concat(embeddings.sequence(3), take), embeddings.sequence(3));
        assertEquals(0, EmbeddingTemplate.agreement(takes(take, take, take), takes(recording, recording, recording)), 1e-6);
        float[][] other = embeddings.sequence(5);
        double apart = EmbeddingTemplate.agreement(takes(take, other), takes(recording, embeddings.sequence(11)));
        assertTrue(apart > 0.5, "unrelated takes: " + apart);
    }

    @Test
    void anEmbeddingOfTheWrongSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingTemplate("w", takes(new float[][]{new float[12]}), 0, 1));
    }

    @Test
    void aWidenedScoreIsTheScoreOfAMatchThatMuchNearer() {
        var t = new EmbeddingTemplate("w", takes(embeddings.sequence(4)), 0.02, 16_000);
        for (double d : new double[]{0.02, t.limit(), 0.3})
            assertEquals(t.score(d / 1.5), EmbeddingTemplate.widened(t.score(d), 1.5), 1e-9, "distance " + d);
        assertEquals(0.42, EmbeddingTemplate.widened(0.42, 1), 1e-12);
        assertEquals(0, EmbeddingTemplate.widened(0, 1.5));
    }
}
