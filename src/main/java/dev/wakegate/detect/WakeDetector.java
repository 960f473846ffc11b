package dev.wakegate.detect;

import java.util.List;
import java.util.function.Consumer;

/**
 * A local wake-word engine, fed one 10 ms frame at a time by {@link DetectionStage}. Called on the pipeline
 * thread only; {@code frame} is reused by the caller, so implementations copy what they keep.
 */
public interface WakeDetector extends AutoCloseable {
    /** The most silence a detector hears after an input's end ({@link #endOfStream}): one second, as openWakeWord pads clips. */
    double END_SILENCE_SECONDS = 1.0;

    /** The wake words this detector listens for. */
    List<String> words();

    /**
     * Processes the frame with absolute index {@code frameIndex} (sample position = index × FRAME_SAMPLES).
     * Indices only increase; a jump means audio was skipped and partial matches must be dropped.
     */
    void accept(short[] frame, long frameIndex, Consumer<Detection> detections);

    /** Frames of audio before a speech onset that the detector wants to see (its context). */
    int contextFrames();

    /**
     * Frames of audio after the VAD closes that the detector still wants to see: for engines whose score peaks a
     * little after the word has ended. Default none.
     */
    default int tailFrames() {
        return 0;
    }

    /**
     * The confirmation turned down {@code detection}, which this detector made: the word may fire again at once,
     * without its refractory time. What fired may have been the sound just before the word (at a high sensitivity the
     * detector takes whatever comes near first), and the word itself then follows. Default: nothing to lift.
     */
    default void refused(Detection detection) {}

    /**
     * The detectors this one is made of, each fed as it asks alone: its own context before a speech onset, its own
     * tail after speech. A plain detector is itself.
     */
    default List<WakeDetector> parts() {
        return List.of(this);
    }

    /** Changes a word's sensitivity (higher = more detections; 0 = the word never fires) while running. */
    void setSensitivity(String word, Sensitivity sensitivity);

    Sensitivity sensitivity(String word);

    /** The current score in [0, 1] of each word, for live meters; words with no match in progress score 0. */
    default double liveScore(String word) {
        return 0;
    }

    /**
     * The input ended: judge whatever is still in progress (a word spoken at the very end of a recording would
     * otherwise never be decided). A detector may hear up to {@link #END_SILENCE_SECONDS} of digital silence after
     * the input to do so, and place a word in it. Default: nothing in progress to judge.
     */
    default void endOfStream(Consumer<Detection> detections) {}

    @Override
    default void close() {}
}
