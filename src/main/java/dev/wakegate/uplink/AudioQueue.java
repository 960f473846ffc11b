package dev.wakegate.uplink;

import dev.wakegate.audio.Pcm;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The hand-over between the pipeline thread (which {@link #offer}s captured samples and never blocks) and an
 * uplink's sending thread (which reads them as a byte stream). Bounded: one ring of bytes, allocated with the queue;
 * if the network cannot keep up, the session is failed rather than buffering without limit. Bytes are zeroed as
 * they are read. After {@link #abort}, reading stops at once and whatever was still queued is zeroed.
 */
public final class AudioQueue extends InputStream {
    private final byte[] ring;
    private int head;        // next byte to read
    private int queued;      // bytes waiting
    private boolean finished, overflowed;
    private String abortReason;

    public AudioQueue(double capacitySeconds) {
        this.ring = new byte[(int) (capacitySeconds * Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE)];
    }

    /** Queues samples as little-endian int16; false if the queue is full (the session should fail) or closed. */
    public synchronized boolean offer(short[] samples, int off, int len) {
        if (finished || abortReason != null) return false;
        if (queued + 2L * len > ring.length) {
            overflowed = true;
            notifyAll();
            return false;
        }
        int tail = (head + queued) % ring.length;
        for (int i = 0; i < len; i++) {
            short s = samples[off + i];
            ring[tail] = (byte) s;
            ring[(tail + 1) % ring.length] = (byte) (s >> 8);
            tail = (tail + 2) % ring.length;
        }
        queued += 2 * len;
        notifyAll();
        return true;
    }

    /** No more samples will come. */
    public synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** Stops the stream: the reader sees an IOException at its next read; queued audio is discarded. */
    public synchronized void abort(String reason) {
        if (abortReason == null) abortReason = reason;
        Arrays.fill(ring, (byte) 0);
        queued = 0;
        notifyAll();
    }

    @Override
    public synchronized int available() {
        return queued;
    }

    public synchronized boolean overflowed() {
        return overflowed;
    }

    public synchronized String abortReason() {
        return abortReason;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (true) {
            if (abortReason != null) throw new IOException("stream aborted: " + abortReason);
            if (overflowed) throw new IOException("uplink too slow: more than the queue holds is waiting");
            if (queued > 0) break;
            if (finished) return -1;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        int n = Math.min(len, Math.min(queued, ring.length - head)); // up to the end of the ring; the rest on the next read
        System.arraycopy(ring, head, dst, off, n);
        Arrays.fill(ring, head, head + n, (byte) 0);
        head = (head + n) % ring.length;
        queued -= n;
        return n;
    }
}
