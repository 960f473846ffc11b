package dev.wakegate.detect;

import dev.wakegate.ring.AudioRing;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A heard word is the detected span with its margins, and, apart, up to 1.5 s of what the ring held before them (what
 * was said before the word); both are copies that are wiped once judged.
 */
class HeardWordTest {
    /** A ring of 4 s whose sample at position p is p % 30000 + 1 (never 0). */
    private static AudioRing ringOf(int samples) {
        var ring = new AudioRing(64_000);
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short) (i % 30_000 + 1);
        ring.write(s, 0, samples);
        return ring;
    }

    @Test
    void theWordWithItsMarginsAndWhatCameBeforeThem() {
        var heard = HeardWord.around(new Detection("w", 40_000, 48_000, 0.9, 48_000), ringOf(60_000));
        assertEquals(40_000 - 8_000, heard.audioStartSample());
        assertEquals(8_000 + 8_000 + 8_000, heard.audio().length);
        assertEquals(24_000, heard.before().length, "1.5 s before the margin");
        assertEquals((short) ((32_000 - 24_000) % 30_000 + 1), heard.before()[0]);
        short[] all = heard.withContext();
        assertEquals(48_000, all.length);
        for (int i = 0; i < all.length; i++) assertEquals((short) ((8_000 + i) % 30_000 + 1), all[i], "sample " + i);
    }

    @Test
    void beforeTheRingsStartThereIsLessContext() {
        var heard = HeardWord.around(new Detection("w", 10_000, 18_000, 0.9, 18_000), ringOf(30_000));
        assertEquals(2_000, heard.before().length, "the ring holds only 0.125 s before the margin");
    }

    @Test
    void wipingClearsTheContextToo() {
        var heard = HeardWord.around(new Detection("w", 40_000, 48_000, 0.9, 48_000), ringOf(60_000));
        heard.wipe();
        for (short s : heard.before()) assertEquals(0, s);
        for (short s : heard.audio()) assertEquals(0, s);
        assertTrue(heard.before().length > 0);
    }
}
