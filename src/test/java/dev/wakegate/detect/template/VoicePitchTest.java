package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pitch a word is said at: a voice's fundamental, not its loudest harmonic, and nothing for noise or silence. */
class VoicePitchTest {
    /** A second of a voiced sound at {@code hz}: its harmonics up to 3.2 kHz, the second and third louder than the first, as in speech. */
    private static short[] voiced(double hz) {
        short[] x = new short[16_000];
        for (int i = 0; i < x.length; i++) {
            double v = 0;
            for (int k = 1; k * hz < 3_200; k++) v += (k == 2 || k == 3 ? 1.0 : 0.5 / k) * Math.sin(2 * Math.PI * k * hz * i / 16_000.0);
            x[i] = (short) (4_000 * v);
        }
        return x;
    }

    @Test
    void aVoicedSoundsPitchIsItsFundamentalEvenWhenAHarmonicIsLouder() {
        for (double hz : new double[] {85, 110, 180, 260, 350})
            assertEquals(hz, VoicePitch.medianHz(voiced(hz), 0, 16_000), hz * 0.02, "a voice at " + hz + " Hz");
    }

    @Test
    void onlyTheGivenSpanIsHeard() {
        short[] x = voiced(120);
        System.arraycopy(voiced(240), 0, x, 8_000, 8_000);
        assertEquals(120, VoicePitch.medianHz(x, 0, 8_000), 2.4);
        assertEquals(240, VoicePitch.medianHz(x, 8_000, 16_000), 4.8);
    }

    @Test
    void noiseSilenceAndTooShortASpanHaveNoPitch() {
        var random = new Random(1);
        short[] noise = new short[16_000];
        for (int i = 0; i < noise.length; i++) noise[i] = (short) (3_000 * random.nextGaussian());
        assertTrue(Double.isNaN(VoicePitch.medianHz(noise, 0, noise.length)), "white noise");
        assertTrue(Double.isNaN(VoicePitch.medianHz(new short[16_000], 0, 16_000)), "silence");
        assertTrue(Double.isNaN(VoicePitch.medianHz(voiced(150), 0, 600)), "under a frame and its longest period");
    }

    @Test
    void pitchesAreComparedInSemitones() {
        assertEquals(12, VoicePitch.semitonesApart(220, 110), 1e-9);
        assertEquals(12, VoicePitch.semitonesApart(110, 220), 1e-9);
        assertEquals(1, VoicePitch.semitonesApart(110 * Math.pow(2, 1 / 12.0), 110), 1e-9);
    }
}
