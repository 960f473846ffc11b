package dev.wakegate.uplink.http;

import dev.wakegate.uplink.AudioQueue;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Streams each session as one chunked HTTP(S) POST of {@code audio/L16;rate=16000;channels=1}: every piece of
 * captured audio is written and flushed as its own chunk at once. The response body (a transcript, say) becomes
 * the session's reply. Failures end the session; audio is never written to disk and never retried. No proxy, no
 * redirects, no kept-alive connection afterwards.
 */
public final class HttpUplink implements Uplink {
    public static final String CONTENT_TYPE = "audio/L16;rate=16000;channels=1";
    private static final Logger log = LoggerFactory.getLogger(HttpUplink.class);
    private static final int MAX_REPLY_BYTES = 64 * 1024;
    private static final int CHUNK = 8192;

    private final URI endpoint;
    private final Optional<String> token;
    private final Supplier<SSLContext> tls;
    private final int timeoutMillis;
    private final double queueSeconds;
    private final AtomicInteger threads = new AtomicInteger();

    /**
     * @param tls             trust for https (the system store, or one built from --ca-file); asked only for https
     * @param responseTimeout connect timeout, and how long to wait for the answer after the last byte
     * @param queueSeconds    audio that may wait for the network before the session is failed
     */
    public HttpUplink(URI endpoint, Optional<String> token, Supplier<SSLContext> tls, Duration responseTimeout, double queueSeconds) {
        this.endpoint = endpoint;
        this.token = token;
        this.tls = tls;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, responseTimeout.toMillis());
        this.queueSeconds = queueSeconds;
    }

    @Override
    public String destination() {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        return endpoint.getHost() + ":" + port;
    }

    @Override
    public Session open(SessionRequest request, SessionListener listener) {
        var exchange = new Exchange(request, new AudioQueue(queueSeconds));
        Thread.ofPlatform().name("wg-uplink-" + threads.incrementAndGet()).daemon().start(() -> listener.ended(exchange.run()));
        return exchange;
    }

    /** One request: the session handle for the gate, and the work of the uplink thread. */
    private final class Exchange implements Session {
        private final SessionRequest request;
        private final AudioQueue queue;
        private volatile HttpURLConnection connection;
        private volatile long written;

        Exchange(SessionRequest request, AudioQueue queue) {
            this.request = request;
            this.queue = queue;
        }

        @Override
        public void send(short[] samples, int off, int len) {
            if (!queue.offer(samples, off, len) && queue.overflowed()) {
                log.warn("session {}: uplink too slow, failing it", request.id());
                disconnect();
            }
        }

        @Override
        public void finish() {
            queue.finish();
        }

        @Override
        public void abort(String reason) {
            queue.abort(reason);
            disconnect(); // a write blocked on a stalled server ends now
        }

        @Override
        public long pendingBytes() {
            return queue.available();
        }

        private void disconnect() {
            var c = connection;
            if (c != null) c.disconnect();
        }

        SessionOutcome run() {
            long id = request.id();
            try {
                var c = connect();
                stream(c);
                int code = c.getResponseCode();
                String reply = body(code / 100 == 2 ? c.getInputStream() : c.getErrorStream());
                c.disconnect();
                return new SessionOutcome(id, code / 100 == 2 ? Status.OK : Status.FAILED, written, "HTTP " + code, reply);
            } catch (IOException | RuntimeException e) {
                disconnect();
                if (queue.abortReason() != null) return new SessionOutcome(id, Status.ABORTED, written, queue.abortReason(), null);
                return new SessionOutcome(id, Status.FAILED, written, queue.overflowed() ? "uplink too slow" : describe(e), null);
            } finally {
                queue.abort("ended"); // drops and zeroes anything still queued
            }
        }

        private HttpURLConnection connect() throws IOException {
            var c = (HttpURLConnection) endpoint.toURL().openConnection(Proxy.NO_PROXY);
            if (c instanceof HttpsURLConnection https) https.setSSLSocketFactory(tls.get().getSocketFactory());
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setChunkedStreamingMode(CHUNK);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setRequestProperty("Content-Type", CONTENT_TYPE);
            c.setRequestProperty("Connection", "close");
            c.setRequestProperty("X-Wakegate-Session", Long.toString(request.id()));
            c.setRequestProperty("X-Wakegate-Word", request.word());
            token.ifPresent(t -> c.setRequestProperty("Authorization", "Bearer " + t));
            connection = c;
            if (queue.abortReason() != null) throw new IOException("aborted");
            return c;
        }

        /** Writes the audio as it arrives, one flushed chunk per piece; counts only bytes the socket took. */
        private void stream(HttpURLConnection c) throws IOException {
            byte[] buf = new byte[CHUNK];
            try (OutputStream out = c.getOutputStream()) {
                int n;
                while ((n = queue.read(buf, 0, buf.length)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    written += n;
                    Arrays.fill(buf, 0, n, (byte) 0);
                }
            }
        }
    }

    private static String body(InputStream in) throws IOException {
        if (in == null) return "";
        try (in) {
            return new String(in.readNBytes(MAX_REPLY_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static String describe(Exception e) {
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
