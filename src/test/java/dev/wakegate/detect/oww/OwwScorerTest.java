package dev.wakegate.detect.oww;

import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clip scorer (the basis of the confirmations) computes the embeddings of two steps in three with the third, in one
 * run where the embedding model streams; every step must still be scored as it would be on its own: the same peak at
 * the same step as a pipeline that computes and scores every step, on every grid, with and without the re-cut model.
 */
class OwwScorerTest {
    @Test
    void thePeakIsTheOneEveryStepScoredOnItsOwnGives() {
        var clips = OwwTestData.wavs(OwwTestData.ALEXA_CLIPS).subList(0, 6);
        for (boolean streams : new boolean[]{true, false}) {
            var models = OwwTestData.open(ALEXA);
            if (!streams) models.features().stopStreaming();
            assertEquals(streams, models.features().streams());
            try (var scorer = OwwScorer.borrowing(models.features(), models.wakeModels());
                 var reference = new OwwPipeline(models.features(), models.wakeModels())) {
                int peaksAboveHalf = 0;
                for (var clip : clips) {
                    short[] audio = TestData.samples(clip);
                    for (int grids : new int[]{1, OwwDecision.GRIDS}) {
                        var peak = scorer.score(audio, grids).getFirst();
                        var expected = everyStep(reference, audio, grids);
                        assertEquals(expected[0], peak.score(), 1e-6, clip + ", " + grids + " grids, streaming " + streams);
                        assertEquals((int) expected[1], peak.endSample(), clip + ", " + grids + " grids, streaming " + streams);
                        if (peak.score() > 0.5) peaksAboveHalf++;
                    }
                }
                assertTrue(peaksAboveHalf >= 6, "the clips say the word: " + peaksAboveHalf);
            } finally {
                models.close();
            }
        }
    }

    /** The highest score and its step's end, each step computed and scored as it comes (as the scorer once did). */
    private static double[] everyStep(OwwPipeline pipeline, short[] audio, int grids) {
        double best = 0, bestEnd = 0;
        short[] step = new short[OwwPipeline.STEP_SAMPLES];
        for (int g = 0; g < grids; g++) {
            int lead = g * step.length / grids, total = lead + audio.length + OwwScorer.TAIL_SAMPLES;
            pipeline.reset(true);
            for (int off = 0; off < total; off += step.length) {
                for (int i = 0; i < step.length; i++) {
                    int p = off - lead + i;
                    step[i] = p < 0 || p >= audio.length ? 0 : audio[p];
                }
                pipeline.step(step, 0);
                if (pipeline.score(0) > best) {
                    best = pipeline.score(0);
                    bestEnd = off + step.length - lead;
                }
            }
        }
        return new double[]{best, bestEnd};
    }
}
