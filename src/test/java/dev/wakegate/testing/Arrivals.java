package dev.wakegate.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What reached a receiving TCP socket, measured outside the sending process: the bytes its application has read plus
 * those waiting in its kernel's receive queue ({@code rx_queue} in Linux's {@code /proc/net/tcp}), sampled every 2 ms
 * with the time. A byte counts as arrived once it is on the receiving side, whether or not the (slow) receiver has read
 * it yet: so "what arrived after the mute" is what left the sender after the mute. (Reading /proc/net/tcp takes a few
 * milliseconds on some machines: the samples are then that far apart.)
 */
public final class Arrivals implements AutoCloseable {
    private record Sample(long nanos, long bytes) {}

    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean closed;

    /** @param socket the receiving socket; {@code read} how many bytes its application has read so far */
    public Arrivals(Socket socket, LongSupplier read) {
        sampler = Thread.ofPlatform().name("test-arrivals").daemon().start(() -> {
            while (!closed) {
                long queued = socket.isClosed() ? 0 : Math.max(0, rxQueue(socket));
                synchronized (this) {
                    // bytes never un-arrive: a reset connection leaves /proc/net/tcp, its queue still to be read
                    long arrived = Math.max(samples.isEmpty() ? 0 : samples.getLast().bytes, read.getAsLong() + queued);
                    samples.add(new Sample(System.nanoTime(), arrived));
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Bytes that had arrived by {@code nanos} (System.nanoTime()); 0 before the first sample. */
    public synchronized long at(long nanos) {
        long best = 0;
        for (var s : samples) if (s.nanos <= nanos) best = s.bytes;
        return best;
    }

    /** The samples within 100 ms of {@code nanos}, as "+2.1ms:4096": for a failure's message (were they far apart?). */
    public synchronized String around(long nanos) {
        var text = new StringBuilder();
        for (var s : samples)
            if (Math.abs(s.nanos - nanos) < 100_000_000L) text.append(String.format("%+.1fms:%d ", (s.nanos - nanos) / 1e6, s.bytes));
        return text.toString().trim();
    }

    /** Bytes arrived so far. */
    public synchronized long now() {
        return samples.isEmpty() ? 0 : samples.getLast().bytes;
    }

    /** When the first byte had arrived (System.nanoTime()), or -1. */
    public synchronized long first() {
        for (var s : samples) if (s.bytes > 0) return s.nanos;
        return -1;
    }

    /**
     * The earliest the last byte can have arrived (System.nanoTime()): the sample before the one that saw the count
     * grow for the last time; -1 if it never grew.
     */
    public synchronized long lastIncrease() {
        long last = -1, previousNanos = -1, previous = 0;
        for (var s : samples) {
            if (s.bytes > previous) last = previousNanos;
            previous = s.bytes;
            previousNanos = s.nanos;
        }
        return last;
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }

    /**
     * rx_queue of {@code socket}'s row in /proc/net/tcp(6); -1 if none. Rows without the local port are passed over
     * unparsed: after a connection flood the table holds tens of thousands, and the samples must stay close together.
     */
    static long rxQueue(Socket socket) {
        String port = String.format(":%04X ", socket.getLocalPort());
        for (String table : List.of("/proc/net/tcp6", "/proc/net/tcp")) {
            try (var lines = Files.newBufferedReader(Path.of(table))) {
                lines.readLine(); // the header
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!line.contains(port)) continue;
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 5) continue;
                    if (!endpoint(f[1], socket.getLocalAddress(), socket.getLocalPort()) || !endpoint(f[2], socket.getInetAddress(), socket.getPort()))
                        continue;
                    return Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
                }
            } catch (IOException e) {
                // no such table here
            }
        }
        return -1;
    }

    private static boolean endpoint(String field, InetAddress address, int port) {
        int colon = field.indexOf(':');
        if (Integer.parseInt(field.substring(colon + 1), 16) != port) return false;
        byte[] raw = HexFormat.of().parseHex(field.substring(0, colon));
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
            for (int w = 0; w < raw.length; w += 4) {
                byte a = raw[w], b = raw[w + 1];
                raw[w] = raw[w + 3];
                raw[w + 1] = raw[w + 2];
                raw[w + 2] = b;
                raw[w + 3] = a;
            }
        byte[] want = address.getAddress();
        return java.util.Arrays.equals(last4(raw), last4(want));
    }

    private static byte[] last4(byte[] a) {
        return java.util.Arrays.copyOfRange(a, a.length - 4, a.length);
    }
}
