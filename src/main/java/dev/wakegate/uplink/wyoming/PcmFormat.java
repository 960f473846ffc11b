package dev.wakegate.uplink.wyoming;

/**
 * A Wyoming audio format: little-endian integer PCM (width 1 is unsigned 8-bit, as in WAV files).
 *
 * @param rate     samples per second per channel
 * @param width    bytes per sample: 1, 2, 3 or 4
 * @param channels interleaved channels
 */
public record PcmFormat(int rate, int width, int channels) {
    /** What wakegate captures and streams: 16 kHz, 16-bit, mono. */
    public static final PcmFormat MIC = new PcmFormat(16_000, 2, 1);
    static final int MIN_RATE = 1_000, MAX_RATE = 384_000, MAX_CHANNELS = 16;

    public PcmFormat {
        if (rate < MIN_RATE || rate > MAX_RATE) throw new IllegalArgumentException("rate " + rate + " Hz is outside " + MIN_RATE + "-" + MAX_RATE);
        if (width < 1 || width > 4) throw new IllegalArgumentException("width " + width + " bytes is not 1-4");
        if (channels < 1 || channels > MAX_CHANNELS) throw new IllegalArgumentException(channels + " channels is not 1-" + MAX_CHANNELS);
    }

    public int frameBytes() {
        return width * channels;
    }

    /** Milliseconds of audio in {@code bytes} bytes. */
    public long millis(long bytes) {
        return bytes / frameBytes() * 1000L / rate;
    }

    @Override
    public String toString() {
        return rate + " Hz " + (8 * width) + "-bit " + (channels == 1 ? "mono" : channels + " ch");
    }
}
