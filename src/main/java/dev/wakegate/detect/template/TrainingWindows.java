package dev.wakegate.detect.template;

import java.util.Arrays;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;

/**
 * The windows of {@link WordVerifier#STEPS} speech embeddings a verifier learns from, each named by its recording's
 * embeddings and the embedding it ends at rather than copied: a recording's windows overlap in all but one embedding,
 * so copies would hold each embedding 16 times (about 100 MB for one enrollment, more than a small Pi's heap).
 * A window may count more than once ({@code copies}), as if it had been given that many times.
 */
final class TrainingWindows {
    private float[][][] recordingOf = new float[256][][];
    private int[] lastOf = new int[256], copiesOf = new int[256];
    private int size;
    private long copies;

    /** Adds the window ending at embedding {@code last} of {@code embeddings}, counted {@code copies} times. */
    void add(float[][] embeddings, int last, int copies) {
        if (last < WordVerifier.STEPS - 1 || last >= embeddings.length) throw new IllegalArgumentException("no window of " + WordVerifier.STEPS + " embeddings ends at " + last);
        if (copies < 1) throw new IllegalArgumentException("a window counts at least once");
        if (size == lastOf.length) grow();
        recordingOf[size] = embeddings;
        lastOf[size] = last;
        copiesOf[size] = copies;
        size++;
        this.copies += copies;
    }

    /** Adds every whole window of {@code embeddings}, once each. */
    void addAll(float[][] embeddings) {
        for (int k = WordVerifier.STEPS - 1; k < embeddings.length; k++) add(embeddings, k, 1);
    }

    /** Adds every window of {@code other}, each counted {@code times} as often as there. */
    void addAll(TrainingWindows other, int times) {
        for (int i = 0; i < other.size; i++) add(other.recordingOf[i], other.lastOf[i], other.copiesOf[i] * times);
    }

    private void grow() {
        int capacity = lastOf.length * 2;
        recordingOf = Arrays.copyOf(recordingOf, capacity);
        lastOf = Arrays.copyOf(lastOf, capacity);
        copiesOf = Arrays.copyOf(copiesOf, capacity);
    }

    /** How many windows, each once. */
    int size() {
        return size;
    }

    /** How many windows, each as often as it counts. */
    long copies() {
        return copies;
    }

    int copies(int window) {
        return copiesOf[window];
    }

    /** The window's numbers, oldest embedding first, times {@code weights}' (as many as a window holds). */
    double dot(int window, double[] weights) {
        float[][] e = recordingOf[window];
        int first = firstOf(window);
        // four sums side by side: one would wait on each addition before the next (a quarter of the speed)
        double a = 0, b = 0, c = 0, d = 0;
        for (int j = 0, k = 0; j < WordVerifier.STEPS; j++) {
            float[] embedding = e[first + j];
            for (int v = 0; v < EMBEDDING_SIZE; v += 4, k += 4) {
                a += weights[k] * embedding[v];
                b += weights[k + 1] * embedding[v + 1];
                c += weights[k + 2] * embedding[v + 2];
                d += weights[k + 3] * embedding[v + 3];
            }
        }
        return (a + b) + (c + d);
    }

    /** Adds {@code factor} times the window's numbers to {@code sums}. */
    void addTo(int window, double factor, double[] sums) {
        float[][] e = recordingOf[window];
        int first = firstOf(window);
        for (int j = 0, k = 0; j < WordVerifier.STEPS; j++) {
            float[] embedding = e[first + j];
            for (int v = 0; v < EMBEDDING_SIZE; v++) sums[k++] += factor * embedding[v];
        }
    }

    /** Adds {@code factor} times the squares of the window's numbers' distances from {@code mean} to {@code sums}. */
    void addSquaresTo(int window, double[] mean, double factor, double[] sums) {
        float[][] e = recordingOf[window];
        int first = firstOf(window);
        for (int j = 0, k = 0; j < WordVerifier.STEPS; j++, k += EMBEDDING_SIZE) {
            float[] embedding = e[first + j];
            for (int v = 0; v < EMBEDDING_SIZE; v++) {
                double deviation = embedding[v] - mean[k + v];
                sums[k + v] += factor * deviation * deviation;
            }
        }
    }

    private int firstOf(int window) {
        return lastOf[window] - WordVerifier.STEPS + 1;
    }
}
