package dev.wakegate.audio;

/** The one audio format inside wakegate: 16 kHz, mono, signed 16-bit, processed in 10 ms frames. */
public final class Pcm {
    public static final int SAMPLE_RATE = 16_000;
    public static final int BYTES_PER_SAMPLE = 2;
    /** 10 ms: the hop of every stage (VAD, MFCC, gate decisions). */
    public static final int FRAME_SAMPLES = 160;
    public static final int FRAMES_PER_SECOND = SAMPLE_RATE / FRAME_SAMPLES;

    private Pcm() {}

    public static double seconds(long samples) {
        return samples / (double) SAMPLE_RATE;
    }

    public static long samples(double seconds) {
        return Math.round(seconds * SAMPLE_RATE);
    }

    /** Little-endian bytes of {@code count} samples, as sent on the wire. */
    public static void toBytes(short[] src, int off, int count, byte[] dst, int dstOff) {
        for (int i = 0; i < count; i++) {
            short s = src[off + i];
            dst[dstOff + 2 * i] = (byte) s;
            dst[dstOff + 2 * i + 1] = (byte) (s >> 8);
        }
    }
}
