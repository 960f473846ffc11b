package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static dev.wakegate.detect.oww.OwwTestData.OWW_CLIPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwwGridCheckTest {
    private OwwModels models;
    private OwwGridCheck check;
    private OwwPipeline own;

    @BeforeAll
    void open() {
        models = OwwTestData.open(ALEXA);
        check = new OwwGridCheck(models.features(), models.wakeModels(), 6);
        own = new OwwPipeline(models.features(), models.wakeModels());
    }

    @AfterAll
    void close() {
        check.close();
        own.close();
        models.close();
    }

    /** Feeds {@code audio} from the start of a stream, frame by frame, up to {@code steps} 80 ms steps. */
    private void feed(short[] audio, int steps) {
        check.restart();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; i < steps * OwwPipeline.STEP_SAMPLES / Pcm.FRAME_SAMPLES; i++) {
            System.arraycopy(audio, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
            check.add(frame);
        }
    }

    /** The step after which the detector's own grid first reaches {@code threshold}, 0-based; -1 if never. */
    private int firstStepReaching(short[] audio, double threshold) {
        own.reset(true);
        for (int k = 0; (k + 1) * OwwPipeline.STEP_SAMPLES <= audio.length; k++) {
            own.step(audio, k * OwwPipeline.STEP_SAMPLES);
            if (own.score(0) >= threshold) return k;
        }
        return -1;
    }

    @Test
    void aSpokenWakeWordReachesTheThresholdOnEveryOtherGrid() {
        // given openWakeWord's alexa test clip with a second of silence before and after
        short[] audio = OwwTestData.padded(TestData.samples(OWW_CLIPS.resolve("alexa_test.wav")), 1, 1);
        int first = firstStepReaching(audio, 0.5);
        assertTrue(first > 0, "the detector's own grid hears it");
        // when the check looks back from 4 steps after the first step at or over 0.5
        feed(audio, first + 5);
        // then the three grids 20, 40 and 60 ms earlier reach 0.5 as well
        assertEquals(3, check.gridsReaching(0, 0.5, 6, 3));
        assertTrue(check.peak(0, 2 * OwwGridCheck.SHIFT_SAMPLES, 6) >= 0.5);
    }

    @Test
    void stopsLookingOnceTheAnswerIsKnown() {
        short[] audio = OwwTestData.padded(TestData.samples(OWW_CLIPS.resolve("alexa_test.wav")), 1, 1);
        feed(audio, firstStepReaching(audio, 0.5) + 5);
        assertEquals(1, check.gridsReaching(0, 0.5, 6, 1), "one grid is enough to answer 'at least one'");
    }

    @Test
    void silenceReachesNothing() {
        short[] silence = new short[OwwPipeline.STEP_SAMPLES * 40];
        feed(silence, 40);
        assertEquals(0, check.gridsReaching(0, 0.5, 6, 3));
    }

    @Test
    void keepsOnlyTheNewestAudioAndTakesWhatItNeverHeardAsSilence() {
        // given a word, then more audio than the check holds: the word has left its history
        short[] word = OwwTestData.padded(TestData.samples(OWW_CLIPS.resolve("alexa_test.wav")), 1, 0);
        short[] audio = Arrays.copyOf(word, word.length + Pcm.SAMPLE_RATE * 5);
        feed(audio, audio.length / OwwPipeline.STEP_SAMPLES);
        assertEquals(0, check.gridsReaching(0, 0.5, 6, 3));
        // and right after a restart nothing is held, so a grid is scored on silence
        check.restart();
        assertEquals(0.0, check.peak(0, OwwGridCheck.SHIFT_SAMPLES, 6), 0.05);
    }
}
