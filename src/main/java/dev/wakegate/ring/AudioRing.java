package dev.wakegate.ring;

import java.util.Arrays;

/**
 * The last few seconds of audio, in memory only, addressed by absolute sample position (samples since the
 * stream began). Preallocated; {@link #wipe()} overwrites every sample with zeros so nothing heard before a
 * mute or a finished session survives in RAM.
 *
 * <p>Not thread-safe: confined to the pipeline thread, which both writes captured frames and reads segments.
 */
public final class AudioRing {
    private final short[] samples;
    private long written;

    public AudioRing(int capacitySamples) {
        if (capacitySamples <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.samples = new short[capacitySamples];
    }

    /** The absolute position of the next sample to be written (= samples written so far). */
    public long end() {
        return written;
    }

    /** The oldest absolute position still held. */
    public long start() {
        return Math.max(0, written - samples.length);
    }

    public void write(short[] src, int off, int len) {
        if (len > samples.length) {
            off += len - samples.length;
            written += len - samples.length;
            len = samples.length;
        }
        int pos = (int) (written % samples.length);
        int first = Math.min(len, samples.length - pos);
        System.arraycopy(src, off, samples, pos, first);
        System.arraycopy(src, off + first, samples, 0, len - first);
        written += len;
    }

    /**
     * Copies the samples in [{@code from}, {@code to}) into {@code dst} at {@code dstOff}.
     *
     * @throws IndexOutOfBoundsException if the range is no longer (or not yet) held
     */
    public void read(long from, long to, short[] dst, int dstOff) {
        if (from < start() || to > written || from > to)
            throw new IndexOutOfBoundsException("samples [" + from + ", " + to + ") not in ring [" + start() + ", " + written + ")");
        int len = (int) (to - from);
        int pos = (int) (from % samples.length);
        int first = Math.min(len, samples.length - pos);
        System.arraycopy(samples, pos, dst, dstOff, first);
        System.arraycopy(samples, 0, dst, dstOff + first, len - first);
    }

    /**
     * Advances the write position to {@code position} without audio (while muted or paused): the gap reads as
     * zeros, so positions keep matching the input's timeline.
     */
    public void skipTo(long position) {
        long gap = position - written;
        if (gap <= 0) return;
        if (gap >= samples.length) {
            wipe();
            written = position;
            return;
        }
        int pos = (int) (written % samples.length);
        int first = (int) Math.min(gap, samples.length - pos);
        Arrays.fill(samples, pos, pos + first, (short) 0);
        Arrays.fill(samples, 0, (int) (gap - first), (short) 0);
        written = position;
    }

    /** Overwrites all held audio with zeros; positions keep counting. */
    public void wipe() {
        Arrays.fill(samples, (short) 0);
    }

    public boolean isAllZero() {
        for (short s : samples) if (s != 0) return false;
        return true;
    }
}
