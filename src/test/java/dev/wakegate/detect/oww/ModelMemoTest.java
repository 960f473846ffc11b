package dev.wakegate.detect.oww;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelMemoTest {
    private final ModelMemo memo = new ModelMemo(2, 3, 2);
    private final FloatBuffer out = FloatBuffer.allocate(2);
    private final FloatBuffer[] outs = {out};

    @Test
    void aRunItRemembersIsAnsweredWithThatRunsOutput() {
        memo.remember(input(1, 2, 3), output(10, 20));
        memo.remember(input(4, 5, 6), output(40, 50));

        assertTrue(memo.recall(input(1, 2, 3), outs));
        assertArrayEquals(new float[]{10, 20}, out.array());
        assertTrue(memo.recall(input(4, 5, 6), outs));
        assertArrayEquals(new float[]{40, 50}, out.array());
    }

    @Test
    void anInputThatDiffersInOneBitIsNotAnswered() {
        memo.remember(input(1, 2, 0f), output(10, 20));

        assertFalse(memo.recall(input(1, 2, -0f), outs), "-0 is another input than 0 to a model");
        assertFalse(memo.recall(input(1, Math.nextUp(2f), 0f), outs));
        assertArrayEquals(new float[]{0, 0}, out.array(), "nothing written");
    }

    @Test
    void theOldestRunIsForgottenFirst() {
        memo.remember(input(1, 1, 1), output(1, 1));
        memo.remember(input(2, 2, 2), output(2, 2));
        memo.remember(input(3, 3, 3), output(3, 3));

        assertFalse(memo.recall(input(1, 1, 1), outs));
        assertTrue(memo.recall(input(2, 2, 2), outs));
        assertTrue(memo.recall(input(3, 3, 3), outs));
    }

    @Test
    void anEmptyMemoAnswersNothingNotEvenZeros() {
        assertFalse(memo.recall(input(0, 0, 0), outs));
    }

    private static FloatBuffer[] input(float... values) {
        return new FloatBuffer[]{FloatBuffer.wrap(values)};
    }

    private static FloatBuffer[] output(float... values) {
        return new FloatBuffer[]{FloatBuffer.wrap(values)};
    }
}
