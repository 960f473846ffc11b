package dev.wakegate.uplink;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the kernel still holds for a peer, read from Linux's connection table for real loopback connections. */
class WireTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void nothingIsUnacknowledgedOnceThePeerHasEveryByte() throws Exception {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var socket = Wire.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), TIMEOUT);
             var peer = server.accept()) {
            socket.getOutputStream().write(new byte[1000]);
            socket.getOutputStream().flush();
            assertEquals(1000, peer.getInputStream().readNBytes(1000).length);
            assertEquals(0, awaitUnacknowledged(socket, 0));
        }
    }

    @Test
    void whatAPeerThatStoppedReadingHasNotTakenShowsAsUnacknowledgedEvenAmongThousandsOfOtherConnections() throws Exception {
        try (var server = new ServerSocket(0, 5000, InetAddress.getLoopbackAddress());
             var socket = Wire.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), TIMEOUT);
             var peer = server.accept()) {
            List<Socket> crowd = crowd(server, 1500); // a LAN flood's worth of rows in the table, around ours
            try {
                var writer = Thread.ofPlatform().daemon().start(() -> fill(socket));
                long unacked = awaitUnacknowledged(socket, 1);
                assertTrue(unacked > 0, "the peer reads nothing, so bytes wait in our kernel: " + unacked);
                socket.close(); // the writer fails, and the row leaves the table
                writer.join(5_000);
                assertEquals(-1, Wire.unacknowledged(socket), "a closed socket: cannot tell");
            } finally {
                for (var s : crowd) s.close();
            }
        }
    }

    private static List<Socket> crowd(ServerSocket server, int count) throws IOException {
        var crowd = new ArrayList<Socket>();
        for (int i = 0; i < count; i++) {
            crowd.add(new Socket(server.getInetAddress(), server.getLocalPort()));
            crowd.add(server.accept());
        }
        return crowd;
    }

    private static void fill(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            byte[] block = new byte[64 * 1024];
            while (true) out.write(block);
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** Polls until the count is at least {@code atLeast} (or 0 when asked for 0), for up to two seconds. */
    private static long awaitUnacknowledged(Socket socket, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos(), q;
        do {
            q = Wire.unacknowledged(socket);
            if (atLeast == 0 ? q == 0 : q >= atLeast) return q;
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        return q;
    }
}
