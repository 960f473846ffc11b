package dev.wakegate.uplink.wyoming;

import dev.wakegate.testing.TestData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** Test audio from {@code ../shared} (system property {@code wakegate.shared}), read without wakegate's own decoder. */
final class SharedWav {
    private SharedWav() {}

    /** The bytes of the "data" chunk of a 16 kHz mono 16-bit WAV. */
    static byte[] dataBytes(String relative) throws IOException {
        byte[] file = Files.readAllBytes(TestData.file(relative));
        var b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        int pos = 12;
        while (pos + 8 <= file.length) {
            String id = new String(file, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("fmt ")) {
                assertEquals(1, b.getShort(pos + 10), "mono");
                assertEquals(16_000, b.getInt(pos + 12), "16 kHz");
                assertEquals(16, b.getShort(pos + 22), "16-bit");
            }
            if (id.equals("data")) return Arrays.copyOfRange(file, pos + 8, Math.min(file.length, pos + 8 + size));
            pos += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk in " + relative);
    }
}
