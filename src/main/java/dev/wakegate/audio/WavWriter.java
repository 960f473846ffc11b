package dev.wakegate.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Writes 16 kHz mono 16-bit PCM as a WAV file that only its owner can read (0600). Only {@code enroll --keep-takes}
 * writes audio, and only because the user asked.
 */
public final class WavWriter {
    private WavWriter() {}

    public static void write(Path file, short[] samples) throws IOException {
        int dataBytes = samples.length * Pcm.BYTES_PER_SAMPLE;
        var b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(Pcm.SAMPLE_RATE)
                .putInt(Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE).putShort((short) Pcm.BYTES_PER_SAMPLE).putShort((short) 16);
        b.put(ascii("data")).putInt(dataBytes);
        for (short s : samples) b.putShort(s);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(b.array());
        } finally {
            Arrays.fill(b.array(), (byte) 0);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
