package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.Uplink;
import dev.wakegate.uplink.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The TCP side of a Wyoming satellite: Home Assistant connects to us. One accept thread
 * ({@code wg-wyoming-accept}); peers outside the allow list are closed right after {@code accept}, before a
 * byte is read. {@code describe} is answered on any connection, and {@code ping} with {@code pong}.
 *
 * <p><b>One server at a time</b>, as wyoming-satellite does it: the first connection that sends anything
 * other than {@code describe} becomes <i>the</i> server; another connection may still {@code describe} (Home
 * Assistant's discovery does), but is closed as soon as it sends anything else. The server's place is freed
 * when its connection closes, or, once it has pinged us, when it fails to answer our own ping within
 * {@link Settings#pongTimeout()} (a Home Assistant that vanished without closing the socket). Its next
 * reconnect then takes over. Connections that are not the server are closed after
 * {@link Settings#idleTimeout()} of silence.
 */
public final class WyomingServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WyomingServer.class);
    private static final int MAX_WARNED_PEERS = 64;

    /** What the satellite logic hears: only the current server's messages, minus describe/ping/pong. */
    interface Handler {
        /** A connection became the server. Called on its reader thread. */
        void serverConnected(Connection server);

        /** A message from the server, on its reader thread, in order. */
        void received(Connection server, WyomingMessage message);

        /** The server's connection closed; called once, on whichever thread closed it. */
        void serverDisconnected(Connection server, String reason);
    }

    /**
     * @param bind           where to listen
     * @param allow          who may connect
     * @param limits         frame size limits
     * @param queueFrames    outgoing frames buffered per connection (a 64 ms audio chunk is one frame)
     * @param pingInterval   how often to ping a server that pings us
     * @param pongTimeout    how long to wait for its pong before dropping it
     * @param idleTimeout    silence after which a connection that is not the server is closed
     * @param maxConnections open connections at most (the server, discovery probes)
     */
    public record Settings(InetSocketAddress bind, AllowList allow, FrameLimits limits, int queueFrames,
                           Duration pingInterval, Duration pongTimeout, Duration idleTimeout, int maxConnections) {
        /** 10700, the port Home Assistant and wyoming-satellite use. */
        public static final int DEFAULT_PORT = 10700;

        public Settings {
            if (queueFrames < 8) throw new IllegalArgumentException("queueFrames < 8");
            if (maxConnections < 1) throw new IllegalArgumentException("maxConnections < 1");
        }

        /** 256 queued frames (16 s of audio), ping every 2 s, pong within 5 s (as wyoming-satellite), idle 30 s, 4 connections. */
        public static Settings defaults(InetSocketAddress bind, AllowList allow) {
            return new Settings(bind, allow, FrameLimits.DEFAULT, 256, Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(30), 4);
        }
    }

    private final Settings settings;
    private final ServerSocket listener;
    private final Supplier<WyomingMessage.Info> info;
    private final Handler handler;
    private final Thread acceptThread;
    private final ScheduledFuture<?> liveness;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<InetAddress> warnedPeers = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private Connection server; // guarded by this
    private volatile boolean closed;

    private WyomingServer(Settings settings, ServerSocket listener, Supplier<WyomingMessage.Info> info, Handler handler,
                          ScheduledExecutorService timer) {
        this.settings = settings;
        this.listener = listener;
        this.info = info;
        this.handler = handler;
        long tick = Math.max(10, Math.min(settings.pingInterval().toMillis(), settings.pongTimeout().toMillis()) / 4);
        this.liveness = timer.scheduleWithFixedDelay(this::checkLiveness, tick, tick, TimeUnit.MILLISECONDS);
        this.acceptThread = Thread.ofPlatform().name("wg-wyoming-accept").daemon().unstarted(this::acceptLoop);
    }

    /** Binds and starts accepting. The timer runs liveness checks; it belongs to the caller. */
    static WyomingServer start(Settings settings, Supplier<WyomingMessage.Info> info, Handler handler,
                               ScheduledExecutorService timer) throws IOException {
        var socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(settings.bind());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        var server = new WyomingServer(settings, socket, info, handler, timer);
        server.acceptThread.start();
        InetSocketAddress bound = server.address();
        log.info("wyoming: listening on {}:{} (allow {})", bound.getAddress().getHostAddress(), bound.getPort(), settings.allow());
        return server;
    }

    /** The address actually bound (port 0 becomes the real port). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    synchronized Connection current() {
        return server;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed) break;
                log.warn("wyoming: accept failed: {}", e.getMessage());
                pauseAfterAcceptFailure();
                continue;
            }
            InetAddress peer = socket.getInetAddress();
            if (!settings.allow().allows(peer)) {
                closeQuietly(socket);
                if (warnedPeers.size() < MAX_WARNED_PEERS && warnedPeers.add(peer))
                    log.warn("wyoming: refused a connection from {}: not in --allow {}", peer.getHostAddress(), settings.allow());
                else log.debug("wyoming: refused a connection from {}", peer.getHostAddress());
                continue;
            }
            if (connections.size() >= settings.maxConnections()) {
                closeQuietly(socket);
                log.warn("wyoming: refused a connection from {}: already {} open", peer.getHostAddress(), connections.size());
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                Wire.limitSendBuffer(socket); // a stopped session leaves little behind in the kernel
            } catch (IOException e) {
                log.debug("wyoming: socket options: {}", e.getMessage());
            }
            var c = new Connection(ids.incrementAndGet(), socket, this, settings.queueFrames(), settings.limits());
            c.setReadTimeout((int) settings.idleTimeout().toMillis());
            connections.add(c);
            if (closed) {
                c.close("shutting down");
                break;
            }
            log.debug("wyoming: {} connected", c.peer());
            c.start();
        }
    }

    /** Called on a connection's reader thread for each message; false closes that connection. */
    boolean received(Connection c, WyomingMessage message) {
        if (message instanceof WyomingMessage.Describe) {
            c.send(info.get());
            return true;
        }
        boolean becameServer = false;
        synchronized (this) {
            if (closed || !c.isOpen()) return false;
            if (server == null) {
                server = c;
                becameServer = true;
            } else if (server != c) {
                log.info("wyoming: closed {}: {} is already the server", c.peer(), server.peer());
                return false;
            }
        }
        if (becameServer) {
            c.setReadTimeout(0); // the server may be quiet for long; liveness is checked with pings
            log.info("wyoming: {} is the server", c.peer());
            handler.serverConnected(c);
        }
        switch (message) {
            case WyomingMessage.Ping p -> {
                c.send(new WyomingMessage.Pong(p.text()));
                if (!c.pingEnabled) {
                    c.lastPongNanos = System.nanoTime();
                    c.pingEnabled = true;
                }
            }
            case WyomingMessage.Pong p -> {
                c.lastPongNanos = System.nanoTime();
                c.pingSentNanos = 0;
            }
            default -> handler.received(c, message);
        }
        return true;
    }

    /** Called once per connection when it closes. */
    void closed(Connection c, String reason) {
        connections.remove(c);
        boolean wasServer;
        synchronized (this) {
            wasServer = server == c;
            if (wasServer) server = null;
        }
        if (wasServer) {
            log.info("wyoming: server {} disconnected ({})", c.peer(), reason);
            handler.serverDisconnected(c, reason);
        } else {
            log.debug("wyoming: {} disconnected ({})", c.peer(), reason);
        }
    }

    private void checkLiveness() {
        for (Connection open : connections)
            if (open.stalledNanos() > Uplink.STALL.toNanos()) {
                log.warn("wyoming: {} took nothing we sent for {} s; resetting the connection", open.peer(), Uplink.STALL.toSeconds());
                open.reset("stalled: the server took no data for " + Uplink.STALL.toSeconds() + " s");
            }
        Connection c = current();
        if (c == null || !c.pingEnabled) return;
        long now = System.nanoTime(), sent = c.pingSentNanos;
        if (sent != 0) {
            if (now - sent > settings.pongTimeout().toNanos()) {
                log.warn("wyoming: server {} did not answer a ping within {} s; dropping it", c.peer(),
                        settings.pongTimeout().toMillis() / 1000.0);
                c.close("no pong");
            }
        } else if (now - c.lastPongNanos >= settings.pingInterval().toNanos()) {
            c.pingSentNanos = now;
            c.send(new WyomingMessage.Ping(null));
        }
    }

    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(100); // e.g. out of file descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            log.debug("wyoming: close: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        liveness.cancel(false);
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("wyoming: close listener: {}", e.getMessage());
        }
        for (Connection c : connections) c.close("shutting down");
        try {
            acceptThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
