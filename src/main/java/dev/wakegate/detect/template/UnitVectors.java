package dev.wakegate.detect.template;

/**
 * Unit-length feature vectors compared by cosine: the arithmetic both template matchers share, on log-mel cepstra
 * here and on speech embeddings in {@code detect.oww}.
 */
public final class UnitVectors {
    private UnitVectors() {}

    /** Scales {@code v} to unit length in place; a zero vector stays zero. */
    public static void normalise(float[] v) {
        double s = 0;
        for (float a : v) s += a * a;
        if (s <= 0) return;
        float inv = (float) (1 / Math.sqrt(s));
        for (int k = 0; k < v.length; k++) v[k] *= inv;
    }

    /** The dot product: for unit vectors, the cosine of the angle between them. */
    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }
}
