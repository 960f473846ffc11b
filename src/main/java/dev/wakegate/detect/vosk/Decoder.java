package dev.wakegate.detect.vosk;

/**
 * One Vosk recognizer as wakegate uses it: 16 kHz samples in, JSON results out ({@link VoskResult#parse}). An
 * interface so that the detector and the confirmer can be tested on recorded JSON without a model.
 * Not thread-safe: used on the pipeline thread only.
 */
public interface Decoder extends AutoCloseable {

    /** Decodes {@code count} samples; true if Vosk saw the end of an utterance (then call {@link #result}). */
    boolean accept(short[] samples, int count);

    /** The current hypothesis of the utterance in progress. */
    String partialResult();

    /** Ends the utterance and returns its result; later audio starts a new utterance, times counting on. */
    String result();

    /** Ends the input and returns the result of what is left; later audio starts afresh, times counting on. */
    String finalResult();

    @Override
    void close();
}
