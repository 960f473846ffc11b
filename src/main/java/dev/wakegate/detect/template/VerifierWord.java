package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.EmbeddingWord;
import dev.wakegate.detect.oww.FeatureModels;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * A template's verifiers listening on the speech-embedding stream: the word is heard where one of them scores over
 * {@code bar} on the newest {@link WordVerifier#STEPS} embeddings. The embedding template measures distance to three
 * takes and misses a voice far from all of them; the verifier, learned from the takes and espeak-ng's renditions against
 * ordinary speech and the phrase's sound-alikes, hears the word in voices the takes do not cover. It only detects: the
 * confirmation asks the verifier again on the heard word, and leaves an enrolled voice's words to log mel.
 *
 * @param name        the wake word
 * @param wordSamples how long the spoken word typically is
 * @param verifiers   the template's verifiers, at least one
 * @param bar         the score a window must exceed, whatever the sensitivity
 */
public record VerifierWord(String name, long wordSamples, List<WordVerifier> verifiers, double bar) implements EmbeddingWord {
    public VerifierWord {
        if (verifiers.isEmpty()) throw new IllegalArgumentException("no verifier for " + name);
        verifiers = List.copyOf(verifiers);
    }

    @Override
    public int windowEmbeddings() {
        return WordVerifier.STEPS;
    }

    @Override
    public double fixedThreshold() {
        return bar;
    }

    @Override
    public Scorer scorer() {
        var in = FeatureModels.embeddingWindow(WordVerifier.STEPS);
        float[][] window = new float[WordVerifier.STEPS][FeatureModels.EMBEDDING_SIZE];
        return new Scorer() {
            @Override
            public FloatBuffer input() {
                return in;
            }

            @Override
            public float score() {
                for (int j = 0; j < window.length; j++) in.get(j * FeatureModels.EMBEDDING_SIZE, window[j]);
                double best = 0;
                for (var v : verifiers) best = Math.max(best, v.score(window, window.length - 1));
                return (float) best;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}
}
