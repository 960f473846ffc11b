package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.internal.Futures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
     * {@link #PENALTY} (L-BFGS). Deterministic for the same windows in the same order.
     *
     * @param positives windows ending on the word
     * @param negatives windows of anything else
     */
    static WordVerifier train(TrainingWindows positives, TrainingWindows negatives) {
        return train(positives, negatives, Enroller.THREADS);
    }

    /** As {@link #train(TrainingWindows, TrainingWindows)} on {@code threads} threads: the same verifier on any number of them. */
    static WordVerifier train(TrainingWindows positives, TrainingWindows negatives, int threads) {
        if (positives.size() == 0 || negatives.size() == 0) throw new IllegalArgumentException("a verifier needs windows of both kinds");
        var standard = Standardisation.of(positives, negatives);
        double[] theta;
        try (var loss = new Loss(positives, negatives, standard, PENALTY / (positives.copies() + negatives.copies()), threads)) {
            theta = Lbfgs.minimise(loss, new double[SIZE + 1], MAX_ITERATIONS);
        }
        double[] w = new double[SIZE];
        double b = standard.unscale(theta, w);
        float[] weights = new float[SIZE];
        for (int d = 0; d < SIZE; d++) weights[d] = (float) w[d];
        return new WordVerifier(weights, b);
    }

    /** Each of a window's numbers' mean and spread over every window (as often as it counts). */
    private record Standardisation(double[] mean, double[] scale) {
        static Standardisation of(TrainingWindows... sets) {
            double[] mean = new double[SIZE], scale = new double[SIZE];
            long n = 0;
            for (var set : sets) {
                n += set.copies();
                for (int i = 0; i < set.size(); i++) set.addTo(i, set.copies(i), mean);
            }
            for (int d = 0; d < SIZE; d++) mean[d] /= n;
            for (var set : sets) for (int i = 0; i < set.size(); i++) set.addSquaresTo(i, mean, set.copies(i), scale);
            for (int d = 0; d < SIZE; d++) scale[d] = Math.sqrt(scale[d] / n) + 1e-6;
            return new Standardisation(mean, scale);
        }

        /**
         * The weights on raw numbers ({@code out}) and the bias (returned) that score as {@code theta}'s weights (and
         * bias, its last element) on standardised ones.
         */
        double unscale(double[] theta, double[] out) {
            double b = theta[SIZE];
            for (int d = 0; d < SIZE; d++) {
                out[d] = theta[d] / scale[d];
                b -= out[d] * mean[d];
            }
            return b;
        }
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /**
     * The penalised, class-balanced log loss on standardised windows and its gradient; the last parameter is the bias,
     * which is not penalised. The windows stay raw: the standardisation is folded into the weights each evaluation.
     * The windows are summed in parts of {@link #PART_WINDOWS}, side by side, and the parts' sums added in their order,
     * so that the result is the same on any number of threads.
     */
    private static final class Loss implements Lbfgs.Function, AutoCloseable {
        static final int PART_WINDOWS = 1024;
        private final Standardisation standard;
        private final double penalty;
        private final List<Part> parts = new ArrayList<>();
        private final ExecutorService pool;   // null: the parts one after another on the caller's thread
        private final double[] raw = new double[SIZE], sums = new double[SIZE];

        Loss(TrainingWindows positives, TrainingWindows negatives, Standardisation standard, double penalty, int threads) {
            this.standard = standard;
            this.penalty = penalty;
            addParts(positives, 1);
            addParts(negatives, 0);
            this.pool = threads > 1 && parts.size() > 1 ? Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("wg-enroll-training").daemon().factory()) : null;
        }

        private void addParts(TrainingWindows windows, double label) {
            for (int from = 0; from < windows.size(); from += PART_WINDOWS)
                parts.add(new Part(windows, from, Math.min(windows.size(), from + PART_WINDOWS), label));
        }

        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            double bias = standard.unscale(theta, raw);
            sumParts(bias);
            Arrays.fill(sums, 0);
            double loss = 0, gradientSum = 0;
            for (var part : parts) {
                loss += part.loss;
                gradientSum += part.gradientSum;
                for (int d = 0; d < SIZE; d++) sums[d] += part.sums[d];
            }
            for (int d = 0; d < SIZE; d++) {
                gradient[d] = (sums[d] - standard.mean()[d] * gradientSum) / standard.scale()[d] + penalty * theta[d];
                loss += 0.5 * penalty * theta[d] * theta[d];
            }
            gradient[SIZE] = gradientSum;
            return loss;
        }

        private void sumParts(double bias) {
            if (pool == null) {
                for (var part : parts) part.sum(raw, bias);
                return;
            }
            var pending = new ArrayList<Future<?>>(parts.size());
            for (var part : parts) pending.add(pool.submit(() -> part.sum(raw, bias)));
            try {
                for (var job : pending) Futures.resultOf(job);
            } catch (IOException e) {
                throw new UncheckedIOException(e);   // a part reads no file: it cannot throw one
            }
        }

        @Override
        public void close() {
            if (pool != null) pool.close();
        }

        /** One part of one class's windows: its share of the log loss, and its windows weighted by their gradients. */
        private static final class Part {
            private final TrainingWindows windows;
            private final int from, to;
            private final double label, each;
            final double[] sums = new double[SIZE];
            double loss, gradientSum;

            Part(TrainingWindows windows, int from, int to, double label) {
                this.windows = windows;
                this.from = from;
                this.to = to;
                this.label = label;
                this.each = 0.5 / windows.copies();   // each class weighs half, whatever its count
            }

            void sum(double[] raw, double bias) {
                Arrays.fill(sums, 0);
                loss = gradientSum = 0;
                for (int i = from; i < to; i++) {
                    double z = bias + windows.dot(i, raw), weight = each * windows.copies(i);
                    loss += weight * (softplus(z) - label * z);
                    double g = (sigmoid(z) - label) * weight;
                    windows.addTo(i, g, sums);
                    gradientSum += g;
                }
            }
        }

        private static double softplus(double z) {
            return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        }
    }
}
