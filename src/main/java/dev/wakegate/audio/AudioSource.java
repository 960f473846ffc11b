package dev.wakegate.audio;

import java.io.IOException;

/**
 * A stream of 16 kHz mono 16-bit audio ({@link Pcm}). Live sources block until samples arrive; file sources
 * return -1 at the end.
 */
public interface AudioSource extends AutoCloseable {

    /** Reads up to {@code len} samples into {@code dst}; returns how many, or -1 at the end of the stream. */
    int read(short[] dst, int off, int len) throws IOException;

    /** What the user would call this source: a file name, "stdin", a device or command. */
    String name();

    @Override
    void close() throws IOException;

    /** Reads until {@code len} samples or the end; returns how many were read (less than len only at the end). */
    default int readFully(short[] dst, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = read(dst, off + total, len - total);
            if (n < 0) break;
            total += n;
        }
        return total;
    }
}
