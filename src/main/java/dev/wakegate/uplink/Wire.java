package dev.wakegate.uplink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The uplinks' TCP sockets, made so that audio stops at the wire when a session stops: a small send buffer, so the
 * kernel holds little more than 100 ms of audio for the peer; an abortive close ({@link #reset}, SO_LINGER 0),
 * which throws away whatever the kernel still holds instead of delivering it; and a view of what the peer has not
 * acknowledged yet ({@link #unacknowledged}), from Linux's {@code /proc/net/tcp}: what could still leave the host.
 */
public final class Wire {
    /** The send buffer asked for; Linux doubles it and keeps at least about 4.5 KB (a little over 100 ms of audio). */
    static final int SEND_BUFFER_BYTES = 2_048;
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp6"), Path.of("/proc/net/tcp"));
    /** Reads of the table before a connected socket's missing row means "cannot tell" (see {@link #unacknowledged}). */
    private static final int TABLE_READS = 3;

    private Wire() {}

    /** A connected socket with a small send buffer and no Nagle delay. */
    public static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
        var socket = new Socket();
        try {
            limitSendBuffer(socket);
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Keeps the kernel's send queue small: a stopped session cannot leave much behind in it. */
    public static void limitSendBuffer(Socket socket) throws SocketException {
        socket.setSendBufferSize(SEND_BUFFER_BYTES);
    }

    /**
     * Closes abortively: the peer gets a reset and nothing the kernel still held for it is sent. Idempotent, and safe
     * from any thread; a write blocked on the socket fails at once.
     */
    public static void reset(Socket socket) {
        if (socket == null) return;
        resetOnClose(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more can be done; the socket is unusable either way
        }
    }

    /** Makes the socket's next close abortive ({@link #reset}), for code that closes it itself. */
    public static void resetOnClose(Socket socket) {
        try {
            if (!socket.isClosed()) socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closing: a socket that is gone sends nothing more either
        }
    }

    /** Closes gracefully when the peer has every byte written, abortively ({@link #reset}) when it may not. */
    public static void close(Socket socket) {
        if (socket == null) return;
        if (unacknowledged(socket) != 0) {
            reset(socket);
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    /**
     * Bytes written to {@code socket} that its peer has not acknowledged yet (those not sent at all included): what
     * could still leave this host. 0 once everything arrived; -1 if this system cannot tell (no {@code /proc/net/tcp})
     * or the socket is not connected.
     */
    public static long unacknowledged(Socket socket) {
        // The kernel writes the table a page at a time, not as one snapshot: while other connections come and go (a
        // flood on the LAN, sockets leaving TIME_WAIT) a line can be skipped. Not finding a connected socket's line
        // must not read as "cannot tell", which resets a healthy session, so look again before saying so.
        for (int attempt = 0; attempt < TABLE_READS; attempt++) {
            if (socket == null || socket.isClosed() || !socket.isConnected()) return -1;
            long q = txQueue(socket);
            if (q >= 0) return q;
        }
        return -1;
    }

    private static long txQueue(Socket socket) {
        InetAddress local = socket.getLocalAddress(), remote = socket.getInetAddress();
        int localPort = socket.getLocalPort(), remotePort = socket.getPort();
        // a cheap look for the local port first: under a flood the table holds tens of thousands of lines
        String port = String.format(":%04X ", localPort);
        for (Path table : TABLES) {
            try (var lines = Files.newBufferedReader(table)) {
                lines.readLine(); // the header
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!line.contains(port)) continue;
                    long q = txQueue(line, local, localPort, remote, remotePort);
                    if (q >= 0) return q;
                }
            } catch (IOException | RuntimeException e) {
                // this system has no such table, or it could not be read: try the next
            }
        }
        return -1;
    }

    /** The tx_queue of a {@code /proc/net/tcp} line if it is this connection, else -1. */
    static long txQueue(String line, InetAddress local, int localPort, InetAddress remote, int remotePort) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5) return -1;
        if (!matches(f[1], local, localPort) || !matches(f[2], remote, remotePort)) return -1;
        String queues = f[4];
        int colon = queues.indexOf(':');
        return colon < 0 ? -1 : Long.parseLong(queues.substring(0, colon), 16);
    }

    private static boolean matches(String field, InetAddress address, int port) {
        int colon = field.indexOf(':');
        if (colon < 0 || Integer.parseInt(field.substring(colon + 1), 16) != port) return false;
        InetAddress parsed = address(field.substring(0, colon));
        return parsed != null && same(parsed, address);
    }

    /** An address as /proc/net/tcp writes it: hex, in 32-bit words of host byte order (little-endian on x86 and Arm). */
    static InetAddress address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int w = 0; ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && w < raw.length; w += 4) {
            byte a = raw[w], b = raw[w + 1];
            raw[w] = raw[w + 3];
            raw[w + 1] = raw[w + 2];
            raw[w + 2] = b;
            raw[w + 3] = a;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Equal, an IPv4-mapped IPv6 address counting as its IPv4 address (Java's dual-stack sockets report either). */
    private static boolean same(InetAddress a, InetAddress b) {
        return a.equals(b) || Arrays.equals(v4(a.getAddress()), v4(b.getAddress()));
    }

    private static byte[] v4(byte[] address) {
        if (address.length == 4) return address;
        for (int i = 0; i < 10; i++) if (address[i] != 0) return address;
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) return address;
        return Arrays.copyOfRange(address, 12, 16);
    }
}
