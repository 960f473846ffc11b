package dev.wakegate.audio;

import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code wg-capture}: reads 10 ms frames from the capture into pooled buffers for the pipeline. A live source
 * (device, command) is closed while the switch says muted and re-opened after failures with back-off (1 s
 * doubling to 30 s), so an unplugged microphone needs no restart. A file or stdin is read once to its end. Failures
 * and recoveries are told to a {@link Listener}, on this thread.
 */
public final class CaptureThread implements Runnable {
    /** Hears about capture problems: called on the capture thread, so it should only hand them on. */
    public interface Listener {
        /** The source failed (or a file ended in error); for a live source, retries follow. */
        void failed(String reason);

        /** A live source that had failed is delivering audio again. */
        void restored(String detail);
    }

    private static final Logger log = LoggerFactory.getLogger(CaptureThread.class);
    private static final int POOL = 64;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** A source that ran this long before failing counts as healthy again: the back-off starts over. */
    private static final long HEALTHY_NANOS = 30_000_000_000L;
    /** A live source that delivers nothing for this long has stalled: it is failed, closed and re-opened. */
    public static final long STALL_NANOS = 3_000_000_000L;
    private static final long FRAME_NANOS = 1_000_000_000L / Pcm.FRAMES_PER_SECOND;

    /** A pooled frame: its samples and absolute frame index; index -1 marks the end of the input. */
    public static final class Frame {
        public final short[] samples = new short[Pcm.FRAME_SAMPLES];
        public long index;
    }

    private final Capture capture;
    private final Listener listener;
    private final BlockingQueue<Frame> free = new ArrayBlockingQueue<>(POOL);
    private final BlockingQueue<Frame> full = new ArrayBlockingQueue<>(POOL + 1);
    private volatile boolean muted, stopped;
    private volatile AudioSource current;
    private volatile long lastFrameNanos;     // when the open source last delivered a frame (or was opened)
    private volatile String stalled;          // why the open source was closed as stalled, or null
    private long nextIndex;

    public CaptureThread(Capture capture, Listener listener) {
        this.capture = capture;
        this.listener = listener;
        for (int i = 0; i < POOL; i++) free.add(new Frame());
    }

    /** Told by the mute switch's listener, on its thread: a live source closes at once. */
    public void setMuted(boolean muted) {
        this.muted = muted;
        if (muted && capture.live()) closeQuietly(current);
    }

    public void stop() {
        stopped = true;
        closeQuietly(current);
    }

    /**
     * Called while no frame comes: a live source that has delivered nothing for {@link #STALL_NANOS} (a microphone that
     * hangs, a command that stops writing) is closed, and fails as any broken source does: ERROR, then re-opened with
     * back-off.
     */
    public void checkStall(long nanoTime) {
        var source = current;
        if (source == null || muted || stopped || !capture.live() || nanoTime - lastFrameNanos < STALL_NANOS) return;
        stalled = capture.describe() + " delivered no audio for " + STALL_NANOS / 1_000_000_000L + " s";
        log.warn("capture stalled: {}", stalled);
        closeQuietly(source);
    }

    /** Whether audio is flowing: a live source delivered a frame recently, or none is meant to (muted, a file ended). */
    public boolean flowing(long nanoTime) {
        return current == null || muted || nanoTime - lastFrameNanos < STALL_NANOS;
    }

    /** The next frame for the pipeline, or null after {@code timeoutMs}. */
    public Frame poll(long timeoutMs) throws InterruptedException {
        return full.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Gives a frame back to the pool once the consumer is done with it; its samples are zeroed here. */
    public void recycle(Frame f) {
        if (f.index >= 0) zeroAndFree(f);
    }

    /** Back to the pool with its samples overwritten with zeros. */
    private void zeroAndFree(Frame f) {
        Arrays.fill(f.samples, (short) 0);
        free.offer(f);
    }

    @Override
    public void run() {
        long backoff = 1000;
        boolean failing = false;
        while (!stopped) {
            if (muted && capture.live()) {
                sleep(5);
                continue;
            }
            long opened = System.nanoTime();
            try (AudioSource source = capture.open()) {
                lastFrameNanos = System.nanoTime();
                stalled = null;
                current = source;
                if (failing) listener.restored(capture.describe() + " is back");
                failing = false;
                boolean ended = pump(source);
                if (ended && !capture.live()) break;
                if (ended) throw new IOException(capture.describe() + " ended");
            } catch (IOException | UserError e) {
                if (stopped || (muted && capture.live())) continue;
                String reason = stalled != null ? stalled : e.getMessage();
                if (!capture.live()) {
                    listener.failed(reason);
                    break;
                }
                if (!failing) listener.failed(reason);
                failing = true;
                if (System.nanoTime() - opened > HEALTHY_NANOS) backoff = 1000;
                log.warn("capture failed ({}); retrying in {} s", e.getMessage(), backoff / 1000);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            } finally {
                current = null;
            }
        }
        endOfInput();
    }

    /** Reads frames until the source ends (true), is muted or stopped (false); throws on failure. */
    private boolean pump(AudioSource source) throws IOException {
        long startNanos = System.nanoTime(), startIndex = nextIndex;
        while (!stopped) {
            if (muted && capture.live()) return false;
            Frame f = takeFree();
            if (f == null) return false;
            int n = source.readFully(f.samples, 0, Pcm.FRAME_SAMPLES);
            if (n < Pcm.FRAME_SAMPLES) {
                free.offer(f);
                return true;
            }
            if (muted && capture.live()) { // read while the switch flipped: dropped, never handed on
                zeroAndFree(f);
                return false;
            }
            f.index = nextIndex++;
            lastFrameNanos = System.nanoTime();
            if (capture.paced()) pace(startNanos, nextIndex - startIndex);
            full.add(f);
        }
        return false;
    }

    private Frame takeFree() {
        try {
            Frame f = null;
            while (f == null && !stopped) f = free.poll(100, TimeUnit.MILLISECONDS);
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            return null;
        }
    }

    /** Real-time pacing for a file: frame k is released at start + k frames' time. */
    private static void pace(long startNanos, long frames) {
        long due = startNanos + frames * FRAME_NANOS;
        long wait = due - System.nanoTime();
        if (wait > 0) sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }

    private void endOfInput() {
        var end = new Frame();
        end.index = -1;
        full.add(end);
    }

    private static void closeQuietly(AudioSource s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a source that is already failing
        }
    }

    private static void sleep(long ms) {
        sleep(ms, 0);
    }

    private static void sleep(long ms, int nanos) {
        try {
            Thread.sleep(ms, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
