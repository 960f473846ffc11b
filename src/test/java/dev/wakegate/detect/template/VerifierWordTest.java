package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A template's verifiers as a word on the embedding stream: the window's score is the best of its verifiers' scores on
 * the same 16 embeddings, and its bar is its own.
 */
class VerifierWordTest {
    private final Random random = new Random(11);

    private WordVerifier verifier() {
        float[] w = new float[WordVerifier.SIZE];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.05 * random.nextGaussian());
        return new WordVerifier(w, random.nextGaussian());
    }

    private float[][] window() {
        float[][] e = new float[WordVerifier.STEPS][96];
        for (float[] embedding : e) for (int d = 0; d < 96; d++) embedding[d] = (float) random.nextGaussian();
        return e;
    }

    @Test
    void aWindowScoresAsTheBestOfTheTemplatesVerifiersOnTheSameEmbeddings() {
        var first = verifier();
        var second = verifier();
        var word = new VerifierWord("hey-jasper", 12800, List.of(first, second), WordVerifier.BAR);
        try (var scorer = word.scorer()) {
            for (int trial = 0; trial < 20; trial++) {
                float[][] window = window();
                scorer.input().clear();
                for (float[] embedding : window) scorer.input().put(embedding);
                double expected = Math.max(first.score(window, WordVerifier.STEPS - 1), second.score(window, WordVerifier.STEPS - 1));
                assertEquals(expected, scorer.score(), 1e-6);
                assertEquals(expected, scorer.score(3), 1e-6, "however few embeddings came from the stream: the verifier scores the whole window");
            }
        }
        assertEquals(WordVerifier.STEPS, word.windowEmbeddings());
        assertEquals(WordVerifier.BAR, word.fixedThreshold(), "its own bar, not the sensitivity's threshold");
    }

    @Test
    void aWordWithoutVerifiersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VerifierWord("hey-jasper", 12800, List.of(), WordVerifier.BAR));
    }
}
