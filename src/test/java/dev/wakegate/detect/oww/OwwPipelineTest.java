package dev.wakegate.detect.oww;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwwPipelineTest {
    private OwwModels models;
    private OwwPipeline pipeline;
    private final short[] noise = new short[OwwPipeline.STEP_SAMPLES * 40];

    @BeforeAll
    void open() {
        models = OwwTestData.open(ALEXA);
        pipeline = new OwwPipeline(models.features(), models.wakeModels());
        var random = new java.util.Random(7);
        for (int i = 0; i < noise.length; i++) noise[i] = (short) (random.nextGaussian() * 500);
    }

    @AfterAll
    void close() {
        pipeline.close();
        models.close();
    }

    @Test
    void readsTheWindowLengthFromTheModelsInputShape() {
        assertEquals(16, models.wakeModels().getFirst().windowEmbeddings());
        assertEquals(ALEXA, models.wakeModels().getFirst().name());
    }

    @Test
    void theSilenceOfTheFeatureModelsIsOpenWakeWordsFloor() {
        // the mel model gives -100 for digital silence; openWakeWord's transform x/10 + 2 makes it -8
        for (float v : models.features().silentMelFrame) assertEquals(-8f, v, 1e-4f);
    }

    @Test
    void aStreamThatStartsFromSilenceIsScoredFromItsFirstStep() {
        pipeline.reset(true);
        pipeline.step(noise, 0);
        assertTrue(pipeline.ready(0));
    }

    @Test
    void afterAGapNothingIsScoredUntilEveryBufferHoldsNewAudio() {
        // given: history unknown (audio was skipped)
        pipeline.reset(false);
        int steps = 0;
        while (!pipeline.ready(0)) {                                                  // when: steps arrive
            pipeline.step(noise, steps * OwwPipeline.STEP_SAMPLES);
            steps++;
            if (!pipeline.ready(0)) assertEquals(0f, pipeline.score(0));
        }
        // then: 1 step for the mel input, 9.5 more for 76 mel frames, 15 more for 16 embeddings: 26 steps, 2.08 s
        assertEquals(26, steps);
        assertEquals(pipeline.warmUpSteps(), steps);
    }

    @Test
    void theSameAudioGivesTheSameScoresBecauseBuffersAreRewrittenNotAppended() {
        float[] first = run(), second = run();
        assertEquals(first.length, second.length);
        for (int i = 0; i < first.length; i++) assertEquals(first[i], second[i], 0f, "step " + i);
    }

    private float[] run() {
        pipeline.reset(true);
        float[] scores = new float[noise.length / OwwPipeline.STEP_SAMPLES];
        for (int s = 0; s < scores.length; s++) {
            pipeline.step(noise, s * OwwPipeline.STEP_SAMPLES);
            scores[s] = pipeline.score(0);
        }
        return scores;
    }
}
