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
 * The TCP side of a Wyoming satellite: Home Assistant connects to us. One accept thread ({@code wg-wyoming-accept}).
 *
 * <p><b>Who may run the satellite.</b> Wyoming has no authentication, so the server is chosen by address: the paired
 * Home Assistant ({@link Pairing}), or a peer in the owner's {@code --allow} list (loopback by default). Anyone else
 * gets {@code describe} answers at most (Home Assistant's discovery asks before it is paired) and is closed as soon as
 * it asks for anything more, unless a pairing window is open: then the first {@code run-satellite} pairs its sender.
 *
 * <p><b>One server at a time</b>, as wyoming-satellite does it: the first allowed connection that sends anything but
 * {@code describe}, {@code ping} or {@code pong} becomes <i>the</i> server. A later one takes its place if it is more
 * trusted (the paired Home Assistant over a peer that is merely allowed) or comes from the same address (Home
 * Assistant reconnecting); otherwise it is closed. The server is pinged every {@link Settings#pingInterval()} and
 * dropped if it does not answer within {@link Settings#pongTimeout()}.
 *
 * <p><b>Every connection earns its slot.</b> One that has not become the server within {@link Settings#slotDeadline()}
 * is closed, and so is one whose frame takes longer than {@link Settings#frameDeadline()} to arrive (a trickle). At
 * most {@link Settings#maxPerAddress()} connections per address and {@link Settings#maxConnections()} in all are open;
 * when all are taken, the paired Home Assistant still gets in: the oldest connection that is not the server (or a
 * server that is not the paired one) makes room.
 */
public final class WyomingServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WyomingServer.class);
    private static final int MAX_WARNED_PEERS = 64;
    /** Connections the kernel completes before we accept them: a connect flood must not make it drop Home Assistant's. */
    private static final int ACCEPT_BACKLOG = 512;
    private static final int PAIRED = 2, ALLOWED = 1, STRANGER = 0;

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
     * @param allow          who may run the satellite besides the paired Home Assistant
     * @param pairing        the paired Home Assistant, and the pairing window
     * @param limits         frame size limits
     * @param queueFrames    outgoing frames buffered per connection (a 64 ms audio chunk is one frame)
     * @param pingInterval   how often to ping the server
     * @param pongTimeout    how long to wait for its pong before dropping it
     * @param slotDeadline   a connection that has not become the server within this is closed
     * @param frameDeadline  a frame whose bytes take longer than this to arrive closes its connection
     * @param maxConnections open connections at most (the server, discovery probes)
     * @param maxPerAddress  open connections per address at most (the paired Home Assistant excepted)
     */
    public record Settings(InetSocketAddress bind, AllowList allow, Pairing pairing, FrameLimits limits, int queueFrames,
                           Duration pingInterval, Duration pongTimeout, Duration slotDeadline, Duration frameDeadline,
                           int maxConnections, int maxPerAddress) {
        /** 10700, the port Home Assistant and wyoming-satellite use. */
        public static final int DEFAULT_PORT = 10700;

        public Settings {
            if (queueFrames < 8) throw new IllegalArgumentException("queueFrames < 8");
            if (maxConnections < 1) throw new IllegalArgumentException("maxConnections < 1");
            if (maxPerAddress < 1) throw new IllegalArgumentException("maxPerAddress < 1");
        }

        /**
         * 256 queued frames (16 s of audio), ping every 2 s and pong within 5 s (as Home Assistant does it), 5 s to
         * become the server or complete a frame, 16 connections, 2 per address.
         */
        public static Settings defaults(InetSocketAddress bind, AllowList allow, Pairing pairing) {
            return new Settings(bind, allow, pairing, FrameLimits.DEFAULT, 256, Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), Duration.ofSeconds(5), 16, 2);
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
        long tick = Math.max(10, Math.min(Math.min(settings.pingInterval().toMillis(), settings.pongTimeout().toMillis()),
                Math.min(settings.slotDeadline().toMillis(), settings.frameDeadline().toMillis())) / 4);
        this.liveness = timer.scheduleWithFixedDelay(this::checkLiveness, tick, tick, TimeUnit.MILLISECONDS);
        this.acceptThread = Thread.ofPlatform().name("wg-wyoming-accept").daemon().unstarted(this::acceptLoop);
    }

    /** Binds and starts accepting. The timer runs liveness checks; it belongs to the caller. */
    static WyomingServer start(Settings settings, Supplier<WyomingMessage.Info> info, Handler handler,
                               ScheduledExecutorService timer) throws IOException {
        var socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(settings.bind(), ACCEPT_BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        var server = new WyomingServer(settings, socket, info, handler, timer);
        server.acceptThread.start();
        InetSocketAddress bound = server.address();
        log.info("wyoming: listening on {}:{} ({}; --allow {})", bound.getAddress().getHostAddress(), bound.getPort(),
                settings.pairing(), settings.allow());
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
            InetAddress peer = AllowList.normalized(socket.getInetAddress());
            String refusal = admit(peer);
            if (refusal != null) {
                Wire.resetOnClose(socket);
                closeQuietly(socket);
                warnOncePer(peer, "wyoming: refused a connection from " + peer.getHostAddress() + ": " + refusal);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                Wire.limitSendBuffer(socket); // a stopped session leaves little behind in the kernel
            } catch (IOException e) {
                log.debug("wyoming: socket options: {}", e.getMessage());
            }
            var c = new Connection(ids.incrementAndGet(), socket, this, settings.queueFrames(), settings.limits());
            connections.add(c);
            if (closed) {
                c.close("shutting down");
                break;
            }
            log.debug("wyoming: {} connected", c.peer());
            c.start();
        }
    }

    /** Null if {@code peer} may open one more connection (making room if it is the paired Home Assistant), else why not. */
    private String admit(InetAddress peer) {
        int rank = rank(peer);
        long fromPeer = connections.stream().filter(c -> c.address().equals(peer)).count();
        if (rank < PAIRED && fromPeer >= settings.maxPerAddress())
            return "already " + fromPeer + " connections from this address";
        if (connections.size() < settings.maxConnections()) return null;
        if (rank < PAIRED) return "already " + connections.size() + " connections open";
        Connection room = makeRoomFor();
        if (room == null) return "already " + connections.size() + " connections open";
        room.close("made room for the paired Home Assistant");
        return null;
    }

    /** The oldest connection that is not the server, else the server if it is not the paired Home Assistant. */
    private Connection makeRoomFor() {
        Connection current = current(), oldest = null;
        for (Connection c : connections)
            if (c != current && (oldest == null || c.connectedNanos < oldest.connectedNanos)) oldest = c;
        if (oldest != null) return oldest;
        return current != null && rank(current.address()) < PAIRED ? current : null;
    }

    private int rank(InetAddress peer) {
        if (settings.pairing().isPaired(peer)) return PAIRED;
        return settings.allow().allows(peer) ? ALLOWED : STRANGER;
    }

    /** Called on a connection's reader thread for each message; false closes that connection. */
    boolean received(Connection c, WyomingMessage message) {
        boolean isServer = current() == c;
        if (message instanceof WyomingMessage.Describe) {
            c.send(info.get());
            return true;
        }
        if (!isServer && message instanceof WyomingMessage.Ping p) {
            c.send(new WyomingMessage.Pong(p.text()));
            return true;
        }
        if (!isServer && message instanceof WyomingMessage.Pong) return true;
        if (!isServer && !becomeServer(c, message)) return false;
        switch (message) {
            case WyomingMessage.Ping p -> c.send(new WyomingMessage.Pong(p.text()));
            case WyomingMessage.Pong p -> {
                c.lastPongNanos = System.nanoTime();
                c.pingSentNanos = 0;
            }
            default -> handler.received(c, message);
        }
        return true;
    }

    /** {@code c} asks to run the satellite: true if it is the server now. */
    private boolean becomeServer(Connection c, WyomingMessage message) {
        int rank = rank(c.address());
        if (rank == STRANGER && message instanceof WyomingMessage.RunSatellite && settings.pairing().pairIfOpen(c.address())) rank = PAIRED;
        if (rank == STRANGER) {
            warnOncePer(c.address(), "wyoming: closed " + c.peer() + ": not the paired Home Assistant, nor in --allow "
                    + settings.allow() + " (pair it with 'wakegate ctl pair')");
            return false;
        }
        Connection replaced;
        synchronized (this) {
            if (closed || !c.isOpen()) return false;
            replaced = server;
            if (replaced != null && rank <= rank(replaced.address()) && !replaced.address().equals(c.address())) {
                log.info("wyoming: closed {}: {} is already the server", c.peer(), replaced.peer());
                return false;
            }
            server = c;
        }
        if (replaced != null) {
            String why = "replaced by " + c.peer();
            replaced.close(why);
            log.info("wyoming: server {} {}", replaced.peer(), why);
            handler.serverDisconnected(replaced, why);
        }
        c.lastPongNanos = System.nanoTime();
        c.pingEnabled = true;
        log.info("wyoming: {} is the server ({})", c.peer(), rank == PAIRED ? "the paired Home Assistant" : "allowed by --allow");
        handler.serverConnected(c);
        return true;
    }

    /** A peer that is turned away is logged once (a flood must not flood the journal too), and at debug after that. */
    private void warnOncePer(InetAddress peer, String message) {
        if (warnedPeers.size() < MAX_WARNED_PEERS && warnedPeers.add(peer)) log.warn("{} (further ones from it at debug level)", message);
        else log.debug(message);
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
        Connection current = current();
        long now = System.nanoTime();
        for (Connection open : connections) {
            if (open.stalledNanos() > Uplink.STALL.toNanos()) {
                log.warn("wyoming: {} took nothing we sent for {} s; resetting the connection", open.peer(), Uplink.STALL.toSeconds());
                open.reset("stalled: the server took no data for " + Uplink.STALL.toSeconds() + " s");
            } else if (open.frameIncompleteNanos() > settings.frameDeadline().toNanos()) {
                warnOncePer(open.address(), "wyoming: closed " + open.peer() + ": a frame took longer than "
                        + settings.frameDeadline().toSeconds() + " s to arrive");
                open.reset("frame too slow");
            } else if (open != current && now - open.connectedNanos > settings.slotDeadline().toNanos()) {
                log.debug("wyoming: closed {}: did not become the server within {} s", open.peer(), settings.slotDeadline().toSeconds());
                open.reset("did not become the server in time");
            }
        }
        Connection c = current;
        if (c == null || !c.pingEnabled) return;
        long sent = c.pingSentNanos;
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
