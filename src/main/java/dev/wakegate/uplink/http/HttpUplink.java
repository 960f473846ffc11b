package dev.wakegate.uplink.http;

import dev.wakegate.uplink.AudioQueue;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams each session as one chunked HTTP(S) POST of {@code audio/L16;rate=16000;channels=1}, sent as it is
 * captured. The response body (a transcript, say) becomes the session's reply. Failures end the session; audio
 * is never written to disk and never retried.
 */
public final class HttpUplink implements Uplink {
    public static final String CONTENT_TYPE = "audio/L16;rate=16000;channels=1";
    private static final Logger log = LoggerFactory.getLogger(HttpUplink.class);
    private static final int MAX_REPLY_CHARS = 64 * 1024;

    private final URI endpoint;
    private final Optional<String> token;
    private final Duration responseTimeout;
    private final double queueSeconds;
    private final ExecutorService threads;
    private final HttpClient client;

    /**
     * @param sslContext      trust for https (the system store, or one built from --ca-file)
     * @param responseTimeout how long to wait for the answer after the last byte, and for the connection
     * @param queueSeconds    audio that may wait for the network before the session is failed
     */
    public HttpUplink(URI endpoint, Optional<String> token, SSLContext sslContext, Duration responseTimeout, double queueSeconds) {
        this.endpoint = endpoint;
        this.token = token;
        this.responseTimeout = responseTimeout;
        this.queueSeconds = queueSeconds;
        var counter = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "wg-uplink-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext)
                .connectTimeout(responseTimeout).followRedirects(HttpClient.Redirect.NEVER).executor(threads).build();
    }

    @Override
    public String destination() {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        return endpoint.getHost() + ":" + port;
    }

    @Override
    public Session open(SessionRequest request, SessionListener listener) {
        var queue = new AudioQueue(queueSeconds);
        var builder = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", CONTENT_TYPE)
                .header("X-Wakegate-Session", Long.toString(request.id()))
                .header("X-Wakegate-Word", request.word())
                .POST(HttpRequest.BodyPublishers.fromPublisher(new QueuePublisher(queue, "wg-uplink-body-" + request.id())));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        threads.execute(() -> listener.ended(exchange(request.id(), builder.build(), queue)));
        return new Session() {
            @Override
            public void send(short[] samples, int off, int len) {
                if (!queue.offer(samples, off, len) && queue.overflowed()) log.warn("session {}: uplink too slow, failing it", request.id());
            }

            @Override
            public void finish() {
                queue.finish();
            }

            @Override
            public void abort(String reason) {
                queue.abort(reason);
            }

            @Override
            public long pendingBytes() {
                return queue.available();
            }
        };
    }

    /** Runs on an uplink thread: the whole request, then exactly one outcome. */
    private SessionOutcome exchange(long id, HttpRequest request, AudioQueue queue) {
        var future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = awaitResponse(future, queue);
            long sent = queue.bytesRead();
            String body = response.body() == null ? "" : response.body();
            if (body.length() > MAX_REPLY_CHARS) body = body.substring(0, MAX_REPLY_CHARS);
            int code = response.statusCode();
            if (code / 100 == 2) return new SessionOutcome(id, Status.OK, sent, "HTTP " + code, body);
            return new SessionOutcome(id, Status.FAILED, sent, "HTTP " + code, body);
        } catch (IOException e) {
            long sent = queue.bytesRead();
            if (queue.abortReason() != null) return new SessionOutcome(id, Status.ABORTED, sent, queue.abortReason(), null);
            return new SessionOutcome(id, Status.FAILED, sent, describe(e, queue), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.abort("shutdown");
            return new SessionOutcome(id, Status.ABORTED, queue.bytesRead(), "shutdown", null);
        } finally {
            future.cancel(true);
        }
    }

    /** Waits for the response; the response timeout counts from the moment the last byte was handed over. */
    private HttpResponse<String> awaitResponse(java.util.concurrent.CompletableFuture<HttpResponse<String>> future, AudioQueue queue)
            throws IOException, InterruptedException {
        long deadline = Long.MAX_VALUE;
        while (true) {
            try {
                long wait = deadline == Long.MAX_VALUE ? 100 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                return future.get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (queue.abortReason() != null) throw new IOException("aborted");
                if (deadline == Long.MAX_VALUE && drained(queue)) deadline = System.nanoTime() + responseTimeout.toNanos();
                else if (deadline != Long.MAX_VALUE && System.nanoTime() > deadline) throw new HttpTimeoutException("no answer within " + responseTimeout.toSeconds() + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) throw io;
                throw new IOException(cause == null ? "failed" : cause.toString(), cause);
            }
        }
    }

    /** Everything was handed to the client and no more will come. */
    private static boolean drained(AudioQueue queue) {
        return queue.isFinished() && queue.available() == 0 && queue.abortReason() == null;
    }

    private static String describe(IOException e, AudioQueue queue) {
        if (queue.overflowed()) return "uplink too slow";
        if (e instanceof HttpConnectTimeoutException) return "connect timeout";
        if (e instanceof HttpTimeoutException) return "timeout";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return "connection refused";
            if (t instanceof javax.net.ssl.SSLException) return "TLS: " + t.getMessage();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 120 ? m.substring(0, 120) : m;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
