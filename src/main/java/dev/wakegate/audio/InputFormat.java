package dev.wakegate.audio;

/**
 * The format of audio as it arrives (from a WAV header, or from {@code --rate/--channels} for raw PCM), and
 * which channel to keep: {@link #DOWNMIX} averages all channels.
 */
public record InputFormat(SampleEncoding encoding, int sampleRate, int channels, int channel) {
    public static final int DOWNMIX = -1;
    public static final int MAX_CHANNELS = 64;
    public static final int MIN_RATE = 4_000;
    public static final int MAX_RATE = 384_000;

    public InputFormat {
        if (sampleRate < MIN_RATE || sampleRate > MAX_RATE)
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside " + MIN_RATE + "-" + MAX_RATE);
        if (channels < 1 || channels > MAX_CHANNELS)
            throw new IllegalArgumentException(channels + " channels is outside 1-" + MAX_CHANNELS);
        if (channel != DOWNMIX && (channel < 0 || channel >= channels))
            throw new IllegalArgumentException("channel " + channel + " does not exist (the input has " + channels
                    + " channel" + (channels == 1 ? "" : "s") + ", numbered 0-" + (channels - 1) + ")");
    }

    public int frameBytes() {
        return encoding.bytes() * channels;
    }

    /** True when samples can be copied to the internal format without any arithmetic. */
    public boolean isInternal() {
        return encoding == SampleEncoding.S16_LE && sampleRate == Pcm.SAMPLE_RATE && (channels == 1 || channel != DOWNMIX);
    }

    public String describe() {
        return "%s, %d Hz, %d channel%s".formatted(encoding.description(), sampleRate, channels, channels == 1 ? "" : "s");
    }
}
