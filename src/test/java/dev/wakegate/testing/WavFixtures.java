package dev.wakegate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes real RIFF/WAVE bytes for tests, independently of wakegate's reader: any encoding, rate and channel count,
 * plain or WAVE_FORMAT_EXTENSIBLE headers, extra chunks, streamed sizes (0xFFFFFFFF) and deliberately truncated files.
 * Fixtures go to a {@code @TempDir}; no audio is committed.
 */
public final class WavFixtures {
    private static final int TAG_PCM = 0x0001, TAG_FLOAT = 0x0003, TAG_ALAW = 0x0006, TAG_MULAW = 0x0007, TAG_EXTENSIBLE = 0xFFFE;
    /** The tail of every KSDATAFORMAT_SUBTYPE_* GUID after its first two bytes (the format tag). */
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71};

    private WavFixtures() {}

    /** A sample encoding as a WAV header declares it. */
    public enum Format {
        U8(TAG_PCM, 1), S16(TAG_PCM, 2), S24(TAG_PCM, 3), S32(TAG_PCM, 4), F32(TAG_FLOAT, 4), F64(TAG_FLOAT, 8),
        ALAW(TAG_ALAW, 1), MULAW(TAG_MULAW, 1);

        final int tag, bytes;

        Format(int tag, int bytes) {
            this.tag = tag;
            this.bytes = bytes;
        }

        /** Encodes x in [-1, 1] (full scale) the way a careful writer would: rounded and clamped. */
        void encode(double x, ByteBuffer out) {
            switch (this) {
                case U8, ALAW, MULAW -> out.put((byte) (clamp(Math.round(x * 128), -128, 127) + 128));
                case S16 -> out.putShort((short) clamp(Math.round(x * 32768), Short.MIN_VALUE, Short.MAX_VALUE));
                case S24 -> put24(out, (int) clamp(Math.round(x * 8_388_608), -8_388_608, 8_388_607));
                case S32 -> out.putInt((int) clamp(Math.round(x * 2_147_483_648.0), Integer.MIN_VALUE, Integer.MAX_VALUE));
                case F32 -> out.putFloat((float) x);
                case F64 -> out.putDouble(x);
            }
        }
    }

    public static Wav wav(Format format, int rate, int channels) {
        return new Wav(format, rate, channels);
    }

    /** A 16-bit 16 kHz mono WAV of {@code samples}, as wakegate's own format. */
    public static Wav internal(short[] samples) {
        return wav(Format.S16, 16_000, 1).data(s16(samples));
    }

    public static final class Wav {
        private final Format format;
        private final int rate, channels;
        private byte[] data = new byte[0];
        private boolean extensible, streamed;
        private int validBits;
        private final List<byte[]> chunksBeforeData = new ArrayList<>();
        private int keepBytes = -1;

        private Wav(Format format, int rate, int channels) {
            this.format = format;
            this.rate = rate;
            this.channels = channels;
            this.validBits = format.bytes * 8;
        }

        /** Sample values in [-1, 1], one array per channel (all the same length), encoded and interleaved. */
        public Wav channels(double[]... perChannel) {
            if (perChannel.length != channels) throw new IllegalArgumentException("need " + channels + " channel arrays");
            int frames = perChannel[0].length;
            var buf = ByteBuffer.allocate(frames * channels * format.bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < frames; f++)
                for (double[] ch : perChannel) format.encode(ch[f], buf);
            data = buf.array();
            return this;
        }

        public Wav mono(double[] signal) {
            return channels(signal);
        }

        /** Raw interleaved sample bytes, exactly as they should appear in the data chunk. */
        public Wav data(byte[] raw) {
            data = raw.clone();
            return this;
        }

        /** Writes a 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk instead of the plain one. */
        public Wav extensible() {
            extensible = true;
            return this;
        }

        /** With {@link #extensible()}: the valid bits per sample (e.g. 24 in a 32-bit container). */
        public Wav validBits(int bits) {
            validBits = bits;
            return this;
        }

        /** Sizes of RIFF and data set to 0xFFFFFFFF, as streaming writers (arecord to a pipe) leave them. */
        public Wav streamed() {
            streamed = true;
            return this;
        }

        /** Adds a chunk (e.g. LIST metadata) between fmt and data; odd sizes get their pad byte. */
        public Wav chunkBeforeData(String id, byte[] body) {
            var b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
            b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
            chunksBeforeData.add(b.array());
            return this;
        }

        /** Cuts the file after {@code bytes} bytes, headers keeping the sizes they promised. */
        public Wav truncatedTo(int bytes) {
            keepBytes = bytes;
            return this;
        }

        /** Bytes before the first sample: RIFF header, fmt chunk, extra chunks and the data chunk header. */
        public int headerLength() {
            return bytesUntruncated().length - data.length;
        }

        public byte[] bytes() {
            byte[] all = bytesUntruncated();
            return keepBytes < 0 ? all : Arrays.copyOf(all, Math.min(keepBytes, all.length));
        }

        private byte[] bytesUntruncated() {
            var out = new ByteArrayOutputStream();
            byte[] fmt = fmtChunk();
            int extra = chunksBeforeData.stream().mapToInt(c -> c.length).sum();
            int riffSize = 4 + fmt.length + extra + 8 + data.length + (data.length & 1);
            var head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            head.put(ascii("RIFF")).putInt(streamed ? -1 : riffSize).put(ascii("WAVE"));
            out.writeBytes(head.array());
            out.writeBytes(fmt);
            chunksBeforeData.forEach(out::writeBytes);
            var dataHead = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            dataHead.put(ascii("data")).putInt(streamed ? -1 : data.length);
            out.writeBytes(dataHead.array());
            out.writeBytes(data);
            if (!streamed && (data.length & 1) == 1) out.write(0);
            return out.toByteArray();
        }

        private byte[] fmtChunk() {
            int blockAlign = format.bytes * channels;
            int bodySize = extensible ? 40 : format.tag == TAG_PCM ? 16 : 18;
            var b = ByteBuffer.allocate(8 + bodySize).order(ByteOrder.LITTLE_ENDIAN);
            b.put(ascii("fmt ")).putInt(bodySize);
            b.putShort((short) (extensible ? TAG_EXTENSIBLE : format.tag)).putShort((short) channels).putInt(rate)
                    .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) (format.bytes * 8));
            if (extensible) {
                b.putShort((short) 22).putShort((short) validBits).putInt(channels == 1 ? 0x4 : (1 << channels) - 1);
                b.putShort((short) format.tag).put(GUID_TAIL);
            } else if (bodySize == 18) {
                b.putShort((short) 0);
            }
            return b.array();
        }

        public Path writeTo(Path dir, String name) {
            Path file = dir.resolve(name);
            try {
                Files.write(file, bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }
    }

    public static byte[] s16(short... v) {
        var b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : v) b.putShort(s);
        return b.array();
    }

    /** Little-endian 16-bit bytes back to samples: the inverse of {@link #s16}. */
    public static short[] shorts(byte[] s16) {
        short[] s = new short[s16.length / 2];
        ByteBuffer.wrap(s16).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    public static byte[] s24(int... v) {
        var b = ByteBuffer.allocate(v.length * 3).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : v) put24(b, s);
        return b.array();
    }

    public static byte[] s32(int... v) {
        var b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : v) b.putInt(s);
        return b.array();
    }

    public static byte[] u8(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    public static byte[] f32(float... v) {
        var b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : v) b.putFloat(s);
        return b.array();
    }

    public static byte[] f64(double... v) {
        var b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double s : v) b.putDouble(s);
        return b.array();
    }

    /** The bytes of a file, e.g. a text file that will be given a .wav name. */
    public static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
