package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;

import java.util.Arrays;
import java.util.List;

/**
 * One voice's wake word told from ordinary speech by a linear score over 16 consecutive speech embeddings (1.28 s),
 * learned at enrollment from that voice's takes against the takes' own surroundings and a bank of ordinary speech
 * ({@link VerifierBank}). The log-mel half of the confirmation refuses most takes of the word said by another voice
 * or through another microphone; a verifier trained on the takes' speech embeddings, which hear the word across
 * voices, still tells it from other words recorded the same way, which the embedding template alone cannot (a
 * "computer" template accepts "athena" takes of the same people and devices).
 *
 * @param weights {@link #STEPS} × 96 numbers, the embeddings' weights oldest step first (standardisation folded in)
 * @param bias    the score's offset
 */
public record WordVerifier(float[] weights, double bias) {
    /** Embeddings per window: 1.28 s, as openWakeWord's classifiers look at. */
    public static final int STEPS = 16;
    static final int SIZE = STEPS * FeatureModels.EMBEDDING_SIZE;
    /**
     * The strength of the weights' penalty, as a count of examples: it keeps a verifier of three takes from learning
     * the takes' microphone. Chosen on the real tuning half (scripts/verifier_experiment.py --l2).
     */
    static final double PENALTY = 3000;
    private static final int MAX_ITERATIONS = 300;

    public WordVerifier {
        if (weights.length != SIZE) throw new IllegalArgumentException("a verifier has " + SIZE + " weights");
        for (float w : weights) if (!Float.isFinite(w)) throw new IllegalArgumentException("a verifier's weight is not a number");
        if (!Double.isFinite(bias)) throw new IllegalArgumentException("a verifier's bias is not a number");
        weights = weights.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    /** The probability that the window of {@link #STEPS} embeddings ending at {@code last} of {@code embeddings} ends on the word. */
    public double score(float[][] embeddings, int last) {
        if (last < STEPS - 1 || last >= embeddings.length) throw new IllegalArgumentException("no window of " + STEPS + " embeddings ends at " + last);
        double z = bias;
        int k = 0;
        for (int j = last - STEPS + 1; j <= last; j++)
            for (int d = 0; d < FeatureModels.EMBEDDING_SIZE; d++) z += weights[k++] * embeddings[j][d];
        return sigmoid(z);
    }

    /** The highest {@link #score} of the windows ending at {@code first} to {@code last} (clamped to the embeddings); 0 if none. */
    public double best(float[][] embeddings, int first, int last) {
        double best = 0;
        for (int j = Math.max(first, STEPS - 1); j <= Math.min(last, embeddings.length - 1); j++) best = Math.max(best, score(embeddings, j));
        return best;
    }

    /**
     * Learns a verifier: class-balanced logistic regression on standardised windows, the weights penalised by
     * {@link #PENALTY} (L-BFGS). Deterministic for the same windows in the same order. The windows are standardised
     * in place (a window given twice, once): the caller's copies, which enrollment makes only for this.
     *
     * @param positives windows ending on the word, each {@link #STEPS} × 96 numbers
     * @param negatives windows of anything else
     */
    public static WordVerifier train(List<float[]> positives, List<float[]> negatives) {
        if (positives.isEmpty() || negatives.isEmpty()) throw new IllegalArgumentException("a verifier needs windows of both kinds");
        int n = positives.size() + negatives.size();
        float[][] x = new float[n][];
        double[] y = new double[n], weight = new double[n];
        for (int i = 0; i < n; i++) {
            boolean word = i < positives.size();
            x[i] = word ? positives.get(i) : negatives.get(i - positives.size());
            if (x[i].length != SIZE) throw new IllegalArgumentException("a window has " + SIZE + " numbers");
            y[i] = word ? 1 : 0;
            weight[i] = 0.5 / (word ? positives.size() : negatives.size());
        }
        double[] mean = new double[SIZE], scale = new double[SIZE];
        standardisation(x, mean, scale);
        var done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<float[], Boolean>());
        for (float[] row : x)
            if (done.add(row)) for (int d = 0; d < SIZE; d++) row[d] = (float) ((row[d] - mean[d]) / scale[d]);
        double[] theta = Lbfgs.minimise(new Loss(x, y, weight, PENALTY / n), new double[SIZE + 1], MAX_ITERATIONS);
        float[] w = new float[SIZE];
        double b = theta[SIZE];
        for (int d = 0; d < SIZE; d++) {
            w[d] = (float) (theta[d] / scale[d]);
            b -= theta[d] * mean[d] / scale[d];
        }
        return new WordVerifier(w, b);
    }

    private static void standardisation(float[][] x, double[] mean, double[] scale) {
        for (float[] row : x) for (int d = 0; d < SIZE; d++) mean[d] += row[d];
        for (int d = 0; d < SIZE; d++) mean[d] /= x.length;
        for (float[] row : x) for (int d = 0; d < SIZE; d++) scale[d] += (row[d] - mean[d]) * (row[d] - mean[d]);
        for (int d = 0; d < SIZE; d++) scale[d] = Math.sqrt(scale[d] / x.length) + 1e-6;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The penalised, class-balanced log loss and its gradient; the last parameter is the bias, which is not penalised. */
    private record Loss(float[][] x, double[] y, double[] weight, double penalty) implements Lbfgs.Function {
        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            Arrays.fill(gradient, 0);
            double loss = 0;
            for (int i = 0; i < x.length; i++) {
                double z = theta[SIZE];
                for (int d = 0; d < SIZE; d++) z += theta[d] * x[i][d];
                loss += weight[i] * (softplus(z) - y[i] * z);
                double g = (sigmoid(z) - y[i]) * weight[i];
                for (int d = 0; d < SIZE; d++) gradient[d] += g * x[i][d];
                gradient[SIZE] += g;
            }
            for (int d = 0; d < SIZE; d++) {
                loss += 0.5 * penalty * theta[d] * theta[d];
                gradient[d] += penalty * theta[d];
            }
            return loss;
        }

        private static double softplus(double z) {
            return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        }
    }
}
