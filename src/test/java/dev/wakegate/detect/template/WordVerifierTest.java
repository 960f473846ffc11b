package dev.wakegate.detect.template;

import dev.wakegate.testing.LiveThreads;
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

    /** The windows as a verifier is trained on them: each the whole of a recording of {@link WordVerifier#STEPS} embeddings. */
    private static TrainingWindows training(List<float[]> windows) {
        var out = new TrainingWindows();
        for (float[] w : windows) out.addAll(asEmbeddings(w));
        return out;
    }

    private TrainingWindows training(int count, double strength) {
        return training(windows(count, strength));
    }

    @Test
    void aVerifierOfAFewWindowsOfTheWordTellsNewWindowsOfItFromOtherSpeech() {
        var verifier = WordVerifier.train(training(18, 0.5), training(2000, 0));
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
        var verifier = WordVerifier.train(training(18, 0.5), training(500, 0));
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

    @Test
    void trainingTwiceOnTheSameWindowsGivesTheSameVerifier() {
        var positives = windows(12, 0.3);
        var negatives = windows(300, 0);
        var a = WordVerifier.train(training(positives), training(negatives));
        var b = WordVerifier.train(training(positives), training(negatives));
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.bias(), b.bias());
    }

    @Test
    void learningOnFourThreadsGivesTheVerifierOneThreadLearns() throws InterruptedException {
        var positives = windows(40, 0.3);
        var negatives = windows(5000, 0);   // several parts of windows, summed side by side
        var alone = WordVerifier.train(training(positives), training(negatives), 1);
        var sideBySide = WordVerifier.train(training(positives), training(negatives), 4);
        assertArrayEquals(alone.weights(), sideBySide.weights());
        assertEquals(alone.bias(), sideBySide.bias());
        assertEquals(0, LiveThreads.named("wg-enroll-training"), "the training threads end with the training");
    }

    @Test
    void aWindowCountedThreeTimesWeighsAsThreeCopiesOfItDo() {
        var positives = windows(6, 0.3);
        var negatives = windows(200, 0);
        var counted = training(positives.subList(1, 6));
        counted.add(asEmbeddings(positives.get(0)), WordVerifier.STEPS - 1, 3);
        var copied = training(positives.subList(1, 6));
        for (int i = 0; i < 3; i++) copied.addAll(asEmbeddings(positives.get(0)));
        var once = training(positives);
        var a = WordVerifier.train(counted, training(negatives));
        var b = WordVerifier.train(copied, training(negatives));
        var c = WordVerifier.train(once, training(negatives));
        float[] window = positives.get(0);
        assertEquals(score(b, window), score(a, window), 1e-6);
        assertEquals(b.bias(), a.bias(), 1e-4);
        assertTrue(score(a, window) > score(c, window) + 1e-3, "a window counted three times pulls the verifier towards it more than one counted once");
    }

    @Test
    void windowsAreNamedByWhereTheyEndInARecordingNotCopied() {
        float[][] recording = new float[WordVerifier.STEPS + 4][];
        for (int j = 0; j < recording.length; j++) recording[j] = embedding(1);
        var windows = new TrainingWindows();
        windows.addAll(recording);
        assertEquals(5, windows.size(), "one window ends at each embedding from the 16th on");
        double[] ones = new double[SIZE];
        java.util.Arrays.fill(ones, 1);
        double lastWindow = 0;
        for (int j = 4; j < recording.length; j++) for (float v : recording[j]) lastWindow += v;
        assertEquals(lastWindow, windows.dot(4, ones), 1e-3);
        recording[recording.length - 1][0] += 10;
        assertEquals(lastWindow + 10, windows.dot(4, ones), 1e-3, "the window reads the recording's embeddings, not a copy");
        assertThrows(IllegalArgumentException.class, () -> windows.add(recording, WordVerifier.STEPS - 2, 1), "no whole window ends there");
    }

    @Test
    void aVerifierOfTheWrongShapeOrWithANonNumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WordVerifier(new float[SIZE - 1], 0));
        float[] nan = new float[SIZE];
        nan[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new WordVerifier(nan, 0));
        assertThrows(IllegalArgumentException.class, () -> new WordVerifier(new float[SIZE], Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> WordVerifier.train(new TrainingWindows(), training(3, 0)));
    }
}
