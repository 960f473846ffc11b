package dev.wakegate.control;

import dev.wakegate.internal.UserError;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * The control socket: a UNIX domain socket at a path, readable and writable by the owner and group only (0660),
 * answered by one thread ({@code wg-control}), one short request per connection, with a read timeout and a cap on
 * the request's length. It never appears with looser permissions: it is bound inside a fresh 0700 folder beside its
 * path, given 0660, then renamed into place. {@link #close()} removes it (unless another process replaced it since).
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    /** Longest request line accepted, in bytes. */
    public static final int MAX_REQUEST = 256;
    static final long READ_TIMEOUT_MS = 2_000, WRITE_TIMEOUT_MS = 2_000;
    /** After replying, what the client still sends is read and dropped (at most this much, this long) before closing. */
    private static final int DRAIN_BYTES = 64 * 1024;
    private static final long DRAIN_MS = 200;
    /** Linux's sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;

    /** Answers one request line with reply lines; {@code who} is the peer's user, as the kernel reports it. */
    @FunctionalInterface
    public interface Handler {
        List<String> handle(String line, String who) throws InterruptedException;
    }

    private final Path path;
    private final ServerSocketChannel channel;
    private final Object fileKey;
    private final Handler handler;
    private final long readTimeoutMs;
    private final Thread thread;
    /** Removes the socket file if the JVM exits (SIGTERM) before {@link #close()}. */
    private final Thread exitHook;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel channel, Object fileKey, Handler handler, long readTimeoutMs) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.handler = handler;
        this.readTimeoutMs = readTimeoutMs;
        this.thread = Thread.ofPlatform().name("wg-control").daemon().unstarted(this::serve);
        this.exitHook = Thread.ofPlatform().name("wg-control-exit").unstarted(this::removeFile);
    }

    /** Creates the socket at {@code path} (its missing folders 0750) and starts answering. */
    public static ControlServer open(Path path, Handler handler) {
        return open(path, handler, READ_TIMEOUT_MS);
    }

    static ControlServer open(Path path, Handler handler, long readTimeoutMs) {
        Path socket = path.toAbsolutePath().normalize();
        Path dir = socket.getParent();
        try {
            createFolders(dir);
            refuseIfInUse(socket);
            Path staging = Files.createTempDirectory(dir, ".control-"); // 0700: nobody else can reach a socket inside
            Path bound = staging.resolve("s");
            if (bound.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES
                    || socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
                Files.delete(staging);
                throw new UserError("control socket " + socket + ": the path is too long for a UNIX socket. Fix: a shorter --control-socket, e.g. /run/wakegate/control.sock");
            }
            var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(bound));
                Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
                Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Object key = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                var s = new ControlServer(socket, server, key, handler, readTimeoutMs);
                s.thread.start();
                Runtime.getRuntime().addShutdownHook(s.exitHook);
                log.info("control socket {}", socket);
                return s;
            } catch (IOException | RuntimeException e) {
                server.close();
                Files.deleteIfExists(bound);
                throw e;
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new UserError("control socket " + socket + ": " + message(e) + ". Fix: check the folder's permissions, or give another --control-socket PATH (or none)");
        }
    }

    private static void createFolders(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        createFolders(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---")); // whatever the umask
    }

    /** A socket file that answers belongs to a running wakegate; one that does not is left over from a crash. */
    private static void refuseIfInUse(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
            throw new UserError("control socket " + socket + ": a file that is not a socket is in the way. Fix: remove it, or give another --control-socket PATH");
        try (var probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException stale) {
            log.info("control socket {}: replacing a stale socket file", socket);
            return;
        }
        throw new UserError("control socket " + socket + ": another wakegate is already listening there. Fix: stop it, or give this one another --control-socket PATH");
    }

    public Path path() {
        return path;
    }

    private void serve() {
        while (!closed) {
            try (SocketChannel client = channel.accept()) {
                answer(client);
            } catch (ClosedChannelException e) {
                return; // closed
            } catch (IOException e) {
                if (!closed) log.debug("control socket: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void answer(SocketChannel client) throws IOException, InterruptedException {
        List<String> reply = switch (Wire.readLine(client, MAX_REQUEST, readTimeoutMs)) {
            case Wire.Read.Line l -> handler.handle(l.text(), who(client));
            case Wire.Read.TooLong t -> List.of("error request longer than " + MAX_REQUEST + " bytes. Fix: send one of " + ControlHandler.REQUESTS);
            case Wire.Read.TimedOut t -> List.of("error no request within " + readTimeoutMs + " ms. Fix: send one line, e.g. 'status'");
            case Wire.Read.Empty e -> List.of();
        };
        if (!reply.isEmpty()) Wire.writeLines(client, reply, WRITE_TIMEOUT_MS);
        client.shutdownOutput();
        Wire.drain(client, DRAIN_BYTES, DRAIN_MS);
    }

    /** Stops answering and removes the socket file, if it is still the one this server made. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("control socket close: {}", e.toString());
        }
        try {
            thread.join(READ_TIMEOUT_MS + WRITE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeFile();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private void removeFile() {
        try {
            var now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(now.fileKey(), fileKey)) Files.deleteIfExists(path);
        } catch (IOException gone) {
            // already removed
        }
    }

    /** "control socket (user alice)": the connecting process's user, from SO_PEERCRED (it cannot lie about it). */
    static String who(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return ControlHandler.BY + " (user " + peer.user().getName() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return ControlHandler.BY;
        }
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        if (e instanceof AccessDeniedException) return "permission denied (" + m + ")";
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
