package dev.wakegate.audio;

/** How one sample of one channel is stored in a PCM stream (little-endian throughout). */
public enum SampleEncoding {
    U8(1, "8-bit unsigned"),
    S16_LE(2, "16-bit signed"),
    S24_LE(3, "24-bit signed"),
    S32_LE(4, "32-bit signed"),
    F32_LE(4, "32-bit float"),
    F64_LE(8, "64-bit float");

    private final int bytes;
    private final String description;

    SampleEncoding(int bytes, String description) {
        this.bytes = bytes;
        this.description = description;
    }

    public int bytes() {
        return bytes;
    }

    public String description() {
        return description;
    }

    /**
     * Decodes one sample at {@code pos}, scaled so that full scale is ±32768 (the int16 range): 16-bit input
     * passes through exactly.
     */
    float decode(byte[] b, int pos) {
        return switch (this) {
            case U8 -> ((b[pos] & 0xff) - 128) * 256f;
            case S16_LE -> (short) ((b[pos] & 0xff) | (b[pos + 1] << 8));
            case S24_LE -> ((b[pos] & 0xff) | ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] << 16)) / 256f;
            case S32_LE -> int32(b, pos) / 65536f;
            case F32_LE -> Float.intBitsToFloat(int32(b, pos)) * 32768f;
            case F64_LE -> (float) (Double.longBitsToDouble((int32(b, pos) & 0xffffffffL) | ((long) int32(b, pos + 4) << 32)) * 32768.0);
        };
    }

    private static int int32(byte[] b, int pos) {
        return (b[pos] & 0xff) | ((b[pos + 1] & 0xff) << 8) | ((b[pos + 2] & 0xff) << 16) | (b[pos + 3] << 24);
    }
}
