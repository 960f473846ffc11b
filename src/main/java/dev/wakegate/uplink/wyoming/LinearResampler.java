package dev.wakegate.uplink.wyoming;

import java.util.Arrays;

/**
 * Streaming linear-interpolation resampler for interleaved 16-bit PCM, with optional mono-to-stereo upmix.
 * Only used when the output device refuses the reply's own format; good enough for speech and cues.
 */
final class LinearResampler {
    private final int inChannels, outChannels;
    private final double step;
    private final short[] previous;
    private double position;

    LinearResampler(int inRate, int outRate, int inChannels, int outChannels) {
        if (inChannels != outChannels && !(inChannels == 1 && outChannels == 2))
            throw new IllegalArgumentException("only mono to stereo upmixing is supported");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.step = inRate / (double) outRate;
        this.previous = new short[inChannels];
    }

    /** Converts whole frames of little-endian PCM; returns the output bytes. */
    byte[] process(byte[] in, int off, int len) {
        int frames = len / (2 * inChannels);
        if (frames == 0) return new byte[0];
        int estimate = (int) Math.ceil((frames + 1) / step) + 1;
        byte[] out = new byte[estimate * 2 * outChannels];
        int o = 0;
        // sample(f, c) with f = -1 meaning the last frame of the previous block
        while (position < frames - 1 && o + 2 * outChannels <= out.length) {
            int i = (int) Math.floor(position);
            double frac = position - i;
            for (int c = 0; c < outChannels; c++) {
                int ch = Math.min(c, inChannels - 1);
                double a = sample(in, off, i, ch), b = sample(in, off, i + 1, ch);
                int v = (int) Math.round(a + (b - a) * frac);
                out[o++] = (byte) v;
                out[o++] = (byte) (v >> 8);
            }
            position += step;
        }
        for (int c = 0; c < inChannels; c++) previous[c] = (short) sample(in, off, frames - 1, c);
        position -= frames;
        return Arrays.copyOf(out, o);
    }

    private double sample(byte[] in, int off, int frame, int ch) {
        if (frame < 0) return previous[ch];
        int p = off + 2 * (frame * inChannels + ch);
        return (short) ((in[p] & 0xff) | (in[p + 1] << 8));
    }
}
