package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection from a Wyoming server. A reader thread ({@code wg-wyoming-in-N}) decodes frames and hands
 * them to the {@link WyomingServer}; a writer thread ({@code wg-wyoming-out-N}) drains a bounded queue of
 * outgoing frames. Sending never blocks: when the queue is full the frame is refused and the caller decides.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Skipped frames (well-formed but meaningless) tolerated before the peer is considered broken. */
    private static final int MAX_BAD_FRAMES = 10;
    private static final int OUT_BUFFER = 16 * 1024;

    /** The owner of queued audio frames: counts what is written and drops frames once the session has ended. */
    interface AudioAccount {
        /** Called on the writer thread just before a frame is written; false means skip it. */
        boolean beginWrite(int audioBytes);

        /** Called after the write: {@code written} is false if it failed. */
        void endWrite(int audioBytes, boolean written);
    }

    private record Outgoing(WyomingEvent event, AudioAccount account, Runnable written) {}

    private static final Outgoing STOP = new Outgoing(new WyomingEvent("wakegate-stop"), null, null);

    final long id;
    private final Socket socket;
    private final InetAddress address;
    private final String peer;
    /** System.nanoTime() at accept: a connection that has not become the server within a few seconds is closed. */
    final long connectedNanos = System.nanoTime();
    private final WyomingServer server;
    private final ArrayBlockingQueue<Outgoing> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader, writer;

    /** Bytes handed to the socket so far, and where the last audio frame among them ended (both guarded by {@code tail}). */
    private final Object tail = new Object();
    private long flushed, audioEnd;

    /** System.nanoTime() when the write in progress started, 0 when none is: a peer that stops reading shows here. */
    private volatile long writingSince;
    /** System.nanoTime() when the first byte of a frame not yet complete arrived, 0 between frames: a trickling peer shows here. */
    private volatile long frameSince;

    // liveness, set by the reader thread and read by the timer thread
    volatile boolean pingEnabled;
    volatile long pingSentNanos;
    volatile long lastPongNanos;

    Connection(long id, Socket socket, WyomingServer server, int queueFrames, FrameLimits limits) {
        this.id = id;
        this.socket = socket;
        this.address = AllowList.normalized(socket.getInetAddress());
        this.peer = address.getHostAddress() + ":" + socket.getPort();
        this.server = server;
        this.queue = new ArrayBlockingQueue<>(queueFrames + 1); // + 1: room for STOP
        this.reader = Thread.ofPlatform().name("wg-wyoming-in-" + id).daemon().unstarted(() -> readLoop(limits));
        this.writer = Thread.ofPlatform().name("wg-wyoming-out-" + id).daemon().unstarted(this::writeLoop);
    }

    void start() {
        writer.start();
        reader.start();
    }

    /** "address:port" of the peer. */
    String peer() {
        return peer;
    }

    /** The peer's address (IPv4-mapped IPv6 as IPv4). */
    InetAddress address() {
        return address;
    }

    /** How long the frame being received has been incomplete (0 between frames). */
    long frameIncompleteNanos() {
        long since = frameSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Queues a message; false if the queue is full or the connection is closed. Never blocks. */
    boolean send(WyomingMessage message) {
        return offer(new Outgoing(message.toEvent(), null, null));
    }

    /** Queues a message and runs {@code written} on the writer thread once it has been written to the socket. */
    boolean send(WyomingMessage message, Runnable written) {
        return offer(new Outgoing(message.toEvent(), null, written));
    }

    /** Queues an audio frame owned by {@code account}; false if the queue is full or the connection is closed. */
    boolean sendAudio(WyomingEvent event, AudioAccount account) {
        return offer(new Outgoing(event, account, null));
    }

    /** How long the write in progress has been stuck (0 when none is). */
    long stalledNanos() {
        long since = writingSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    /** Bytes written that the peer has not acknowledged: what could still leave the host (-1: cannot tell). */
    long unacknowledged() {
        return Wire.unacknowledged(socket);
    }

    /**
     * Bytes of audio written that the peer has not acknowledged (-1: cannot tell). What is not acknowledged is the tail
     * of what was written: when it is no longer than what followed the last audio frame (an audio-stop, a pong), no
     * audio can still leave. A peer that answers before it acknowledges our last event is not a reason to reset.
     */
    long unacknowledgedAudio() {
        long afterAudio;
        synchronized (tail) {
            afterAudio = flushed - audioEnd;
        }
        long unacked = unacknowledged(); // read after the counts: a write between them only makes this larger
        return unacked < 0 ? unacked : Math.max(0, unacked - afterAudio);
    }

    /** Closes abortively: what the kernel still holds for the peer is discarded, not sent. */
    void reset(String reason) {
        Wire.resetOnClose(socket);
        close(reason);
    }

    private boolean offer(Outgoing o) {
        if (closed.get()) return false;
        // keep the last slot for STOP, so that close() can always wake the writer
        return queue.remainingCapacity() > 1 && queue.offer(o);
    }


    /**
     * Stops both threads and closes the socket; idempotent. The server (and through it the satellite) learns of
     * it once, before the peer can see the close.
     */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) return;
        queue.clear();
        queue.offer(STOP);
        try {
            server.closed(this, reason);
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("wyoming {}: close: {}", peer, e.getMessage());
            }
        }
    }

    private void readLoop(FrameLimits limits) {
        String reason = "closed by peer";
        int badFrames = 0;
        try {
            var in = new EventReader(new FrameClock(socket.getInputStream()), limits);
            while (!closed.get()) {
                WyomingMessage message;
                try {
                    WyomingEvent event = in.read();
                    frameSince = 0;
                    if (event == null) break;
                    message = WyomingMessage.decode(event);
                } catch (ProtocolException e) {
                    if (e.framingLost() || ++badFrames > MAX_BAD_FRAMES) {
                        reason = "protocol error: " + e.getMessage();
                        log.warn("wyoming {}: {}; closing the connection", peer, e.getMessage());
                        break;
                    }
                    log.warn("wyoming {}: ignored a frame: {}", peer, e.getMessage());
                    continue;
                }
                log.trace("wyoming {} <- {}", peer, message);
                if (!server.received(this, message)) {
                    reason = "refused";
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            reason = "idle";
        } catch (IOException e) {
            if (!closed.get()) reason = "read failed: " + e.getMessage();
        } finally {
            close(reason);
        }
    }

    private void writeLoop() {
        try {
            var counted = new Counted(socket.getOutputStream());
            OutputStream out = new BufferedOutputStream(counted, OUT_BUFFER);
            while (true) {
                Outgoing o = queue.take();
                if (o == STOP) break;
                int audio = o.account == null ? 0 : o.event.payload().length;
                if (o.account != null && !o.account.beginWrite(audio)) continue;
                boolean written = false;
                writingSince = System.nanoTime();
                try {
                    EventWriter.write(o.event, out);
                    out.flush();
                    written = true;
                    synchronized (tail) { // before endWrite: whoever sees the write ended sees these counts
                        flushed = counted.count;
                        if (o.account != null) audioEnd = counted.count;
                    }
                } finally {
                    writingSince = 0;
                    if (o.account != null) o.account.endWrite(audio, written);
                }
                if (o.written != null) o.written.run();
                log.trace("wyoming {} -> {}", peer, o.event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed.get()) log.info("wyoming {}: write failed: {}", peer, e.getMessage());
            close("write failed");
        }
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", " + peer + "]";
    }

    /** Counts the bytes handed to the socket (the writer thread's only). */
    private static final class Counted extends FilterOutputStream {
        long count;

        Counted(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Notes when bytes of a new frame start to arrive (the reader clears it when the frame is complete). */
    private final class FrameClock extends FilterInputStream {
        FrameClock(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) arrived();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) arrived();
            return n;
        }

        private void arrived() {
            if (frameSince == 0) frameSince = System.nanoTime();
        }
    }
}
