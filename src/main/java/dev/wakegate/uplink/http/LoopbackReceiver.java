package dev.wakegate.uplink.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the cloud on 127.0.0.1: accepts wakegate's streaming POSTs, keeps the audio of each request in
 * memory only, and answers with a small JSON reply. Used by {@code wakegate demo} and by the tests, which
 * compare what arrived with the source recording.
 */
public final class LoopbackReceiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Request(String contentType, String authorization, String word, byte[] body, boolean complete) {
        public long bytes() {
            return body.length;
        }

        @Override
        public String toString() {
            return "Request[" + word + ", " + body.length + " B" + (complete ? "" : ", cut off") + "]";
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private long bytesReceived;

    public LoopbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newCachedThreadPool(r -> Thread.ofPlatform().name("wg-receiver").daemon().unstarted(r)));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/listen");
    }

    private void handle(HttpExchange ex) throws IOException {
        var body = new ByteArrayOutputStream();
        boolean complete = true;
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                body.write(buf, 0, n);
                synchronized (this) {
                    bytesReceived += n;
                }
            }
        } catch (IOException e) {
            complete = false;
        }
        var h = ex.getRequestHeaders();
        var r = new Request(h.getFirst("Content-Type"), h.getFirst("Authorization"), h.getFirst("X-Wakegate-Word"), body.toByteArray(), complete);
        synchronized (this) {
            requests.add(r);
            notifyAll();
        }
        if (!complete) {
            ex.close();
            return;
        }
        byte[] reply = ("{\"transcript\": \"(the cloud stand-in heard " + r.bytes() + " bytes)\"}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, reply.length);
        ex.getResponseBody().write(reply);
        ex.close();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every byte that reached this receiver, in or out of a complete request. */
    public synchronized long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        synchronized (this) {
            requests.clear();
        }
    }
}
