package dev.wakegate.uplink;

import dev.wakegate.audio.Pcm;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The hand-over between the pipeline thread (which {@link #offer}s captured samples and never blocks) and an
 * uplink's sending thread (which reads them as a byte stream). Bounded: if the network cannot keep up, the
 * session is failed rather than buffering without limit. After {@link #abort}, reading stops at once and
 * whatever was still queued is dropped and zeroed.
 */
public final class AudioQueue extends InputStream {
    private final int capacityBytes;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int queuedBytes;
    private byte[] current;
    private int currentPos;
    private boolean finished, overflowed;
    private String abortReason;

    public AudioQueue(double capacitySeconds) {
        this.capacityBytes = (int) (capacitySeconds * Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE);
    }

    /** Queues samples as little-endian int16; false if the queue is full (the session should fail) or closed. */
    public synchronized boolean offer(short[] samples, int off, int len) {
        if (finished || abortReason != null) return false;
        if (queuedBytes + 2L * len > capacityBytes) {
            overflowed = true;
            notifyAll();
            return false;
        }
        byte[] b = new byte[2 * len];
        Pcm.toBytes(samples, off, len, b, 0);
        chunks.add(b);
        queuedBytes += b.length;
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
        for (byte[] b : chunks) java.util.Arrays.fill(b, (byte) 0);
        chunks.clear();
        queuedBytes = 0;
        if (current != null) java.util.Arrays.fill(current, (byte) 0);
        current = null;
        notifyAll();
    }

    @Override
    public synchronized int available() {
        return queuedBytes + (current == null ? 0 : current.length - currentPos);
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
            if (current != null && currentPos < current.length) break;
            current = chunks.poll();
            currentPos = 0;
            if (current != null) {
                queuedBytes -= current.length;
                continue;
            }
            if (finished) return -1;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        int n = Math.min(len, current.length - currentPos);
        System.arraycopy(current, currentPos, dst, off, n);
        java.util.Arrays.fill(current, currentPos, currentPos + n, (byte) 0);
        currentPos += n;
        return n;
    }
}
