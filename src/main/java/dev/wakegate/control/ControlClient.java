package dev.wakegate.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/** Sends one request line to a control socket and returns the reply's lines. */
public final class ControlClient {
    private static final int MAX_REPLY = 64 * 1024;
    private static final long TIMEOUT_MS = 5_000;

    private ControlClient() {}

    public static List<String> request(Path socket, String line) throws IOException {
        if (line.contains("\n") || line.contains("\r")) throw new IllegalArgumentException("a request is one line");
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Wire.writeLines(channel, List.of(line), TIMEOUT_MS);
            channel.shutdownOutput();
            return Wire.readAll(channel, MAX_REPLY, TIMEOUT_MS);
        }
    }
}
