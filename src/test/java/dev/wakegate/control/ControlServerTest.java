package dev.wakegate.control;

import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.wakegate.testing.UserErrors.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlServerTest {
    @TempDir
    Path dir;
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<String> askers = new CopyOnWriteArrayList<>();
    private final ControlServer.Handler echo = (line, who) -> {
        heard.add(line);
        askers.add(who);
        return List.of("ok " + line);
    };

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theSocketIsOwnerAndGroupOnlyInAFolderItCreatesAndNothingElseIsLeft() throws IOException {
        Path socket = dir.resolve("run/wakegate/control.sock");
        try (var server = ControlServer.open(socket, echo)) {
            assertEquals(socket, server.path());
            assertEquals("rw-rw----", perms(socket));
            assertEquals("rwxr-x---", perms(socket.getParent()));
            assertEquals("rwxr-x---", perms(socket.getParent().getParent()));
            try (Stream<Path> files = Files.list(socket.getParent())) {
                assertEquals(List.of(socket), files.toList(), "the staging folder is gone");
            }
            assertEquals(List.of("ok status"), ControlClient.request(socket, "status"));
        }
        assertFalse(Files.exists(socket), "removed on close");
    }

    @Test
    void answersOneRequestPerConnectionAndIgnoresWhatFollowsTheFirstLine() throws IOException {
        Path socket = dir.resolve("c.sock");
        try (var server = ControlServer.open(socket, echo); var c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap("pause\nresume\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals("ok pause\n", readToEnd(c), "the server replies and closes");
            assertEquals(List.of("pause"), heard);
            assertEquals(List.of("control socket (user " + System.getProperty("user.name") + ")"), askers, "who asked, as the kernel says");
        }
    }

    @Test
    void aTooLongRequestGetsAnErrorAndIsNotHandled() throws IOException {
        Path socket = dir.resolve("c.sock");
        try (var server = ControlServer.open(socket, echo)) {
            var reply = ControlClient.request(socket, "sensitivity " + "x".repeat(ControlServer.MAX_REQUEST) + " 0.5");
            assertEquals(1, reply.size());
            assertTrue(reply.get(0).startsWith("error request longer than 256 bytes"), reply.toString());
            assertEquals(List.of(), heard);
        }
    }

    @Test
    void aSilentClientIsAnsweredWithAnErrorAfterTheReadTimeoutAndDoesNotBlockTheNext() throws IOException {
        Path socket = dir.resolve("c.sock");
        try (var server = ControlServer.open(socket, echo, 200); var silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(socket));
            String reply = readToEnd(silent); // blocks until the server gives up on it
            assertTrue(reply.startsWith("error no request within 200 ms"), reply);
            assertEquals(List.of("ok status"), ControlClient.request(socket, "status"));
        }
    }

    @Test
    void refusesToStartWhereAnotherServerListens() throws IOException {
        Path socket = dir.resolve("c.sock");
        try (var first = ControlServer.open(socket, echo)) {
            assertUserError(() -> ControlServer.open(socket, echo), "another wakegate is already listening");
            assertEquals(List.of("ok still here"), ControlClient.request(socket, "still here"), "the first one is untouched");
        }
    }

    @Test
    void replacesAStaleSocketLeftByACrash() throws IOException {
        Path socket = dir.resolve("c.sock");
        try (var crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        } // closed without removing its file, as a killed process leaves it
        assertTrue(Files.exists(socket));
        try (var server = ControlServer.open(socket, echo)) {
            assertEquals(List.of("ok status"), ControlClient.request(socket, "status"));
        }
    }

    @Test
    void refusesToReplaceAFileThatIsNotASocket() throws IOException {
        Path socket = Files.writeString(dir.resolve("c.sock"), "precious");
        assertUserError(() -> ControlServer.open(socket, echo), "not a socket");
        assertEquals("precious", Files.readString(socket));
    }

    @Test
    void closeLeavesASocketThatAnotherProcessPutInItsPlace() throws IOException {
        Path socket = dir.resolve("c.sock");
        var server = ControlServer.open(socket, echo);
        Files.delete(socket);
        try (var other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            server.close();
            assertTrue(Files.exists(socket), "not ours any more: left alone");
        }
    }

    @Test
    void aPathTooLongForAUnixSocketIsAUserError() {
        Path deep = dir.resolve("d".repeat(100)).resolve("control.sock");
        assertThrowsUserError(() -> ControlServer.open(deep, echo));
    }

    private static void assertThrowsUserError(org.junit.jupiter.api.function.Executable e) {
        var error = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, e);
        assertTrue(error.getMessage().contains("too long") && error.getMessage().contains("Fix:"), error.getMessage());
    }

    private static String readToEnd(SocketChannel c) throws IOException {
        var buf = ByteBuffer.allocate(4096);
        while (c.read(buf) >= 0) if (!buf.hasRemaining()) break;
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
}
