package dev.wakegate.uplink.wyoming;

import dev.wakegate.internal.UserError;
import dev.wakegate.uplink.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A satellite that only its Home Assistant can use: pairing, and every connection earning its slot. Other hosts are
 * played by other loopback addresses (127.0.0.2 and up), which the satellite sees as different peers.
 */
class PairingTest {
    @TempDir
    Path dir;

    @Test
    void aPairingWindowPairsTheFirstHomeAssistantThatRunsTheSatelliteAndKeepsIt() throws Exception {
        Path file = dir.resolve("home-assistant");
        var pairing = Pairing.stored(file);
        var paired = new CopyOnWriteArrayList<String>();
        try (var uplink = TestUplinks.builder().allow("none").pairing(pairing).start()) {
            uplink.onControl(new Uplink.ControlListener() { // what the gate hears, to audit it
                @Override
                public void paused(boolean paused) {}

                @Override
                public void paired(String address, String openedBy) {
                    paired.add(address + " by " + openedBy);
                }
            });
            try (var early = FakeHomeAssistant.connectFrom("127.0.0.5", uplink.address())) {
                early.send(new WyomingMessage.RunSatellite());
                early.awaitClosed();
            }
            assertFalse(uplink.ready(), "no window, no pairing");

            pairing.openWindow(Duration.ofMinutes(2), "control socket (user pi)");
            try (var ha = FakeHomeAssistant.connectFrom("127.0.0.3", uplink.address())) {
                ha.send(new WyomingMessage.Describe());
                ha.next(WyomingMessage.Info.class);
                ha.send(new WyomingMessage.RunSatellite());
                assertEquals(List.of(), ha.sync());
                assertTrue(uplink.ready(), "the Home Assistant that connected in the window runs the satellite");
                assertEquals(List.of("127.0.0.3 by control socket (user pi)"), paired);
                assertEquals("127.0.0.3", Files.readString(file).strip(), "stored");
                assertEquals(0, pairing.windowSecondsLeft(), "the window closes with the first pairing");

                try (var late = FakeHomeAssistant.connectFrom("127.0.0.4", uplink.address())) {
                    late.send(new WyomingMessage.RunSatellite());
                    late.awaitClosed();
                }
                assertTrue(uplink.ready());
            }
        }
        assertEquals(InetAddress.getByName("127.0.0.3"), Pairing.stored(file).paired(), "the pairing survives a restart");
    }

    @Test
    void thePairedHomeAssistantTakesTheSatelliteFromAPeerThatIsMerelyAllowed() throws Exception {
        try (var uplink = TestUplinks.builder().allow("127.0.0.5").pairing(Pairing.pinned(InetAddress.getByName("127.0.0.1"))).start();
             var squatter = FakeHomeAssistant.connectFrom("127.0.0.5", uplink.address())) {
            squatter.send(new WyomingMessage.RunSatellite());
            squatter.sync();
            assertTrue(uplink.destination().startsWith("127.0.0.5:"));

            try (var ha = FakeHomeAssistant.connect(uplink.address())) {
                ha.send(new WyomingMessage.RunSatellite());
                assertEquals(List.of(), ha.sync());
                assertTrue(uplink.destination().startsWith("127.0.0.1:"), uplink.destination());
                squatter.awaitClosed();
                assertTrue(uplink.ready());
            }
        }
    }

    @Test
    void aReconnectFromThePairedAddressReplacesItsOldConnection() throws Exception {
        try (var uplink = TestUplinks.builder().allow("none").pairing(Pairing.pinned(InetAddress.getByName("127.0.0.1"))).start();
             var old = FakeHomeAssistant.connect(uplink.address());
             var fresh = FakeHomeAssistant.connect(uplink.address())) {
            old.send(new WyomingMessage.RunSatellite());
            old.sync();
            fresh.send(new WyomingMessage.RunSatellite()); // Home Assistant came back; the old socket never saw a FIN
            assertEquals(List.of(), fresh.sync());
            old.awaitClosed();
            assertTrue(uplink.destination().endsWith(":" + fresh.localPort()));
        }
    }

    @Test
    void aFrameTrickledByteByByteIsClosedAtTheFrameDeadline() throws Exception {
        try (var uplink = TestUplinks.builder().frameDeadline(Duration.ofMillis(400)).start();
             var socket = new Socket(uplink.address().getAddress(), uplink.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] frame = "{\"type\":\"run-satellite\"}\n".getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < frame.length - 1 && !closed; i++) {
                try {
                    out.write(frame[i]);
                    out.flush();
                    Thread.sleep(100);
                } catch (SocketException e) {
                    closed = true;
                }
            }
            assertTrue(closed || readsEof(socket), "the trickle was cut off");
            assertTrue((System.nanoTime() - start) / 1e9 < 2.0, "at the frame deadline");
            assertFalse(uplink.ready());
        }
    }

    @Test
    void aStrangerAddressGetsTwoConnectionsAndThePairedHomeAssistantAlwaysGetsIn() throws Exception {
        try (var uplink = TestUplinks.builder().allow("none").connections(4, 2).pairing(Pairing.pinned(InetAddress.getByName("127.0.0.1"))).start();
             var a1 = FakeHomeAssistant.connectFrom("127.0.0.7", uplink.address());
             var a2 = FakeHomeAssistant.connectFrom("127.0.0.7", uplink.address());
             var a3 = FakeHomeAssistant.connectFrom("127.0.0.7", uplink.address());
             var b1 = FakeHomeAssistant.connectFrom("127.0.0.8", uplink.address());
             var b2 = FakeHomeAssistant.connectFrom("127.0.0.8", uplink.address())) {
            a1.send(new WyomingMessage.Describe());
            a1.next(WyomingMessage.Info.class);
            assertEquals(List.of(), a3.awaitClosed(), "a third connection from one address is refused at once");
            b2.send(new WyomingMessage.Describe());
            b2.next(WyomingMessage.Info.class); // four open: every slot taken

            try (var ha = FakeHomeAssistant.connect(uplink.address())) {
                ha.send(new WyomingMessage.RunSatellite());
                assertEquals(List.of(), ha.sync());
                assertTrue(uplink.ready(), "the paired Home Assistant got in");
            }
            a1.awaitClosed(); // the oldest made room
        }
    }

    @Test
    void aPairingFileThatIsNotAnAddressIsAOneLineErrorNamingTheFix() throws Exception {
        Path file = Files.writeString(dir.resolve("home-assistant"), "homeassistant.local\n");
        var e = assertThrows(UserError.class, () -> Pairing.stored(file));
        assertTrue(e.getMessage().contains("Fix: delete the file and pair again with 'wakegate ctl pair'"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aPinnedAddressCannotBeReplacedByAWindow() throws Exception {
        var pinned = Pairing.pinned(InetAddress.getByName("192.168.1.20"));
        assertThrows(IllegalStateException.class, () -> pinned.openWindow(Duration.ofMinutes(2), "test"));
        assertTrue(pinned.isPaired(InetAddress.getByName("::ffff:192.168.1.20")), "an IPv4-mapped address is the same host");
    }

    private static boolean readsEof(Socket socket) throws IOException {
        socket.setSoTimeout(3000);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }
}
