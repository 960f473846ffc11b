package dev.wakegate.uplink.wyoming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Advertises the satellite over mDNS as {@code _wyoming._tcp.local.}, so that Home Assistant offers it under
 * Settings → Devices &amp; services. Like wyoming-satellite: the instance name is the MAC address of the LAN interface
 * (hex, no colons) unless one is given, no TXT properties, the address of the interface that routes to the mDNS group
 * when listening on all interfaces. Home Assistant's {@code async_step_zeroconf} keys the device on
 * "instance name + satellite name", so the instance name must be unique per machine and survive restarts.
 * Nothing is advertised when the satellite listens on loopback only. Registration runs on its own thread
 * ({@code wg-mdns}); {@link #close()} starts the goodbye and returns without waiting for JmDNS's seconds of it.
 */
public final class Discovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    public static final String SERVICE_TYPE = "_wyoming._tcp.local.";
    private static final String MDNS_GROUP = "224.0.0.251";
    /** DNS-SD instance names are one DNS label: at most 63 bytes. */
    static final int MAX_NAME_BYTES = 63;
    /** close() waits this long for the first goodbye packet to leave, then lets JmDNS finish on its own. */
    private static final long GOODBYE_WAIT_MILLIS = 300;

    /** Whether to advertise, and under which instance name (null: from this machine's MAC address). */
    public record Settings(boolean enabled, String instanceName) {
        public static final Settings OFF = new Settings(false, null);
        public static final Settings BY_MAC_ADDRESS = new Settings(true, null);

        public Settings {
            if (instanceName != null && (instanceName.isBlank() || instanceName.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                    || instanceName.chars().anyMatch(Character::isISOControl)))
                throw new IllegalArgumentException("'" + instanceName + "' is not an mDNS instance name (1-" + MAX_NAME_BYTES
                        + " bytes, no control characters)");
        }
    }

    /** This machine as the LAN sees it: its host name, the address to advertise, that interface's MAC, the machine id. */
    record Host(String name, InetAddress address, byte[] macAddress, String machineId) {
        /** Looks it all up for {@code bound} (the LAN address when bound to all interfaces); missing parts are null. */
        static Host detect(InetAddress bound) {
            InetAddress address = bound.isAnyLocalAddress() ? lanAddress() : bound;
            return new Host(hostName(), address, address == null ? null : Discovery.macAddress(address), Discovery.machineId());
        }
    }

    /** What Home Assistant sees, or why nothing is advertised. */
    sealed interface Plan {
    }

    record Advertisement(String instance, String hostName, InetAddress address, int port) implements Plan {
    }

    /** @param unexpected whether the owner should be warned (no LAN), rather than told (listening on loopback) */
    record NotAdvertised(String why, boolean unexpected) implements Plan {
    }

    private final Thread registration;
    private volatile JmDNS jmdns;
    private volatile boolean closed;

    private Discovery(Settings settings, InetSocketAddress bound) {
        this.registration = Thread.ofPlatform().name("wg-mdns").daemon().start(() -> {
            if (bound.getAddress().isLoopbackAddress()) report(plan(settings, bound, null));
            else report(plan(settings, bound, Host.detect(bound.getAddress())));
        });
    }

    private Discovery(Advertisement advertisement) {
        this.registration = Thread.ofPlatform().name("wg-mdns").daemon().start(() -> register(advertisement));
    }

    /** Starts advertising the satellite listening on {@code bound}. Failures are logged, never thrown. */
    public static Discovery advertise(Settings settings, InetSocketAddress bound) {
        return new Discovery(settings, bound);
    }

    /** Advertises exactly {@code advertisement}, wherever its address is (tests use loopback). */
    static Discovery advertise(Advertisement advertisement) {
        return new Discovery(advertisement);
    }

    /** What to advertise for a satellite listening on {@code bound}; {@code host} may be null when bound to loopback. */
    static Plan plan(Settings settings, InetSocketAddress bound, Host host) {
        if (bound.getAddress().isLoopbackAddress())
            return new NotAdvertised("wakegate listens on loopback only (a Home Assistant on this machine adds it as host "
                    + bound.getAddress().getHostAddress() + ", port " + bound.getPort() + ")", false);
        if (host.address() == null || host.address().isLoopbackAddress())
            return new NotAdvertised("no LAN address found; add wakegate in Home Assistant by host and port instead", true);
        String instance = settings.instanceName() != null ? settings.instanceName() : instanceName(host);
        return new Advertisement(instance, hostLabel(host.name(), instance), host.address(), bound.getPort());
    }

    /** The MAC address in hex without colons, as wyoming-satellite names itself; else derived from the machine id. */
    static String instanceName(Host host) {
        byte[] mac = host.macAddress();
        if (mac != null && mac.length > 0 && !allZero(mac)) return HexFormat.of().formatHex(mac);
        if (host.machineId() != null && !host.machineId().isBlank())
            return "wakegate-" + sha256("wakegate zeroconf " + host.machineId().strip()).substring(0, 12);
        return "wakegate-" + hostLabel(host.name(), "satellite");
    }

    /** The host name as one DNS label (JmDNS adds ".local."); {@code fallback} based if there is none. */
    static String hostLabel(String hostName, String fallback) {
        String name = hostName == null ? "" : hostName.strip();
        int dot = name.indexOf('.');
        if (dot >= 0) name = name.substring(0, dot);
        name = name.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (name.isEmpty()) name = ("wakegate-" + fallback).replaceAll("[^A-Za-z0-9-]", "-");
        return name.length() > MAX_NAME_BYTES ? name.substring(0, MAX_NAME_BYTES) : name;
    }

    private void report(Plan plan) {
        switch (plan) {
            case Advertisement a -> register(a);
            case NotAdvertised n when n.unexpected() -> log.warn("zeroconf: not advertised: {}", n.why());
            case NotAdvertised n -> log.info("zeroconf: not advertised: {}", n.why());
        }
    }

    private void register(Advertisement a) {
        try {
            JmDNS dns = JmDNS.create(a.address(), a.hostName());
            jmdns = dns;
            if (closed) return;
            dns.registerService(ServiceInfo.create(SERVICE_TYPE, a.instance(), a.port(), ""));
            log.info("zeroconf: advertising '{}' ({}) on {}.local ({}:{})", a.instance(), SERVICE_TYPE, a.hostName(),
                    a.address().getHostAddress(), a.port());
        } catch (IOException e) {
            log.warn("zeroconf: cannot advertise ({}); add wakegate in Home Assistant by host and port instead", e.getMessage());
        }
    }

    /** Withdraws the service: the goodbye starts here and JmDNS finishes it in the background (it takes seconds). */
    @Override
    public void close() {
        closed = true;
        Thread withdrawal = Thread.ofPlatform().name("wg-mdns-close").daemon().start(this::withdraw);
        try {
            withdrawal.join(GOODBYE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void withdraw() {
        try {
            registration.join(5000);
        } catch (InterruptedException e) {
            return;
        }
        JmDNS dns = jmdns;
        if (dns == null) return;
        dns.unregisterAllServices();
        try {
            dns.close();
        } catch (IOException e) {
            log.debug("zeroconf: close: {}", e.getMessage());
        }
    }

    /** The address this host would use to reach the mDNS group: the LAN interface (as wyoming's zeroconf.py finds it). */
    private static InetAddress lanAddress() {
        try (var probe = new DatagramSocket()) {
            probe.connect(InetAddress.getByName(MDNS_GROUP), 5353);
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) return local;
        } catch (IOException e) {
            log.debug("zeroconf: no route to the mDNS group: {}", e.getMessage());
        }
        return null;
    }

    private static byte[] macAddress(InetAddress address) {
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(address);
            return nic == null ? null : nic.getHardwareAddress();
        } catch (SocketException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return null;
            }
        }
    }

    private static String machineId() {
        for (String file : new String[]{"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                // try the next
            }
        }
        return null;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) if (b != 0) return false;
        return true;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
