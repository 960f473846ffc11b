package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A candidate's background, in openWakeWord's mel frames, and an enrolled take heard through it: band powers add, and
 * the take stands over the background as far as the candidate's word stood over it, whatever the take's own level.
 */
class MelBackgroundTest {
    /** A frame whose every band holds {@code power}. */
    private static float[] flat(double power) {
        float[] f = new float[FeatureModels.MELS];
        java.util.Arrays.fill(f, FeatureModels.scaledMel(power));
        return f;
    }

    /** 0.4 s of background (frames alternating between two powers), then a word 100x (20 dB) louder than the louder. */
    private static float[][] candidate(double quiet, double loud) {
        float[][] frames = new float[100][];
        for (int i = 0; i < 40; i++) frames[i] = flat(i % 2 == 0 ? quiet : loud);
        for (int i = 40; i < 100; i++) frames[i] = flat(100 * loud);
        return frames;
    }

    @Test
    void theBackgroundIsTheQuieterHalfOfTheFramesBeforeTheWord() {
        var b = MelBackground.of(candidate(1, 4), 40);
        assertEquals(20, b.frames().length);
        for (float[] f : b.frames()) assertEquals(1, FeatureModels.melPower(f[0]), 1e-4);
        assertEquals(MelBackground.levelDb(flat(400)), b.wordLevelDb(), 1e-6);
    }

    @Test
    void aTakeStandsOverTheBackgroundAsTheCandidatesWordDoes() {
        var b = MelBackground.of(candidate(1, 4), 40);          // the word 400 over the background's 1: 26 dB
        float[][] take = {flat(0), flat(10_000), flat(10_000)};   // a take recorded 25x louder, over digital silence
        float[][] heard = b.under(take);
        assertEquals(10_000 / 400.0, FeatureModels.melPower(heard[0][0]), 1e-3, "the background at the take's scale");
        assertEquals(10_000 + 25, FeatureModels.melPower(heard[1][5]), 0.5, "band powers add");
    }

    @Test
    void inDigitalSilenceATakeIsHeardAsItIs() {
        var b = MelBackground.of(candidate(0, 0.0001), 40);
        float[][] take = {flat(50), flat(2_000)};
        float[][] heard = b.under(take);
        assertEquals(50, FeatureModels.melPower(heard[0][3]), 0.5);
        assertEquals(2_000, FeatureModels.melPower(heard[1][3]), 1);
    }

    @Test
    void withoutFramesBeforeTheWordTheFirstFrameIsTheBackground() {
        assertEquals(1, MelBackground.of(candidate(1, 4), 0).frames().length);
    }
}
