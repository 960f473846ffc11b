package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.EmbeddingWord;
import dev.wakegate.detect.oww.FeatureModels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each take's limit is kept clear of ordinary words said by other people: a take near ordinary speech accepts only
 * what lies nearer to it than they do; a take far from them keeps the limit its agreement gives.
 */
class CohortTest {
    private static final int DIM = FeatureModels.EMBEDDING_SIZE;
    private final RandomEmbeddings embeddings = new RandomEmbeddings(11);

    /** Each vector of {@code take} turned away from itself to cosine distance {@code distance}. */
    private float[][] at(float[][] take, double distance) {
        double cos = 1 - distance, sin = Math.sqrt(1 - cos * cos);
        float[][] out = new float[take.length][DIM];
        for (int i = 0; i < take.length; i++) {
            float[] u = embeddings.unit();
            double along = UnitVectors.dot(u, take[i]);
            for (int k = 0; k < DIM; k++) u[k] -= (float) (along * take[i][k]);
            UnitVectors.normalise(u);
            for (int k = 0; k < DIM; k++) out[i][k] = (float) (cos * take[i][k] + sin * u[k]);
        }
        return out;
    }

    private float scoreOf(EmbeddingWord word, float[][] said) {
        float[][] window = RandomEmbeddings.concat(embeddings.sequence(word.windowEmbeddings() - said.length), said);
        try (var scorer = word.scorer()) {
            for (int i = 0; i < window.length; i++) scorer.input().put(i * DIM, window[i]);
            return scorer.score();
        }
    }

    /** The same take turned one step, at {@code step}, to cosine distance {@code distance}. */
    private float[][] oneStepAt(float[][] take, int step, double distance) {
        float[][] out = take.clone();
        out[step] = at(new float[][]{take[step]}, distance)[0];
        return out;
    }

    @Test
    void aTakeNearOrdinarySpeechGetsATighterLimitAndATakeFarFromItKeepsItsOwn() {
        // given: take 0 lies 0.08-0.09 from two ordinary words, take 1 far from every ordinary word
        float[][] central = embeddings.sequence(8), distinct = embeddings.sequence(8);
        var cohort = new Cohort("sha", List.of(RandomEmbeddings.concat(embeddings.sequence(5), at(central, 0.08)), at(central, 0.09), embeddings.sequence(20)));
        var word = new EmbeddingTemplate("w", List.of(central, distinct), 0.05, 16_000);
        // when
        var limited = word.limitedBy(cohort);
        // then: the second-nearest word sets take 0's limit; take 1 keeps the limit its agreement gives, never a wider one
        assertEquals(EmbeddingTemplate.COHORT_SHARE * 0.09, limited.limit(0), 0.005);
        assertTrue(limited.limit(0) < word.limit(), limited.takeLimits() + " vs " + word.limit());
        assertEquals(word.limit(), limited.limit(1), 1e-12);
    }

    @Test
    void oneClipOfTheWakeWordItselfInTheCohortDoesNotSetTheLimit() {
        float[][] take = embeddings.sequence(8);
        var word = new EmbeddingTemplate("w", List.<float[][]>of(take), 0.05, 16_000);
        var limited = word.limitedBy(new Cohort("sha", List.of(at(take, 0.01), embeddings.sequence(30))));
        assertEquals(word.limit(), limited.limit(0), 1e-12);
    }

    @Test
    void aCandidateIsJudgedByTheLimitOfTheTakeItMatches() {
        // given: the central take accepts only what lies nearer to it than ordinary words do
        float[][] central = embeddings.sequence(8), distinct = embeddings.sequence(8);
        var cohort = new Cohort("sha", List.of(at(central, 0.10), at(central, 0.10)));
        var word = new EmbeddingTemplate("w", List.of(central, distinct), 0.05, 16_000);
        var limited = word.limitedBy(cohort);
        // then
        assertTrue(scoreOf(word, at(central, 0.10)) > 0.5, "within the agreement's limit " + word.limit());
        assertTrue(scoreOf(limited, at(central, 0.10)) < 0.5, "as far from the central take as ordinary speech");
        assertTrue(scoreOf(limited, at(central, 0.05)) > 0.5, "nearer to it");
        assertTrue(scoreOf(limited, at(distinct, 0.10)) > 0.5, "as far from the distinct take");
    }

    @Test
    void theConfirmationsWorstStepIsMeasuredAgainstTheMatchedTakesLimit() {
        // given: a take whose limit the cohort brings from 0.18 (its agreement) to 0.135
        float[][] take = embeddings.sequence(16);
        var word = new EmbeddingTemplate("w", List.<float[][]>of(take), 0.2, 16_000);
        var limited = word.limitedBy(new Cohort("sha", List.of(at(take, 0.15), at(take, 0.15))));
        assertEquals(0.135, limited.limit(0), 0.003);
        // when: one step lies 0.5 off, beyond 3 limits of 0.135 and within 3 of 0.18
        float[][] oneStepOff = oneStepAt(take, 8, 0.5);
        // then
        assertTrue(scoreOf(limited, oneStepOff) > 0.5, "detector " + scoreOf(limited, oneStepOff));
        assertTrue(scoreOf(word.confirming(), oneStepOff) > 0.5, "by the agreement's limit " + scoreOf(word.confirming(), oneStepOff));
        assertTrue(scoreOf(limited.confirming(), oneStepOff) < 0.35, "by the take's own " + scoreOf(limited.confirming(), oneStepOff));
    }

    @Test
    void eachTakeIsMeasuredOnItsOwnThoughTheCohortRemembersTakesItMeasured() {
        float[][] near = embeddings.sequence(8), far = embeddings.sequence(8);
        var clips = List.of(at(near, 0.05), at(near, 0.07), embeddings.sequence(20));
        var cohort = new Cohort("sha", clips);
        assertEquals(0.07, cohort.nearest(near), 0.005);
        double farDistance = cohort.nearest(far);
        assertTrue(farDistance > 0.5, "far " + farDistance);
        assertEquals(0.07, cohort.nearest(java.util.Arrays.stream(near).map(float[]::clone).toArray(float[][]::new)), 0.005, "the same take, another copy");
        assertEquals(farDistance, new Cohort("sha", clips).nearest(far), 1e-12, "as a fresh cohort measures it");
    }

    @Test
    void aCohortReadsBackAsWritten() throws IOException {
        var cohort = new Cohort("abc", List.of(embeddings.sequence(3), embeddings.sequence(7)));
        var bytes = new ByteArrayOutputStream();
        cohort.write(bytes);
        var read = Cohort.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals("abc", read.embeddingSha256());
        assertEquals(2, read.clips().size());
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < cohort.clips().get(c).length; i++) assertArrayEquals(cohort.clips().get(c)[i], read.clips().get(c)[i], 1e-6f);
    }

    @Test
    void theBuiltInCohortIsForTheBundledEmbeddingModelOnly() {
        try (var models = FeatureModels.open(Path.of(FeatureModels.DEFAULT_DIR))) {
            var cohort = Cohort.builtInFor(models.embeddingSha256());
            assertNotNull(cohort);
            assertEquals(40, cohort.clips().size());
        }
        assertNull(Cohort.builtInFor("0".repeat(64)));
    }
}
