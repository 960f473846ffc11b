package dev.wakegate.uplink.wyoming;

import java.util.Arrays;

/** Converts Wyoming PCM of any width to signed 16-bit little-endian, carrying partial frames between chunks. */
final class Pcm16 {
    private final byte[] carry = new byte[4 * PcmFormat.MAX_CHANNELS];
    private int carried;
    private int width = 2, frameBytes = 2;

    /** Starts a new stream; forgets any partial frame. */
    void reset(PcmFormat format) {
        carried = 0;
        width = format.width();
        frameBytes = format.frameBytes();
    }

    /** Converts whole frames of {@code in} (plus any carried bytes); a trailing partial frame is kept for the next call. */
    byte[] convert(byte[] in) {
        int total = carried + in.length;
        int frames = total / frameBytes;
        int usable = frames * frameBytes;
        byte[] src;
        if (carried == 0) {
            src = in;
        } else {
            src = new byte[total];
            System.arraycopy(carry, 0, src, 0, carried);
            System.arraycopy(in, 0, src, carried, in.length);
        }
        int rest = total - usable;
        System.arraycopy(src, usable, carry, 0, rest);
        carried = rest;
        int samples = usable / width;
        if (width == 2) return src == in && usable == in.length ? in : Arrays.copyOf(src, usable);
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int s = switch (width) {
                case 1 -> ((src[i] & 0xff) - 128) << 8;                        // WAV 8-bit is unsigned
                case 3 -> (src[3 * i + 1] & 0xff) | (src[3 * i + 2] << 8);      // keep the top 16 bits
                default -> (src[4 * i + 2] & 0xff) | (src[4 * i + 3] << 8);
            };
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }
}
