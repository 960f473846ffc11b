package dev.wakegate.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bounded, timed reads and writes of lines on a non-blocking socket channel: a slow or silent peer cannot hold us. */
final class Wire {
    private Wire() {}

    /** What came in: a line, or why not. */
    sealed interface Read {
        record Line(String text) implements Read {}

        record TooLong() implements Read {}

        record TimedOut() implements Read {}

        record Empty() implements Read {}
    }

    /**
     * Reads up to the first '\n' (or the end of the stream), at most {@code maxBytes} bytes, within {@code timeoutMillis}.
     * Bytes after the newline are ignored: one request per connection.
     */
    static Read readLine(SocketChannel channel, int maxBytes, long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        var buf = ByteBuffer.allocate(maxBytes + 1);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                int newline = indexOf(buf, (byte) '\n');
                if (newline >= 0) return new Read.Line(decode(buf, newline));
                if (buf.position() > maxBytes) return new Read.TooLong();
                if (!ready(selector, deadline)) return new Read.TimedOut();
                int n = channel.read(buf);
                if (n < 0) return buf.position() == 0 ? new Read.Empty() : new Read.Line(decode(buf, buf.position()));
            }
        }
    }

    /** Reads every line until the peer closes, at most {@code maxBytes}, within {@code timeoutMillis}. */
    static List<String> readAll(SocketChannel channel, int maxBytes, long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        var buf = ByteBuffer.allocate(maxBytes);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (buf.hasRemaining()) {
                if (!ready(selector, deadline)) throw new IOException("no complete reply within " + timeoutMillis + " ms");
                if (channel.read(buf) < 0) break;
            }
        }
        var lines = new ArrayList<String>();
        for (String l : decode(buf, buf.position()).split("\n")) if (!l.isEmpty()) lines.add(l);
        return lines;
    }

    /** Writes {@code lines}, each ended by '\n', within {@code timeoutMillis}. */
    static void writeLines(SocketChannel channel, List<String> lines, long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        var out = ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_WRITE);
            while (out.hasRemaining()) {
                if (!ready(selector, deadline)) throw new IOException("the peer did not take the reply within " + timeoutMillis + " ms");
                channel.write(out);
            }
        }
    }

    /**
     * Reads and discards what the peer still sends, until it closes, {@code maxBytes} or {@code timeoutMillis}: a UNIX
     * socket closed with unread input resets the peer, which would lose the reply it has not read yet.
     */
    static void drain(SocketChannel channel, int maxBytes, long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        var buf = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int total = 0;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (total < maxBytes) {
                if (!ready(selector, deadline)) return;
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) return;
                total += n;
            }
        }
    }

    /** Waits until the channel registered with {@code selector} is ready; false if {@code deadline} (nanoTime) passed first. */
    private static boolean ready(Selector selector, long deadline) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return false;
            if (selector.select(left) > 0) {
                selector.selectedKeys().clear();
                return true;
            }
        }
    }

    private static int indexOf(ByteBuffer buf, byte b) {
        for (int i = 0; i < buf.position(); i++) if (buf.get(i) == b) return i;
        return -1;
    }

    private static String decode(ByteBuffer buf, int length) {
        String s = new String(buf.array(), 0, length, StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
