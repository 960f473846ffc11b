package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What counts as the background a word is heard in: the quietest fifth of continuous noise before it, never a
 * talker's own speech; and how much such a background is expected to cost the true word.
 */
class BackgroundTest {
    private static final String VOICE = TestData.VOICE;

    @Test
    void continuousNoiseYieldsItsQuietestFifth() {
        // given: 6 s of noise frames whose power wanders within 3 dB
        var rnd = new SplittableRandom(1);
        float[][] mel = new float[Background.LOOK_BACK_FRAMES][Mfcc.MELS];
        for (float[] f : mel) Arrays.fill(f, (float) Math.pow(10, rnd.nextDouble(0, 0.3)));
        // when
        var background = new Background();
        int picked = background.pick(mel, energies(mel), 0, mel.length, i -> (int) i);
        // then: a fifth of them, and the quietest
        assertEquals(mel.length / 5, picked, 2);
        float ceiling = background.frames()[0][0];
        for (float[] f : background.frames()) ceiling = Math.max(ceiling, f[0]);
        float[] all = energies(mel);
        Arrays.sort(all);
        assertTrue(ceiling * Mfcc.MELS <= all[mel.length / 5 + 1], "only the quietest frames");
    }

    @Test
    void aTalkersOwnSentencesAreNoBackground() {
        // given: six seconds of the stream's ordinary speech, one talker with its pauses
        var sentence = Labels.streamSegments(VOICE, "sentence").stream()
                .filter(s -> s.span().end() - s.span().start() > 3).findFirst().orElseThrow();
        short[] stream = TestData.samples(Labels.streamWav(VOICE));
        float[][] mel = MelAnalysis.of(Signals.cut(stream, sentence.span().start(), sentence.span().start() + 6)).mel();
        // when
        int picked = new Background().pick(mel, energies(mel), 0, mel.length, i -> (int) i);
        // then
        assertEquals(0, picked);
    }

    @Test
    void babbleBeforeAWakeWordIsABackground() {
        float[][] mel = babbleBefore("positives/02.wav");
        assertTrue(new Background().pick(mel, energies(mel), 0, mel.length, i -> (int) i) > 0);
    }

    @Test
    void fewerFramesThanTheMinimumAreNoSample() {
        float[][] mel = babbleBefore("positives/02.wav");
        int n = Background.MIN_FRAMES - 1;
        assertEquals(0, new Background().pick(mel, energies(mel), 0, n, i -> (int) i));
    }

    @Test
    void babbleIsExpectedToCostTheTrueWordWhatSteadyNoiseDoesNot() {
        // given: the word's model, the babble before a positive, and that babble's average as steady noise
        var model = new WordModel(Engine.heyComputer(VOICE), Sensitivity.DEFAULT);
        float[][] babble = babbleBefore("positives/02.wav");
        var background = new Background();
        background.pick(babble, energies(babble), 0, babble.length, i -> (int) i);
        float[] average = new float[Mfcc.MELS];
        for (float[] f : background.frames()) for (int m = 0; m < Mfcc.MELS; m++) average[m] += f[m] / background.frames().length;
        float speechPeak = 100 * WordModel.energy(average);
        var mfcc = new Mfcc();
        // when
        double inBabble = model.backgroundPenalty(mfcc, background.frames(), average, speechPeak);
        double inSteadyNoise = model.backgroundPenalty(mfcc, new float[][] {average}, average, speechPeak);
        // then
        assertTrue(inBabble > 0.2, "babble fills the template's valleys unevenly: " + inBabble);
        assertEquals(0, inSteadyNoise, 1e-6, "steady noise is what compensation already models");
    }

    @Test
    void theAllowanceWidensTheSpectralCriteriaButNeverTheLoudnessContour() {
        var model = new WordModel(Engine.heyComputer(VOICE), Sensitivity.DEFAULT);
        // given: a match twice over the mean limit with a good contour, and one with a contour that does not follow
        var spectrallyFar = new WordModel.Match(2, 0, 10, (float) (2 * model.meanLimit), 0, 1, 0);
        var offRhythm = new WordModel.Match(2, 0, 10, 0, 0, WordModel.CONTOUR_LIMIT - (1 - WordModel.CONTOUR_LIMIT), 0);
        // then
        assertEquals(2, model.widenedRatio(spectrallyFar, 1), 1e-6);
        assertEquals(1, model.widenedRatio(spectrallyFar, 2), 1e-6);
        assertEquals(2, model.widenedRatio(offRhythm, 3), 1e-6);
    }

