package dev.wakegate.uplink.wyoming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;

/**
 * Writes Wyoming frames the way the Python library (wyoming 1.7) does: a header line with {@code type},
 * {@code version}, and {@code data_length} / {@code payload_length} when there is data / a payload; then the
 * data as a separate UTF-8 JSON block; then the payload. Not thread-safe: one writer thread per connection.
 */
public final class EventWriter {
    /** The wyoming release whose wire format this follows; the header's {@code version}. */
    public static final String PROTOCOL_VERSION = "1.7.2";

    private EventWriter() {}

    public static void write(WyomingEvent event, OutputStream out) throws IOException {
        byte[] data = event.data().isEmpty() ? null : WireJson.bytes(event.data());
        var header = new LinkedHashMap<String, Object>();
        header.put("type", event.type());
        header.put("version", PROTOCOL_VERSION);
        if (data != null) header.put("data_length", data.length);
        if (event.payload().length > 0) header.put("payload_length", event.payload().length);
        out.write(WireJson.bytes(header));
        out.write('\n');
        if (data != null) out.write(data);
        if (event.payload().length > 0) out.write(event.payload());
    }

    /** The frame as bytes, for tests and for callers that batch writes. */
    public static byte[] encode(WyomingEvent event) {
        var out = new ByteArrayOutputStream(256 + event.payload().length);
        try {
            write(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
