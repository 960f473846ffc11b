package dev.wakegate.vad;

/** Marks each 10 ms frame as speech or not, so that detectors can skip silence. */
public interface Vad {
    /** Classifies one frame of {@link dev.wakegate.audio.Pcm#FRAME_SAMPLES} samples (hangover included). */
    boolean isSpeech(short[] frame);

    /** Whether the last frame itself was clearly above the noise (no hangover): for end-of-utterance timing. */
    boolean voiced();

    /** The level of the last frame in dBFS, for meters. */
    double levelDb();

    void reset();
}
