package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;

import java.util.Arrays;
import java.util.Random;

/** Made-up speech embeddings for the specifications: seeded random unit vectors, and sequences of them. */
final class RandomEmbeddings {
    private final Random random;

    RandomEmbeddings(long seed) {
        this.random = new Random(seed);
    }

    float[] unit() {
        float[] v = new float[FeatureModels.EMBEDDING_SIZE];
        for (int k = 0; k < v.length; k++) v[k] = (float) random.nextGaussian();
        UnitVectors.normalise(v);
        return v;
    }

    float[][] sequence(int n) {
        float[][] s = new float[n][];
        for (int i = 0; i < n; i++) s[i] = unit();
        return s;
    }

    static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
