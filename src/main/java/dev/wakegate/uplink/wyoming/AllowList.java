package dev.wakegate.uplink.wyoming;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which peers may connect: IP addresses and CIDR ranges, IPv4 and IPv6. Entries are literal addresses only
 * (never host names, so no DNS lookup decides who may hear the microphone).
 */
public final class AllowList {
    /** Loopback and the private and link-local ranges: the house, not the internet. */
    public static final List<String> PRIVATE_RANGES = List.of(
            "127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private record Range(String text, byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = prefix / 8, rest = prefix % 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private AllowList(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Loopback only: a Home Assistant on this machine. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");
    /** {@code --allow none}: nobody but the paired Home Assistant. */
    public static final String NONE = "none";

    public static AllowList privateRanges() {
        return parse(PRIVATE_RANGES);
    }

    public static AllowList loopback() {
        return parse(LOOPBACK);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * Parses entries such as {@code 192.168.1.20}, {@code 192.168.1.0/24}, {@code fd00::/8}; {@code none} alone is the
     * empty list.
     *
     * @throws IllegalArgumentException with a one-line reason for the first bad entry
     */
    public static AllowList parse(List<String> entries) {
        var ranges = new ArrayList<Range>();
        if (entries.size() == 1 && entries.get(0).strip().equalsIgnoreCase(NONE)) return new AllowList(ranges);
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) continue;
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = literal(host, entry);
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8)
                    throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0-" + address.length * 8);
            }
            ranges.add(new Range(entry, address, prefix));
        }
        if (ranges.isEmpty()) throw new IllegalArgumentException("the allow list is empty (write 'none' to allow only the paired Home Assistant)");
        return new AllowList(ranges);
    }

    /** The address as the lists compare it: an IPv4-mapped IPv6 address as IPv4. */
    public static InetAddress normalized(InetAddress peer) {
        try {
            return InetAddress.getByAddress(unmapped(peer));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
    }

    /**
     * A literal IPv4 or IPv6 address (never a host name).
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static InetAddress literalAddress(String text) {
        String t = text.strip();
        try {
            return InetAddress.getByAddress(literal(t, t));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid IP address");
        }
    }

    public boolean allows(InetAddress peer) {
        byte[] address = unmapped(peer);
        for (Range r : ranges) if (r.contains(address)) return true;
        return false;
    }

    private static byte[] literal(String host, String entry) {
        if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches())
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range (host names are not accepted)");
        try {
            InetAddress a = InetAddress.getByName(host); // a literal: no lookup
            return unmapped(a);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("'" + entry + "' is not a valid IP address");
        }
    }

    /** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) compare as IPv4. */
    private static byte[] unmapped(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && b.length == 16) {
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) mapped = b[i] == 0;
            if (mapped) return new byte[]{b[12], b[13], b[14], b[15]};
        }
        assert a instanceof Inet4Address || b.length == 16;
        return b;
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? NONE : String.join(",", ranges.stream().map(Range::text).toList());
    }
}
