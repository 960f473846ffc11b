package dev.wakegate.detect.oww;

import java.nio.FloatBuffer;

/**
 * A wake word that is recognised from the newest N speech embeddings: an openWakeWord model ({@link WakeModel}) or
 * a personal template enrolled from takes (the template engine's {@code EmbeddingTemplate}). One feature pipeline
 * serves any mix of them.
 */
public interface EmbeddingWord extends AutoCloseable {
    /** The word's name, as detections report it. */
    String name();

    /** N: how many of the newest embeddings (80 ms each) the word is scored on. */
    int windowEmbeddings();

    /** How long the spoken word typically is, for the start of a detection's span. */
    long wordSamples();

    /** A scorer with its own buffers, for one pipeline; close it with the pipeline. */
    Scorer scorer();

    @Override
    void close();

    /** Scores one window: fill {@link #input()} with N embeddings (oldest first, 96 numbers each), then call {@link #score()}. */
    interface Scorer extends AutoCloseable {
        FloatBuffer input();

        /** The word's probability-like score in [0, 1] for the window in {@link #input()}. */
        float score();

        /**
         * The score when only the newest {@code heard} embeddings of the window come from the stream (the rest is
         * assumed history): trained models were trained on clips padded with silence and score the whole window;
         * personal templates match only what was heard.
         */
        default float score(int heard) {
            return score();
        }

        /** Whose enrolled takes matched the last window best, for a personal template; null for a trained model. */
        default String voice() {
            return null;
        }

        @Override
        void close();
    }
}
