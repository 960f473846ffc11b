package dev.wakegate.detect.oww;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The feature models are opened once per command and shared by its stages; each stage closes its share. */
class SharedFeatureModelsTest {
    private final short[] take = TestData.samples(TestData.dev(TestData.VOICE, "enroll/1.wav"));

    @Test
    void theSessionsStayOpenUntilTheLastHolderHasClosedThem() {
        var models = FeatureModels.open(OwwTestData.MODELS);
        var detectorsShare = models.share();
        assertSame(models, detectorsShare);

        models.close();
        float[][] stillComputed = detectorsShare.embeddingsOf(take);
        assertEquals(FeatureModels.EMBEDDING_SIZE, stillComputed[0].length);

        detectorsShare.close();
        assertThrows(RuntimeException.class, () -> models.embeddingsOf(take), "closed with the last share");
        assertThrows(IllegalStateException.class, models::share, "no share of closed models");
    }

    @Test
    void aStageClosedTwiceReleasesItsShareOnce() {
        var models = FeatureModels.open(OwwTestData.MODELS);
        var detector = new OwwDetector(models.share(), List.of(WakeModel.open(OwwTestData.model(OwwTestData.ALEXA))), List.of(Sensitivity.of(0.5)),
                OwwDecision.DEFAULT);
        var scorer = new OwwScorer(models.share(), List.of(WakeModel.open(OwwTestData.model(OwwTestData.ALEXA))));

        detector.close();
        detector.close();
        scorer.close();
        scorer.close();

        assertEquals(FeatureModels.EMBEDDING_SIZE, models.embeddingsOf(take)[0].length, "the first holder's share is still open");
        models.close();
    }

    @Test
    void streamsThatRememberRunsComputeWhatStreamsThatDoNotCompute() {
        try (var plain = FeatureModels.open(OwwTestData.MODELS); var remembering = FeatureModels.open(OwwTestData.MODELS)) {
            remembering.rememberRuns();
            float[][] expected = plain.embeddingsOf(take);
            float[][] first = remembering.embeddingsOf(take), again = remembering.embeddingsOf(take);
            assertEquals(expected.length, first.length);
            for (int k = 0; k < expected.length; k++) {
                assertArrayEquals(expected[k], first[k], "computed, step " + k);
                assertArrayEquals(expected[k], again[k], "remembered, step " + k);
            }
        }
    }
}
