package dev.wakegate.gate;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile server on 127.0.0.1: accepts a request, reads a little of the streamed body, then resets the
 * connection (TCP RST) mid-stream.
 */
final class ResettingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final int bytesBeforeReset;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;

    ResettingServer(int bytesBeforeReset) throws IOException {
        this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.bytesBeforeReset = bytesBeforeReset;
        this.thread = Thread.ofPlatform().name("test-resetting-server").daemon().start(this::serve);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/listen");
    }

    int connections() {
        return connections.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                connections.incrementAndGet();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1024];
                int total = 0;
                while (total < bytesBeforeReset) {
                    int n = in.read(buf);
                    if (n < 0) break;
                    total += n;
                }
                s.setSoLinger(true, 0); // close with RST
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
