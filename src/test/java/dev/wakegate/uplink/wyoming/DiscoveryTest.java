package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.wyoming.Discovery.Advertisement;
import dev.wakegate.uplink.wyoming.Discovery.Host;
import dev.wakegate.uplink.wyoming.Discovery.NotAdvertised;
import dev.wakegate.uplink.wyoming.Discovery.Settings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the satellite advertises over mDNS. Home Assistant's {@code config_flow.async_step_zeroconf} takes
 * "zeroconf name + satellite name" as the device's unique id, so the instance name must differ between machines and
 * stay the same on one machine, whatever the satellite is called.
 */
class DiscoveryTest {
    private static final InetAddress LAN = address("192.168.1.40");
    private static final byte[] MAC = {(byte) 0xdc, (byte) 0xa6, 0x32, 0x01, 0x02, 0x03};
    private static final Host PI = new Host("kitchen-pi", LAN, MAC, "0123456789abcdef0123456789abcdef");
    private static final InetSocketAddress ALL_INTERFACES = new InetSocketAddress(10700);

    @Test
    void theInstanceNameIsTheLanInterfacesMacAddressInHexAndTheHostNameTheMachines() {
        var ad = assertInstanceOf(Advertisement.class, Discovery.plan(Settings.BY_MAC_ADDRESS, ALL_INTERFACES, PI));
        assertEquals("dca632010203", ad.instance());
        assertEquals("kitchen-pi", ad.hostName(), "not the satellite name");
        assertEquals(LAN, ad.address());
        assertEquals(10700, ad.port());
    }

    @Test
    void twoDefaultSatellitesOnTwoMachinesHaveDifferentNames() {
        var other = new Host("raspberrypi", address("192.168.1.41"), new byte[]{(byte) 0xdc, (byte) 0xa6, 0x32, 0x0a, 0x0b, 0x0c}, "ffff");
        assertNotEquals(Discovery.instanceName(PI), Discovery.instanceName(other));
    }

    @Test
    void withoutAMacAddressTheNameComesFromTheMachineIdWithoutRevealingIt() {
        var noMac = new Host("kitchen-pi", LAN, null, PI.machineId());
        String name = Discovery.instanceName(noMac);
        assertEquals(name, Discovery.instanceName(new Host("renamed", LAN, new byte[6], PI.machineId())), "stable; an all-zero MAC counts as none");
        assertTrue(name.matches("wakegate-[0-9a-f]{12}"), name);
        assertFalse(PI.machineId().contains(name.substring("wakegate-".length())));
        assertNotEquals(name, Discovery.instanceName(new Host("kitchen-pi", LAN, null, "fedcba9876543210")));
    }

    @Test
    void anInstanceNameGivenByTheOwnerWins() {
        var ad = assertInstanceOf(Advertisement.class, Discovery.plan(new Settings(true, "Kitchen satellite"), ALL_INTERFACES, PI));
        assertEquals("Kitchen satellite", ad.instance());
        assertThrows(IllegalArgumentException.class, () -> new Settings(true, " "));
        assertThrows(IllegalArgumentException.class, () -> new Settings(true, "x".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new Settings(true, "tab\there"));
    }

    @Test
    void nothingIsAdvertisedWhenListeningOnLoopbackOrWithoutALan() {
        var loopback = assertInstanceOf(NotAdvertised.class,
                Discovery.plan(Settings.BY_MAC_ADDRESS, new InetSocketAddress(InetAddress.getLoopbackAddress(), 10700), null));
        assertFalse(loopback.unexpected());
        assertTrue(loopback.why().contains("127.0.0.1, port 10700"), loopback.why());
        var noLan = assertInstanceOf(NotAdvertised.class,
                Discovery.plan(Settings.BY_MAC_ADDRESS, ALL_INTERFACES, new Host("pi", null, null, null)));
        assertTrue(noLan.unexpected());
    }

    @Test
    void aSatelliteBoundToOneAddressIsAdvertisedOnIt() {
        var bound = new InetSocketAddress(address("10.0.0.7"), 10800);
        var ad = assertInstanceOf(Advertisement.class, Discovery.plan(Settings.BY_MAC_ADDRESS, bound,
                new Host("pi", bound.getAddress(), MAC, null)));
        assertEquals(bound.getAddress(), ad.address());
        assertEquals(10800, ad.port());
    }

    @Test
    void hostNamesBecomeOneDnsLabel() {
        assertEquals("kitchen-pi", Discovery.hostLabel("kitchen-pi.lan", "x"));
        assertEquals("my-pi", Discovery.hostLabel("my_pi", "x"));
        assertEquals("wakegate-dca632010203", Discovery.hostLabel("", "dca632010203"));
        assertEquals("wakegate-dca632010203", Discovery.hostLabel(null, "dca632010203"));
    }

    @Test
    void thisMachinesHostNameIsTheKernels() throws Exception {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        if (!Files.isReadable(kernel)) return; // not Linux: the JDK's name is used, nothing to compare
        assertEquals(Files.readString(kernel).strip(), Host.detect(InetAddress.getByName("0.0.0.0")).name());
    }

    /** JmDNS takes about 4 s to unregister and close (its goodbye announcements); shutdown must not wait for that. */
    @Test
    void closingDoesNotWaitForJmdnsToSayGoodbye() throws Exception {
        var discovery = Discovery.advertise(new Advertisement("dca632010203", "kitchen-pi", InetAddress.getLoopbackAddress(), 10700));
        Thread.sleep(500); // registered
        long start = System.nanoTime();
        discovery.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 1.5, "close took " + seconds + " s");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
