package dev.wakegate.uplink.http;

import dev.wakegate.uplink.AudioQueue;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.uplink.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Streams each session as one chunked HTTP/1.1 POST of {@code audio/L16;rate=16000;channels=1}, on a socket of its
 * own ({@link Wire}, whose small send buffer keeps what the kernel holds to about a tenth of a second): connect, report
 * {@code ready}, then — once the gate has the stream LED on — the request head and each piece of captured audio as a
 * chunk as it comes. The
 * response body (a transcript, say) becomes the session's reply; a response that comes while audio is still being
 * sent ends the stream there (the server has heard enough). An abort, a stalled write ({@link Uplink#STALL}) or no
 * answer in time resets the connection: nothing the kernel still holds is sent. Audio is never written to disk and
 * never retried. No proxy, no redirects, no kept-alive connection.
 */
public final class HttpUplink implements Uplink {
    public static final String CONTENT_TYPE = "audio/L16;rate=16000;channels=1";
    private static final Logger log = LoggerFactory.getLogger(HttpUplink.class);
    private static final int MAX_REPLY_BYTES = 64 * 1024, MAX_HEAD_BYTES = 16 * 1024;
    private static final int CHUNK = 4096;
    private static final long DRAIN_POLL_MS = 10, WATCH_MS = 100;

    private final URI endpoint;
    private final Optional<String> token;
    private final Supplier<SSLContext> tls;
    private final Duration timeout;
    private final double queueSeconds;
    private final AtomicInteger threads = new AtomicInteger();
    private final Set<Exchange> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watch;

    /**
     * @param tls          trust for https (the system store, or one built from --ca-file); asked only for https
     * @param timeout      connect (and TLS handshake) timeout, and how long to wait for the answer after the last byte
     * @param queueSeconds audio that may wait for the network before the session is failed
     */
    public HttpUplink(URI endpoint, Optional<String> token, Supplier<SSLContext> tls, Duration timeout, double queueSeconds) {
        this.endpoint = endpoint;
        this.token = token;
        this.tls = tls;
        this.timeout = timeout;
        this.queueSeconds = queueSeconds;
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("wg-uplink-watch").daemon().unstarted(r));
        watch.scheduleWithFixedDelay(this::checkStalls, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String destination() {
        return endpoint.getHost() + ":" + port();
    }

    private int port() {
        return endpoint.getPort() > 0 ? endpoint.getPort() : https() ? 443 : 80;
    }

    private boolean https() {
        return "https".equals(endpoint.getScheme());
    }

    @Override
    public Session open(SessionRequest request, SessionListener listener) {
        var exchange = new Exchange(request, listener, new AudioQueue(queueSeconds));
        active.add(exchange);
        Thread.ofPlatform().name("wg-uplink-" + threads.incrementAndGet()).daemon().start(() -> {
            try {
                listener.ended(exchange.run());
            } finally {
                active.remove(exchange);
            }
        });
        return exchange;
    }

    /** A write that made no progress for {@link Uplink#STALL} resets its connection (on the watch thread). */
    private void checkStalls() {
        for (var e : active) if (e.stalledNanos() > STALL.toNanos()) e.stall();
    }

    @Override
    public void close() {
        for (var e : active) e.abort("shutdown");
        watch.shutdownNow();
    }

    /** One request: the session handle for the gate, and the work of its uplink thread. */
    private final class Exchange implements Session {
        private static final String TOO_SLOW = "uplink too slow";
        private final SessionRequest request;
        private final SessionListener listener;
        private final AudioQueue queue;
        private final CountDownLatch allowed = new CountDownLatch(1);
        private final CompletableFuture<Response> response = new CompletableFuture<>();
        private volatile Socket socket;          // the TCP socket (under TLS, the one the TLS socket runs on)
        private volatile String aborted, failure;
        private volatile long writingSince;      // System.nanoTime() when the current write started, 0 when none is
        private volatile long written;           // audio bytes written to the socket
        private volatile long ackedAtReset = -1; // what the peer had acknowledged when the connection was reset
        private volatile boolean streaming;
        private boolean drained;

        Exchange(SessionRequest request, SessionListener listener, AudioQueue queue) {
            this.request = request;
            this.listener = listener;
            this.queue = queue;
        }

        @Override
        public void send(short[] samples, int off, int len) {
            if (!queue.offer(samples, off, len) && queue.overflowed()) {
                log.warn("session {}: uplink too slow, failing it", request.id());
                failure = TOO_SLOW;
                reset();
            }
        }

        @Override
        public void allow() {
            allowed.countDown();
        }

        @Override
        public void finish() {
            queue.finish();
        }

        @Override
        public void abort(String reason) {
            if (aborted == null) aborted = reason;
            queue.abort(reason);
            reset();
            allowed.countDown();
        }

        @Override
        public long pendingBytes() {
            return queue.available();
        }

        @Override
        public long stalledNanos() {
            long since = writingSince;
            return since == 0 ? 0 : System.nanoTime() - since;
        }

        void stall() {
            if (failure == null) failure = "stalled: the server took no audio for " + STALL.toSeconds() + " s";
            log.warn("session {}: {}", request.id(), failure);
            queue.abort("stalled");
            reset();
        }

        /** Resets the connection, first noting what the peer had acknowledged: the bytes that really left. */
        private synchronized void reset() {
            Socket s = socket;
            if (s == null || s.isClosed()) return;
            long unacked = Wire.unacknowledged(s);
            if (unacked >= 0) ackedAtReset = Math.max(0, written - unacked);
            Wire.reset(s);
        }

        SessionOutcome run() {
            long id = request.id();
            String peer = null;
            try {
                Socket raw = Wire.connect(new InetSocketAddress(endpoint.getHost(), port()), timeout);
                synchronized (this) {
                    socket = raw;
                }
                if (aborted != null || failure != null) reset();
                peer = raw.getInetAddress().getHostAddress() + ":" + raw.getPort();
                Socket s = https() ? handshake(raw) : raw;
                listener.ready(peer);
                allowed.await(); // nothing of the session, not even its head, is sent before the stream LED is on
                if (aborted != null) throw new IOException("aborted");
                OutputStream out = s.getOutputStream();
                out.write(head());
                out.flush();
                streaming = true; // before the reader starts: an answer to the head alone must stop the audio too
                readResponseOn(s.getInputStream());
                stream(out);
                streaming = false;
                awaitDrained(raw);
                Response r = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                Wire.close(raw);
                return new SessionOutcome(id, r.ok() ? Status.OK : Status.FAILED, sent(), "HTTP " + r.code(), r.body(), peer);
            } catch (TimeoutException e) {
                reset();
                return new SessionOutcome(id, Status.FAILED, sent(), "timeout: no answer within " + timeout.toMillis() / 1000.0 + " s", null, peer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
                return new SessionOutcome(id, Status.ABORTED, sent(), "interrupted", null, peer);
            } catch (IOException | ExecutionException | RuntimeException e) {
                reset();
                return ending(e, peer);
            } finally {
                queue.abort("ended"); // drops and zeroes anything still queued
                drained();            // nothing of this session can leave any more: the connection is closed or was reset
            }
        }

        /** How a session that broke off ended: the server's early answer, an abort, a stall, or a failure. */
        private SessionOutcome ending(Exception e, String peer) {
            long id = request.id();
            Response early = response.isDone() && !response.isCompletedExceptionally() ? response.join() : null;
            // the writer can see the queue overflow before send() has noted why: the reason is the same
            String failed = failure != null ? failure : queue.overflowed() ? TOO_SLOW : null;
            if (early != null && aborted == null && failed == null)
                return new SessionOutcome(id, early.ok() ? Status.OK : Status.FAILED, sent(), "HTTP " + early.code() + " while streaming",
                        early.body(), peer);
            if (aborted != null) return new SessionOutcome(id, Status.ABORTED, sent(), aborted, null, peer);
            if (failed != null) return new SessionOutcome(id, Status.FAILED, sent(), failed, null, peer);
            return new SessionOutcome(id, Status.FAILED, sent(), describe(e), null, peer);
        }

        /** The audio bytes that left: acknowledged by the peer when the connection was reset, else all that was written. */
        private long sent() {
            long acked = ackedAtReset;
            return acked >= 0 ? acked : written;
        }

        private Socket handshake(Socket raw) throws IOException {
            var ssl = (SSLSocket) tls.get().getSocketFactory().createSocket(raw, endpoint.getHost(), port(), true);
            var params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            return ssl;
        }

        private byte[] head() {
            String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
            if (endpoint.getRawQuery() != null) path += "?" + endpoint.getRawQuery();
            var h = new StringBuilder();
            h.append("POST ").append(path).append(" HTTP/1.1\r\n");
            h.append("Host: ").append(endpoint.getHost()).append(endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "").append("\r\n");
            h.append("Content-Type: ").append(CONTENT_TYPE).append("\r\n");
            h.append("Transfer-Encoding: chunked\r\n");
            h.append("Connection: close\r\n");
            h.append("X-Wakegate-Session: ").append(request.id()).append("\r\n");
            h.append("X-Wakegate-Word: ").append(headerSafe(request.word())).append("\r\n");
            token.ifPresent(t -> h.append("Authorization: Bearer ").append(t).append("\r\n"));
            h.append("\r\n");
            return h.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Reads the response on a thread of its own, so that an answer that comes while we stream is noticed at once. */
        private void readResponseOn(InputStream in) {
            Thread.ofPlatform().name("wg-uplink-" + request.id() + "-in").daemon().start(() -> {
                try {
                    response.complete(Response.read(in, MAX_HEAD_BYTES, MAX_REPLY_BYTES));
                    if (streaming) {
                        listener.stoppedByServer("the server answered while audio was being sent");
                        queue.abort("the server answered");
                    }
                } catch (IOException | RuntimeException e) {
                    response.completeExceptionally(e);
                }
            });
        }

        /** Writes the audio as it arrives, one chunk per piece, with at most a window of it unacknowledged. */
        private void stream(OutputStream out) throws IOException, InterruptedException {
            byte[] buf = new byte[CHUNK];
            byte[] sizeLine = new byte[16];
            int n;
            while ((n = queue.read(buf, 0, buf.length)) >= 0) {
                writingSince = System.nanoTime();
                int len = chunkHeader(n, sizeLine);
                out.write(sizeLine, 0, len);
                out.write(buf, 0, n);
                out.write(CRLF);
                out.flush();
                written += n;
                writingSince = 0;
                Arrays.fill(buf, 0, n, (byte) 0);
            }
            writingSince = System.nanoTime();
            out.write(LAST_CHUNK);
            out.flush();
            writingSince = 0;
        }

        /** After the last chunk: waits until the peer has every byte (or the wait is no longer bounded by a known queue). */
        private void awaitDrained(Socket raw) throws InterruptedException, IOException {
            writingSince = System.nanoTime();
            while (Wire.unacknowledged(raw) > 0) {
                if (raw.isClosed()) throw new IOException("connection reset");
                Thread.sleep(DRAIN_POLL_MS);
            }
            writingSince = 0;
            drained();
        }

        private void drained() {
            if (drained) return;
            drained = true;
            listener.drained();
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Writes "{hex size}\r\n" into {@code out}; returns its length. */
    private static int chunkHeader(int size, byte[] out) {
        String hex = Integer.toHexString(size);
        for (int i = 0; i < hex.length(); i++) out[i] = (byte) hex.charAt(i);
        out[hex.length()] = '\r';
        out[hex.length() + 1] = '\n';
        return hex.length() + 2;
    }

    /** A header value with nothing that could end the header or start another: control characters become spaces. */
    static String headerSafe(String value) {
        var b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    private static String describe(Throwable e) {
        if (e instanceof ExecutionException x && x.getCause() != null) e = x.getCause();
        if (e instanceof SocketTimeoutException) return e.getMessage() != null && e.getMessage().contains("connect") ? "connect timeout" : "timeout";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return "connection refused";
            if (t instanceof SSLException) return "TLS: " + t.getMessage();
            if (t instanceof SocketTimeoutException) return "timeout";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 120 ? m.substring(0, 120) : m;
    }
}
