package dev.wakegate.uplink.wyoming;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Who may connect, and what happens with more than one Home Assistant. */
class WyomingServerTest {

    @Test
    void aStrangerGetsDescribeAnswersButIsClosedWhenItAsksToRunTheSatellite() throws Exception {
        // given an allow list without 127.0.0.1 and no Home Assistant paired
        try (var uplink = TestUplinks.builder().allow("192.168.0.0/16", "::1").start();
             var stranger = FakeHomeAssistant.connect(uplink.address())) {
            // when it describes, then sends run-satellite
            stranger.send(new WyomingMessage.Describe());
            var info = stranger.next(WyomingMessage.Info.class);
            stranger.send(new WyomingMessage.RunSatellite());

            // then it got the info (Home Assistant's discovery asks before pairing), and is closed without more
            assertTrue(info.data().containsKey("satellite"));
            assertEquals(List.of(), stranger.awaitClosed(), "nothing after info");
            assertFalse(uplink.ready(), "run-satellite was refused");
            assertTrue(uplink.destination().contains("no server connected"));
        }
    }

    @Test
    void theAllowListAcceptsAddressesAndRangesAndRefusesHostNames() throws Exception {
        var list = AllowList.parse(List.of("192.168.1.0/24", "10.1.2.3", "fd00::/8"));
        assertTrue(list.allows(InetAddress.getByName("192.168.1.77")));
        assertFalse(list.allows(InetAddress.getByName("192.168.2.1")));
        assertTrue(list.allows(InetAddress.getByName("10.1.2.3")));
        assertFalse(list.allows(InetAddress.getByName("10.1.2.4")));
        assertTrue(list.allows(InetAddress.getByName("fd12::1")));
        assertTrue(list.allows(InetAddress.getByName("::ffff:192.168.1.5")), "IPv4-mapped IPv6 compares as IPv4");

        var defaults = AllowList.privateRanges();
        for (String inside : List.of("127.0.0.1", "::1", "10.9.9.9", "172.31.0.1", "192.168.178.20", "fd00::5", "fe80::1"))
            assertTrue(defaults.allows(InetAddress.getByName(inside)), inside);
        for (String outside : List.of("8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "100.64.0.1"))
            assertFalse(defaults.allows(InetAddress.getByName(outside)), outside);

        for (String bad : List.of("homeassistant.local", "192.168.1.0/33", "10.0.0.0/x", "::1/129", "300.1.1.1"))
            assertThrows(IllegalArgumentException.class, () -> AllowList.parse(List.of(bad)), bad);
        assertThrows(IllegalArgumentException.class, () -> AllowList.parse(List.of()));

        var loopback = AllowList.loopback();
        assertTrue(loopback.allows(InetAddress.getByName("127.0.0.2")) && loopback.allows(InetAddress.getByName("::1")));
        assertFalse(loopback.allows(InetAddress.getByName("192.168.1.20")), "the default lets no other host run the satellite");
        var none = AllowList.parse(List.of("none"));
        assertFalse(none.allows(InetAddress.getByName("127.0.0.1")), "'none': only the paired Home Assistant");
        assertEquals("none", none.toString());
    }

    @Test
    void aSecondAllowedHostMayDescribeButIsClosedWhenItTriesToTakeOver() throws Exception {
        try (var uplink = TestUplinks.builder().start();
             var first = FakeHomeAssistant.connect(uplink.address());
             var second = FakeHomeAssistant.connectFrom("127.0.0.2", uplink.address())) {
            // given the first connection is the server
            first.send(new WyomingMessage.RunSatellite());
            first.sync();

            // when the second one describes, then sends run-satellite
            second.send(new WyomingMessage.Describe());
            second.next(WyomingMessage.Info.class);
            second.send(new WyomingMessage.RunSatellite());

            // then it is closed, and the first one stays the server
            second.awaitClosed();
            assertEquals(List.of(), first.sync());
            assertTrue(uplink.ready());
        }
    }

    @Test
    void whenTheServerLeavesTheNextConnectionTakesOver() throws Exception {
        try (var uplink = TestUplinks.builder().start()) {
            var first = FakeHomeAssistant.connect(uplink.address());
            first.send(new WyomingMessage.RunSatellite());
            first.sync();
            String firstPeer = uplink.destination();
            first.close();

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (uplink.ready()) { // the close is noticed on the satellite's reader thread
                assertTrue(System.nanoTime() < deadline, "the first server's close was not noticed");
                Thread.onSpinWait();
            }

            try (var second = FakeHomeAssistant.connect(uplink.address())) {
                second.send(new WyomingMessage.RunSatellite());
                assertEquals(List.of(), second.sync());
                assertTrue(uplink.ready());
                assertNotEquals(firstPeer, uplink.destination());
            }
        }
    }

    @Test
    void aServerThatStopsAnsweringPingsIsDroppedSoThatAReconnectCanTakeOver() throws Exception {
        try (var uplink = TestUplinks.builder().liveness(Duration.ofMillis(100), Duration.ofMillis(300)).start();
             var ha = FakeHomeAssistant.connect(uplink.address())) {
            // given a server that pinged us (so we know it answers pings), then went silent
            ha.send(new WyomingMessage.RunSatellite());
            ha.sync();
            ha.answerPings(false);

            // then the satellite pings it and, without a pong, closes the connection
            var before = ha.awaitClosed();
            assertTrue(before.stream().anyMatch(m -> m instanceof WyomingMessage.Ping), "the satellite pinged: " + before);
            assertFalse(uplink.ready());
        }
    }

    @Test
    void aServerThatAnswersPingsStaysConnected() throws Exception {
        try (var uplink = TestUplinks.builder().liveness(Duration.ofMillis(50), Duration.ofMillis(300)).start();
             var ha = FakeHomeAssistant.connect(uplink.address())) {
            ha.send(new WyomingMessage.RunSatellite());
            ha.sync();
            for (int i = 0; i < 20; i++) assertEquals(List.of(), ha.sync()); // pings are answered by the fake in between
            assertTrue(uplink.ready());
        }
    }

    @Test
    void aConnectionThatDoesNotBecomeTheServerInTimeIsClosedEvenIfItKeepsTalking() throws Exception {
        try (var uplink = TestUplinks.builder().slotDeadline(Duration.ofMillis(300)).start();
             var idle = FakeHomeAssistant.connect(uplink.address());
             var describer = FakeHomeAssistant.connect(uplink.address())) {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                describer.send(new WyomingMessage.Describe());
                describer.next(WyomingMessage.Info.class);
            }
            assertEquals(List.of(), idle.awaitClosed());
            assertEquals(List.of(), describer.awaitClosed());
            assertTrue((System.nanoTime() - start) / 1e9 < 2, "closed at the slot deadline");
        }
    }

    @Test
    void aFrameThatBreaksFramingClosesTheConnectionWithoutHarmingTheSatellite() throws Exception {
        try (var uplink = TestUplinks.builder().start()) {
            try (var broken = FakeHomeAssistant.connect(uplink.address())) {
                broken.send(new WyomingMessage.RunSatellite());
                broken.sync();
                broken.sendRaw("{\"type\":\"audio-chunk\",\"payload_length\":999999999}\n".getBytes(StandardCharsets.UTF_8));
                broken.awaitClosed();
            }
            try (var next = FakeHomeAssistant.connect(uplink.address())) {
                next.sendRaw("{\"type\":\"audio-chunk\",\"data\":{\"rate\":\"fast\"}}\n".getBytes(StandardCharsets.UTF_8));
                next.send(new WyomingMessage.Ping("still here"));
                assertEquals(new WyomingMessage.Pong("still here"), next.next(), "a bad frame is skipped, the connection lives");
            }
        }
    }
}
