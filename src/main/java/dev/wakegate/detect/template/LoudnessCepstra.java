package dev.wakegate.detect.template;

/**
 * The confirmation stage's representation of a short sequence (one word): c1..c12 with the sequence's mean
 * removed (cepstral mean normalisation), plus c0 as log energy relative to the sequence's loudest frame, each
 * frame scaled to unit length. Invariant to gain and to a fixed microphone colouring, sensitive to the word's
 * loudness shape.
 */
final class LoudnessCepstra {
    static final int DIM = Mfcc.COEFFS + 1;

    private LoudnessCepstra() {}

    static float[][] of(Mfcc mfcc, float[][] mel) {
        int n = mel.length;
        float[][] out = new float[n][DIM];
        float[] mean = new float[Mfcc.COEFFS];
        float loudest = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            mfcc.cepstrum(mel[i], out[i], 0);
            for (int k = 0; k < Mfcc.COEFFS; k++) mean[k] += out[i][k] / n;
            out[i][Mfcc.COEFFS] = (float) Math.log(WordModel.energy(mel[i]) + 1e-3);
            loudest = Math.max(loudest, out[i][Mfcc.COEFFS]);
        }
        for (float[] f : out) {
            for (int k = 0; k < Mfcc.COEFFS; k++) f[k] -= mean[k];
            f[Mfcc.COEFFS] -= loudest;
            UnitVectors.normalise(f);
        }
        return out;
    }
}
