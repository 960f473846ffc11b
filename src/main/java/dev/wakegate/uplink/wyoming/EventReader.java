package dev.wakegate.uplink.wyoming;

import dev.wakegate.internal.PeerText;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Wyoming frames from a byte stream: a JSON header line ({@code type}, {@code version}, optional inline
 * {@code data}, {@code data_length}, {@code payload_length}), then {@code data_length} bytes of JSON data merged
 * over the inline data, then {@code payload_length} bytes of payload.
 *
 * <p>Memory is bounded by {@link FrameLimits}: the header line is read through a buffer that never grows past
 * the header limit, and the data and payload lengths are checked before their buffers are allocated. A frame
 * that cannot be split off the stream (a header that is not a JSON object, a bad or oversized length, a
 * truncated frame) throws a {@link ProtocolException} with {@code framingLost()}: the caller closes the
 * connection. A frame that was read whole but makes no sense (no type, data that is not a JSON object) throws
 * one without it: the caller skips the frame and reads on.
 *
 * <p>Not thread-safe: one reader thread per connection.
 */
public final class EventReader {
    private static final int FIRST_LINE_BUFFER = 512;
    private static final byte[] EMPTY = new byte[0];

    private final InputStream in;
    private final FrameLimits limits;
    private byte[] line = new byte[FIRST_LINE_BUFFER];
    private final String[] why = new String[1];

    public EventReader(InputStream in, FrameLimits limits) {
        this.in = in instanceof BufferedInputStream || in instanceof ByteArrayInputStream ? in : new BufferedInputStream(in);
        this.limits = limits;
    }

    /** The next event, or null at the end of the stream between two frames. */
    public WyomingEvent read() throws IOException {
        int len;
        do {
            len = readLine();
            if (len < 0) return null;
        } while (isBlank(line, len));

        Map<String, Object> header = WireJson.parseObject(line, 0, len, why);
        if (header == null) throw ProtocolException.framing("header line is " + why[0]);
        int dataLength = length(header, "data_length", limits.maxDataBytes());
        int payloadLength = length(header, "payload_length", limits.maxPayloadBytes());
        byte[] dataBytes = readExactly(dataLength, "data");
        byte[] payload = readExactly(payloadLength, "payload");

        // the whole frame is consumed: from here on a problem only costs this frame
        if (!(header.get("type") instanceof String type) || type.isEmpty())
            throw ProtocolException.frame("header has no string 'type'");
        var data = new LinkedHashMap<String, Object>();
        Object inline = header.get("data");
        if (inline instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked") var m = (Map<String, Object>) map;
            data.putAll(m);
        } else if (inline != null) {
            throw ProtocolException.frame("'" + PeerText.printable(type) + "': inline 'data' is not a JSON object");
        }
        if (dataLength > 0) {
            Map<String, Object> separate = WireJson.parseObject(dataBytes, 0, dataLength, why);
            if (separate == null) throw ProtocolException.frame("'" + PeerText.printable(type) + "': data is " + why[0]);
            data.putAll(separate);
        }
        return new WyomingEvent(type, data, payload);
    }

    /** Reads one line into {@link #line} without its newline; -1 at end of stream before any byte. */
    private int readLine() throws IOException {
        int len = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (len == 0) return -1;
                throw ProtocolException.framing("stream ended inside a header line");
            }
            if (b == '\n') return len;
            if (len == limits.maxHeaderBytes() - 1)
                throw ProtocolException.framing("header line longer than " + limits.maxHeaderBytes() + " bytes");
            if (len == line.length) line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxHeaderBytes()));
            line[len++] = (byte) b;
        }
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
        return true;
    }

    private static int length(Map<String, Object> header, String key, int max) throws ProtocolException {
        Object v = header.get(key);
        if (v == null) return 0;
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) n = ((Number) v).longValue();
        else if (v instanceof BigInteger) n = Long.MAX_VALUE;
        else throw ProtocolException.framing("'" + key + "' is not an integer");
        if (n < 0) throw ProtocolException.framing("'" + key + "' is negative");
        if (n > max) throw ProtocolException.framing("'" + key + "' " + n + " is over the limit of " + max + " bytes");
        return (int) n;
    }

    private byte[] readExactly(int n, String what) throws IOException {
        if (n == 0) return EMPTY;
        byte[] b = new byte[n]; // n was checked against the limit
        if (in.readNBytes(b, 0, n) < n) throw ProtocolException.framing("stream ended inside a frame's " + what);
        return b;
    }
}
