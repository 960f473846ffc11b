package dev.wakegate.audio;

import dev.wakegate.internal.UserError;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE files: integer PCM (8/16/24/32-bit), IEEE float (32/64-bit), plain or WAVE_FORMAT_EXTENSIBLE,
 * any rate, any channel count. Everything else is refused with one line that says how to convert it.
 */
public final class WavReader {
    private static final int TAG_PCM = 0x0001, TAG_FLOAT = 0x0003, TAG_ALAW = 0x0006, TAG_MULAW = 0x0007,
            TAG_EXTENSIBLE = 0xFFFE;
    private static final String CONVERT = "Fix: sox IN.wav -e signed-integer -b 16 -r 16000 -c 1 OUT.wav";
    private static final String REEXPORT = "Fix: re-record or re-export it";
    private static final long MAX_HEADER_CHUNK = 1 << 20;

    private WavReader() {}

    /** Opens a WAV file for streaming; the caller closes the returned source. */
    public static PcmDecoder open(Path file, int channel) {
        String name = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new UserError(name + ": no such file. Fix: check the path");
        } catch (IOException e) {
            throw new UserError(name + ": cannot read (" + e.getMessage() + ")");
        }
        if (Files.isDirectory(file)) throw new UserError(name + ": is a directory, not a WAV file. Fix: name a WAV file");
        if (size == 0) throw new UserError(name + ": empty file (0 bytes), not a WAV recording. Fix: record it again");
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                return open(in, size, name, channel);
            } catch (RuntimeException e) {
                in.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UserError(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * Parses a WAV header from {@code in} and returns a decoder positioned at the first sample.
     *
     * @param streamBytes the total length of the stream if known (a file), else -1 (a pipe)
     */
    public static PcmDecoder open(InputStream in, long streamBytes, String name, int channel) throws IOException {
        var data = new DataInputStream(in);
        try {
            return parse(data, streamBytes, name, channel);
        } catch (EOFException e) {
            throw new UserError(name + ": truncated WAV: the file ends inside its header. Fix: re-record or re-export it");
        }
    }

    private static PcmDecoder parse(DataInputStream in, long streamBytes, String name, int channel) throws IOException {
        String riff = fourCc(in);
        if (riff.equals("RIFX")) throw new UserError(name + ": big-endian WAV (RIFX) is not supported. " + CONVERT);
        if (riff.equals("RF64")) throw new UserError(name + ": RF64 (over 4 GB) WAV is not supported. Fix: split it with sox");
        if (!riff.equals("RIFF")) throw new UserError(name + ": not a WAV file (it starts with " + printable(riff) + ", not RIFF). Fix: pass a WAV recording, or convert it: sox IN -e signed-integer -b 16 -r 16000 -c 1 OUT.wav");
        in.readInt(); // RIFF size: often wrong in streamed files, so not trusted
        String wave = fourCc(in);
        if (!wave.equals("WAVE")) throw new UserError(name + ": a RIFF file but not WAVE audio (" + printable(wave) + "). " + CONVERT);
        long offset = 12;
        SampleEncoding encoding = null;
        int rate = 0, channels = 0;
        while (true) {
            String id = fourCc(in);
            long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            offset += 8;
            if (id.equals("fmt ")) {
                if (size < 16 || size > MAX_HEADER_CHUNK) throw new UserError(name + ": corrupt WAV header (fmt chunk of " + size + " bytes). " + REEXPORT);
                byte[] fmt = in.readNBytes((int) size);
                if (fmt.length < size) throw new EOFException();
                channels = u16(fmt, 2);
                rate = (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(u32(fmt, 4)));
                encoding = encoding(name, fmt);
            } else if (id.equals("data")) {
                if (encoding == null) throw new UserError(name + ": corrupt WAV: audio data before the format chunk. " + REEXPORT);
                return decoder(in, name, encoding, rate, channels, channel, size, streamBytes, offset);
            } else {
                if (streamBytes >= 0 && offset + size > streamBytes)
                    throw new UserError(name + ": truncated WAV: the file ends inside its '" + printable(id) + "' chunk. " + REEXPORT);
                in.skipNBytes(size + (size & 1));
            }
            offset += size + (size & 1);
        }
    }

    private static PcmDecoder decoder(DataInputStream in, String name, SampleEncoding encoding, int rate, int channels,
                                      int channel, long dataBytes, long streamBytes, long offset) {
        InputFormat format;
        try {
            format = new InputFormat(encoding, rate, channels, channel);
        } catch (IllegalArgumentException e) {
            boolean formatOk = rate >= InputFormat.MIN_RATE && rate <= InputFormat.MAX_RATE && channels >= 1 && channels <= InputFormat.MAX_CHANNELS;
            throw new UserError(name + ": " + e.getMessage() + (formatOk ? ". Fix: use --channel 0-" + (channels - 1) : ". " + CONVERT));
        }
        boolean sizeUnknown = dataBytes == 0 || dataBytes == 0xFFFFFFFFL; // streaming writers (arecord to a pipe)
        long available = streamBytes < 0 ? -1 : streamBytes - offset;
        if (!sizeUnknown && available >= 0 && dataBytes > available) {
            double promised = dataBytes / (double) format.frameBytes() / rate;
            double held = available / (double) format.frameBytes() / rate;
            throw new UserError("%s: truncated WAV: the header promises %.2f s of audio but the file holds %.2f s. Fix: re-record or re-export it"
                    .formatted(name, promised, held));
        }
        long limit = sizeUnknown ? available : dataBytes;
        if (limit == 0) throw new UserError(name + ": the WAV file holds no audio samples. " + REEXPORT);
        return new PcmDecoder(in, format, limit, name);
    }

    private static SampleEncoding encoding(String name, byte[] fmt) {
        int tag = u16(fmt, 0);
        int channels = u16(fmt, 2);
        int blockAlign = u16(fmt, 12);
        int bits = u16(fmt, 14);
        if (tag == TAG_EXTENSIBLE) {
            if (fmt.length < 40) throw new UserError(name + ": corrupt WAV header (short WAVE_FORMAT_EXTENSIBLE chunk). " + REEXPORT);
            tag = u16(fmt, 24); // first two bytes of the sub-format GUID
        }
        if (channels == 0) throw new UserError(name + ": corrupt WAV header (0 channels). " + REEXPORT);
        int containerBits = blockAlign > 0 ? blockAlign * 8 / channels : bits;
        return switch (tag) {
            case TAG_PCM -> switch (containerBits) {
                case 8 -> SampleEncoding.U8;
                case 16 -> SampleEncoding.S16_LE;
                case 24 -> SampleEncoding.S24_LE;
                case 32 -> SampleEncoding.S32_LE;
                default -> throw new UserError(name + ": " + bits + "-bit PCM is not supported (8, 16, 24 and 32 are). " + CONVERT);
            };
            case TAG_FLOAT -> switch (containerBits) {
                case 32 -> SampleEncoding.F32_LE;
                case 64 -> SampleEncoding.F64_LE;
                default -> throw new UserError(name + ": " + bits + "-bit float is not supported. " + CONVERT);
            };
            case TAG_ALAW -> throw new UserError(name + ": A-law encoding is not supported. " + CONVERT);
            case TAG_MULAW -> throw new UserError(name + ": µ-law encoding is not supported. " + CONVERT);
            default -> throw new UserError(name + ": unsupported WAV encoding (format tag 0x%04X); only PCM and float are read. %s"
                    .formatted(tag, CONVERT));
        };
    }

    private static String fourCc(DataInputStream in) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) throw new EOFException();
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        var sb = new StringBuilder("'");
        for (char c : s.toCharArray()) sb.append(c >= 32 && c < 127 ? c : '?');
        return sb.append('\'').toString();
    }

    private static int u16(byte[] b, int pos) {
        return (b[pos] & 0xff) | ((b[pos + 1] & 0xff) << 8);
    }

    private static int u32(byte[] b, int pos) {
        return u16(b, pos) | (u16(b, pos + 2) << 16);
    }
}