    @Test
    void aRaisedSensitivityWidensTheSpectralCriteriaButHoldsTheLoudnessContourAtItsDefaultLimit() {
        var model = new WordModel(Engine.heyComputer(VOICE), Sensitivity.of(0.7));
        // given: a match a tenth over the default mean limit, and one whose contour is a tenth over its limit
        var spectrallyALittleFar = new WordModel.Match(1.1, 0, 10, (float) (1.1 * model.meanLimit), 0, 1, 0);
        var offRhythmALittle = new WordModel.Match(1.1, 0, 10, 0, 0, 1 - 1.1 * (1 - WordModel.CONTOUR_LIMIT), 0);
        // then: another voice's spectra pass at 0.7, a contour that does not follow the syllables does not
        assertTrue(model.widenedRatio(spectrallyALittleFar, 1) <= model.maxRatio());
        assertTrue(model.widenedRatio(offRhythmALittle, 1) > model.maxRatio());
        assertTrue(model.failsAtAnyAllowance(offRhythmALittle));
        // and at the default sensitivity both fail
        model.setSensitivity(Sensitivity.DEFAULT);
        assertTrue(model.widenedRatio(spectrallyALittleFar, 1) > model.maxRatio());
        assertTrue(model.widenedRatio(offRhythmALittle, 1) > model.maxRatio());
    }

    @Test
    void aMatchOffTheWordsRhythmFailsWhateverTheBackgroundSoItsBackgroundNeedNotBeSimulated() {
        var model = new WordModel(Engine.heyComputer(VOICE), Sensitivity.DEFAULT);
        var spectrallyFar = new WordModel.Match(2, 0, 10, (float) (2 * model.meanLimit), 0, 1, 0);
        var offRhythm = new WordModel.Match(2, 0, 10, 0, 0, WordModel.CONTOUR_LIMIT - (1 - WordModel.CONTOUR_LIMIT), 0);
        var justOnTheRhythm = new WordModel.Match(1, 0, 10, 0, 0, WordModel.CONTOUR_LIMIT, 0);

        assertFalse(model.failsAtAnyAllowance(spectrallyFar), "a wide enough allowance would let it pass");
        assertTrue(model.failsAtAnyAllowance(offRhythm));
        assertTrue(model.widenedRatio(offRhythm, 1e9) > model.maxRatio());
        assertFalse(model.failsAtAnyAllowance(justOnTheRhythm));
        model.setSensitivity(Sensitivity.of(0.05));
        assertTrue(model.failsAtAnyAllowance(justOnTheRhythm), "a stricter sensitivity asks more of the rhythm too");
    }

    @Test
    void selectFindsTheKthSmallestWithoutSorting() {
        var rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(300);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = rnd.nextInt(50); // many ties
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = rnd.nextInt(n);
            assertEquals(sorted[k], Background.select(a, 0, n, k));
        }
    }

    /** Mel frames of the babble before the wake phrase of a positive that has babble noise. */
    private static float[][] babbleBefore(String file) {
        var p = Labels.positive(VOICE, file.substring(file.indexOf('/') + 1));
        assertEquals("babble", p.noise(), "test setup: " + file + " has babble noise");
        short[] audio = TestData.samples(TestData.dev(VOICE, file));
        float[][] mel = MelAnalysis.of(audio).mel();
        int wordStart = (int) (p.wake().start() * Pcm.FRAMES_PER_SECOND) - Background.GAP_FRAMES;
        return Arrays.copyOf(mel, wordStart);
    }

    private static float[] energies(float[][] mel) {
        float[] e = new float[mel.length];
        for (int i = 0; i < mel.length; i++) e[i] = WordModel.energy(mel[i]);
        return e;
    }
}
