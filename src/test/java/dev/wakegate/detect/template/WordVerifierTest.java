package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A verifier learns, from a few windows of the word and many of other speech, a score that is high on the word and low
 * elsewhere, on windows it never saw; it looks at exactly the {@link WordVerifier#STEPS} embeddings that end where it is
 * asked.
 */
class WordVerifierTest {
    private static final int SIZE = WordVerifier.STEPS * 96;
    private final Random random = new Random(5);
    /** What the word's windows share: a direction in window space the other windows do not lean towards. */
    private final float[] word = gaussian(1);

    private float[] gaussian(double scale) {
        float[] v = new float[SIZE];
        for (int i = 0; i < SIZE; i++) v[i] = (float) (scale * random.nextGaussian());
        return v;
    }

    private float[] embedding(double scale) {
        float[] v = new float[96];
        for (int i = 0; i < 96; i++) v[i] = (float) (scale * random.nextGaussian());
        return v;
    }

    /** A window of other speech, or of the word: the word's direction added at {@code strength}. */
    private float[] window(double strength) {
        float[] v = gaussian(1);
        for (int i = 0; i < SIZE; i++) v[i] += (float) (strength * word[i]);
        return v;
    }

    private List<float[]> windows(int count, double strength) {
        var out = new ArrayList<float[]>();
        for (int i = 0; i < count; i++) out.add(window(strength));
        return out;
    }

    @Test
    void aVerifierOfAFewWindowsOfTheWordTellsNewWindowsOfItFromOtherSpeech() {
        var verifier = WordVerifier.train(windows(18, 0.5), windows(2000, 0));
        int wordFound = 0, otherAccepted = 0;
        for (int i = 0; i < 100; i++) {
            if (score(verifier, window(0.5)) > 0.5) wordFound++;
            if (score(verifier, window(0)) > 0.5) otherAccepted++;
        }
        assertTrue(wordFound >= 95, wordFound + " of 100 new windows of the word over 0.5");
        assertTrue(otherAccepted <= 2, otherAccepted + " of 100 new windows of other speech over 0.5");
    }

    private static double score(WordVerifier verifier, float[] window) {
        return verifier.score(asEmbeddings(window), WordVerifier.STEPS - 1);
    }

    private static float[][] asEmbeddings(float[] window) {
        float[][] e = new float[WordVerifier.STEPS][96];
        for (int j = 0; j < WordVerifier.STEPS; j++) System.arraycopy(window, j * 96, e[j], 0, 96);
        return e;
    }

    @Test
    void itLooksAtTheSixteenEmbeddingsEndingWhereItIsAsked() {
        var verifier = WordVerifier.train(windows(18, 0.5), windows(500, 0));
        float[] ofTheWord = window(0.5);
        float[][] stream = new float[40][];
        for (int j = 0; j < 40; j++) stream[j] = embedding(1);
        System.arraycopy(asEmbeddings(ofTheWord), 0, stream, 20, WordVerifier.STEPS);
        int end = 20 + WordVerifier.STEPS - 1;
        double atTheWord = verifier.score(stream, end);
        assertEquals(score(verifier, ofTheWord), atTheWord, 1e-9);
        stream[19] = embedding(100);
        stream[end + 1] = embedding(100);
        assertEquals(atTheWord, verifier.score(stream, end), 1e-9, "the embeddings before and after the window are not looked at");
        assertEquals(atTheWord, verifier.best(stream, end - 3, end + 3), 1e-9, "the best window of a span around the word is the word's");
        assertThrows(IllegalArgumentException.class, () -> verifier.score(stream, WordVerifier.STEPS - 2), "no whole window ends there");
    }

    private static List<float[]> copies(List<float[]> windows) {
        return windows.stream().map(float[]::clone).toList();
    }

    @Test
    void trainingTwiceOnTheSameWindowsGivesTheSameVerifier() {
        var positives = windows(12, 0.3);
        var negatives = windows(300, 0);
        var a = WordVerifier.train(copies(positives), copies(negatives));
        var b = WordVerifier.train(copies(positives), copies(negatives));
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.bias(), b.bias());
    }

    @Test
    void aVerifierOfTheWrongShapeOrWithANonNumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WordVerifier(new float[SIZE - 1], 0));
        float[] nan = new float[SIZE];
        nan[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new WordVerifier(nan, 0));
        assertThrows(IllegalArgumentException.class, () -> new WordVerifier(new float[SIZE], Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> WordVerifier.train(List.of(), windows(3, 0)));
    }
}
