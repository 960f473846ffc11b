package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;

/**
 * Maps a recognizer's time to positions in the stream. Vosk reports word times in seconds of audio fed to the
 * recognizer since it was created, counting on across utterances; but the detector is fed only speech (the detection
 * stage skips silence and replays pre-roll), so the audio fed is a series of stretches of the stream. This remembers
 * where each stretch began, both in fed samples and in stream samples, for the most recent {@link #STRETCHES} stretches.
 * Called on the pipeline thread only; nothing is allocated per call.
 */
final class StreamClock {
    /** Stretches remembered; a time older than the oldest is placed in the oldest stretch. */
    static final int STRETCHES = 64;

    private final long[] fedAt = new long[STRETCHES];
    private final long[] streamAt = new long[STRETCHES];
    private int count, newest = -1;
    private long fed;                       // samples fed so far
    private long streamEnd = Long.MIN_VALUE; // stream position just after the last sample fed

    /** Records that {@code n} samples starting at stream position {@code streamSample} were fed. */
    void fed(long streamSample, int n) {
        if (streamSample != streamEnd) {
            newest = (newest + 1) % STRETCHES;
            fedAt[newest] = fed;
            streamAt[newest] = streamSample;
            count = Math.min(STRETCHES, count + 1);
        }
        fed += n;
        streamEnd = streamSample + n;
    }

    /** Samples fed so far. */
    long fedSamples() {
        return fed;
    }

    /** The stream position just after the last sample fed. */
    long streamEnd() {
        return streamEnd;
    }

    /** The stream position of recognizer time {@code seconds}; before anything was fed, the time itself. */
    long toStream(double seconds) {
        long f = Math.max(0, Pcm.samples(seconds));
        if (count == 0) return f;
        int slot = newest;
        for (int k = 1; k < count && fedAt[slot] > f; k++) slot = (slot - 1 + STRETCHES) % STRETCHES;
        long offset = Math.max(0, f - fedAt[slot]);
        return streamAt[slot] + offset;
    }
}
