package dev.wakegate.listen;

import java.util.List;

/**
 * One picture of the live view.
 *
 * @param source    what is being heard ("device 'USB'", "file kitchen.wav (real time)")
 * @param seconds   audio time heard so far
 * @param levelDbfs loudest 10 ms frame since the last picture, in dBFS (-120 for digital silence)
 * @param speech    whether the VAD hears speech now
 * @param meters    one per wake word
 * @param heard     detections so far, newest first (at most {@link #MAX_HEARD})
 * @param problem   a capture problem being retried, or null
 * @param finished  null while listening; else why it stopped ("end of input", "stopped")
 */
public record ListenState(String source, double seconds, double levelDbfs, boolean speech, List<Meter> meters, List<Heard> heard,
                          String problem, String finished) {
    public static final int MAX_HEARD = 6;

    public ListenState {
        meters = List.copyOf(meters);
        heard = List.copyOf(heard);
    }

    /**
     * A wake word's meter.
     *
     * @param score     the highest live score since the last picture, 0-1 (0 while the VAD skips silence)
     * @param peak      the highest score of the last few seconds
     * @param threshold the score it must reach to fire: 1 - sensitivity
     */
    public record Meter(String word, double score, double peak, double threshold) {}

    /** A detection: when it was decided, and the word's span in audio time. */
    public record Heard(double at, String word, double score, double start, double end) {}
}
