package dev.wakegate.ring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring hands out audio by absolute sample position and forgets it on wipe. */
class AudioRingTest {
    /** Samples whose value is their absolute position (mod 2^15), so any mix-up shows. */
    private static short[] positions(long from, int count) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) s[i] = (short) ((from + i) % 32_000 + 1);
        return s;
    }

    private static void writeInPieces(AudioRing ring, long total, int piece) {
        for (long pos = ring.end(); pos < total; pos += piece) {
            int n = (int) Math.min(piece, total - pos);
            ring.write(positions(pos, n), 0, n);
        }
    }

    @Test
    void handsOutExactlyTheSamplesBetweenTwoAbsolutePositions() {
        // given: 1000 samples in a ring of 1600
        var ring = new AudioRing(1_600);
        writeInPieces(ring, 1_000, 160);
        short[] dst = new short[300];
        // when
        ring.read(200, 500, dst, 0);
        // then
        assertArrayEquals(positions(200, 300), dst);
        assertEquals(0, ring.start());
        assertEquals(1_000, ring.end());
    }

    @Test
    void handsOutASpanThatCrossesTheWrapAround() {
        // given: 2.5 capacities written in odd pieces, so the physical end sits mid-array
        var ring = new AudioRing(1_000);
        writeInPieces(ring, 2_500, 333);
        short[] dst = new short[10 + 900];
        // when: [1700, 2500) starts at physical 700 and wraps to physical 500
        ring.read(1_700, 2_500, dst, 10);
        // then
        short[] got = java.util.Arrays.copyOfRange(dst, 10, 810);
        assertArrayEquals(positions(1_700, 800), got);
        assertEquals(1_500, ring.start());
    }

    @Test
    void theOldestHeldSampleIsStillHandedOutAfterManyWraps() {
        // given
        var ring = new AudioRing(480);
        writeInPieces(ring, 100_000, 160);
        short[] dst = new short[480];
        // when
        ring.read(ring.start(), ring.end(), dst, 0);
        // then
        assertEquals(100_000 - 480, ring.start());
        assertArrayEquals(positions(100_000 - 480, 480), dst);
    }

    @Test
    void refusesRangesNoLongerHeld() {
        // given
        var ring = new AudioRing(1_000);
        writeInPieces(ring, 2_500, 250);
        // when / then
        var e = assertThrows(IndexOutOfBoundsException.class, () -> ring.read(1_499, 1_600, new short[101], 0));
        assertEquals("samples [1499, 1600) not in ring [1500, 2500)", e.getMessage());
    }

    @Test
    void refusesRangesNotYetHeld() {
        // given
        var ring = new AudioRing(1_000);
        writeInPieces(ring, 500, 100);
        // when / then
        assertThrows(IndexOutOfBoundsException.class, () -> ring.read(400, 501, new short[101], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.read(300, 200, new short[100], 0), "backwards range");
    }

    @Test
    void aWriteLongerThanTheRingKeepsItsNewestSamples() {
        // given
        var ring = new AudioRing(100);
        short[] big = positions(0, 250);
        // when
        ring.write(big, 0, big.length);
        // then
        short[] dst = new short[100];
        ring.read(150, 250, dst, 0);
        assertArrayEquals(positions(150, 100), dst);
        assertEquals(250, ring.end());
    }

    @Test
    void wipeZeroesEverythingAndPositionsKeepCounting() {
        // given: a ring full of non-zero audio
        var ring = new AudioRing(1_000);
        writeInPieces(ring, 1_700, 170);
        assertFalse(ring.isAllZero());
        // when
        ring.wipe();
        // then: every held sample reads back as zero, positions are unchanged
        assertTrue(ring.isAllZero());
        assertEquals(700, ring.start());
        assertEquals(1_700, ring.end());
        short[] dst = positions(0, 1_000);
        ring.read(700, 1_700, dst, 0);
        assertArrayEquals(new short[1_000], dst);
        // and new audio lands at the next absolute position
        ring.write(positions(1_700, 50), 0, 50);
        short[] fresh = new short[50];
        ring.read(1_700, 1_750, fresh, 0);
        assertArrayEquals(positions(1_700, 50), fresh);
        assertEquals(1_750, ring.end());
    }

    @Test
    void aRingNeedsAPositiveCapacity() {
        // when / then
        assertThrows(IllegalArgumentException.class, () -> new AudioRing(0));
    }
}
