package dev.wakegate.uplink.wyoming;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Plays Home Assistant's part over a real TCP connection on 127.0.0.1: writes and reads frames with the codec
 * under test, answers the satellite's pings like Home Assistant does (unless told not to) and queues
 * everything else for the test to take in order. Every wait has a timeout; nothing sleeps.
 */
final class FakeHomeAssistant implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 5;
    private static final Object EOF = new Object();

    private final Socket socket;
    private final OutputStream out;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger syncs = new AtomicInteger();
    private volatile boolean answerPings = true;

    private FakeHomeAssistant(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream());
        Thread.ofPlatform().name("test-ha-reader").daemon().start(this::readLoop);
    }

    /** The port this Home Assistant connects from: the peer wakegate sees. */
    int localPort() {
        return socket.getLocalPort();
    }

    static FakeHomeAssistant connect(InetSocketAddress address) throws IOException {
        return new FakeHomeAssistant(new Socket(address.getAddress(), address.getPort()));
    }

    /** Connects from {@code local} (e.g. 127.0.0.2: every 127.0.0.0/8 address is this machine): another host, as the satellite sees it. */
    static FakeHomeAssistant connectFrom(String local, InetSocketAddress address) throws IOException {
        return new FakeHomeAssistant(new Socket(address.getAddress(), address.getPort(), InetAddress.getByName(local), 0));
    }

    /** Connects with a tiny receive buffer and never reads: a server that stopped taking audio. */
    static Socket connectStalled(InetSocketAddress address) throws IOException {
        var s = new Socket();
        s.setReceiveBufferSize(1024);
        s.connect(address);
        return s;
    }

    void answerPings(boolean on) {
        answerPings = on;
    }

    private void readLoop() {
        try {
            var reader = new EventReader(socket.getInputStream(), FrameLimits.DEFAULT);
            WyomingEvent e;
            while ((e = reader.read()) != null) {
                WyomingMessage m = WyomingMessage.decode(e);
                if (m instanceof WyomingMessage.Ping p && answerPings) send(new WyomingMessage.Pong(p.text()));
                else inbox.add(m);
            }
        } catch (IOException e) {
            // the satellite closed or reset the connection: reported as EOF below
        } finally {
            inbox.add(EOF);
        }
    }

    synchronized void send(WyomingMessage message) {
        try {
            EventWriter.write(message.toEvent(), out);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes raw bytes (for malformed frames). */
    synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message from the satellite; fails on timeout or if the connection closed. */
    WyomingMessage next() {
        Object o = poll();
        assertNotSame(EOF, o, "the satellite closed the connection");
        return (WyomingMessage) o;
    }

    <T extends WyomingMessage> T next(Class<T> type) {
        WyomingMessage m = next();
        assertInstanceOf(type, m, "expected " + type.getSimpleName() + " but got " + m);
        return type.cast(m);
    }

    private Object poll() {
        try {
            Object o = inbox.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(o, "no message from the satellite within " + TIMEOUT_SECONDS + " s");
            return o;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Sends a ping and returns everything the satellite sent before its pong. The satellite handles one
     * connection's messages in order, so when this returns, everything sent before has been handled.
     */
    List<WyomingMessage> sync() {
        String token = "sync-" + syncs.incrementAndGet();
        send(new WyomingMessage.Ping(token));
        var before = new ArrayList<WyomingMessage>();
        while (true) {
            WyomingMessage m = next();
            if (m instanceof WyomingMessage.Pong p && token.equals(p.text())) return before;
            before.add(m);
        }
    }

    /** Waits until the satellite closes the connection; returns the messages that came before. */
    List<WyomingMessage> awaitClosed() {
        var before = new ArrayList<WyomingMessage>();
        while (true) {
            Object o = poll();
            if (o == EOF) return before;
            before.add((WyomingMessage) o);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
