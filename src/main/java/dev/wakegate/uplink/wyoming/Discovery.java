package dev.wakegate.uplink.wyoming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Advertises the satellite over mDNS as {@code _wyoming._tcp.local.}, so that Home Assistant offers it under
 * Settings → Devices &amp; services. Like wyoming-satellite: no TXT properties, the address of the interface
 * that routes to the mDNS group when listening on all interfaces. Registration runs on its own thread
 * ({@code wg-mdns}); {@link #close()} withdraws the service.
 */
public final class Discovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    public static final String SERVICE_TYPE = "_wyoming._tcp.local.";
    private static final String MDNS_GROUP = "224.0.0.251";

    private final Thread thread;
    private volatile JmDNS jmdns;
    private volatile boolean closed;

    private Discovery(String name, InetSocketAddress bound) {
        this.thread = Thread.ofPlatform().name("wg-mdns").daemon().start(() -> register(name, bound));
    }

    /** Starts advertising {@code name} on the bound address's port. Failures are logged, never thrown. */
    public static Discovery advertise(String name, InetSocketAddress bound) {
        return new Discovery(name, bound);
    }

    private void register(String name, InetSocketAddress bound) {
        try {
            InetAddress host = bound.getAddress().isAnyLocalAddress() ? lanAddress() : bound.getAddress();
            if (host.isLoopbackAddress())
                log.warn("zeroconf: no LAN address found; add wakegate in Home Assistant by host and port instead");
            JmDNS dns = JmDNS.create(host, name);
            jmdns = dns;
            if (closed) {
                dns.close();
                return;
            }
            dns.registerService(ServiceInfo.create(SERVICE_TYPE, name, bound.getPort(), ""));
            log.info("zeroconf: advertising '{}' ({}) on {}:{}", name, SERVICE_TYPE, host.getHostAddress(), bound.getPort());
        } catch (IOException e) {
            log.warn("zeroconf: cannot advertise ({}); add wakegate in Home Assistant by host and port instead", e.getMessage());
        }
    }

    /** The address this host would use to reach the mDNS group: the LAN interface (as wyoming's zeroconf.py finds it). */
    static InetAddress lanAddress() throws IOException {
        try (var probe = new DatagramSocket()) {
            probe.connect(InetAddress.getByName(MDNS_GROUP), 5353);
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) return local;
        } catch (IOException e) {
            log.debug("zeroconf: no route to the mDNS group: {}", e.getMessage());
        }
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
}
