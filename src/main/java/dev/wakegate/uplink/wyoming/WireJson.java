package dev.wakegate.uplink.wyoming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.Map;

/** JSON for the wire: jackson-jr with tight parser limits (shallow nesting), one value per text, UTF-8 out. */
final class WireJson {
    /** Wyoming data is at most a few levels deep (info: satellite → wake → models → attribution). */
    private static final int MAX_DEPTH = 32;
    private static final JSON JSON_WIRE = JSON.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build()).build();

    private WireJson() {}

    /**
     * Parses exactly one JSON object from {@code bytes[off, off+len)}.
     *
     * @return the object, or null if the text is not one well-formed JSON object (the reason is in {@code why[0]})
     */
    static Map<String, Object> parseObject(byte[] bytes, int off, int len, String[] why) {
        try (JsonParser p = JSON_WIRE.getStreamingFactory().createParser(bytes, off, len)) {
            Object value = JSON_WIRE.anyFrom(p);
            if (p.nextToken() != null) {
                why[0] = "text after the JSON value";
                return null;
            }
            if (!(value instanceof Map<?, ?> map)) {
                why[0] = "not a JSON object";
                return null;
            }
            @SuppressWarnings("unchecked") var result = (Map<String, Object>) map;
            return result;
        } catch (IOException | RuntimeException e) {
            // untrusted bytes: any parser failure (syntax, encoding, limits) means "not JSON"; nothing else runs here
            why[0] = "invalid JSON (" + e.getClass().getSimpleName() + ")";
            return null;
        }
    }

    static byte[] bytes(Map<String, Object> map) throws IOException {
        return JSON_WIRE.asBytes(map);
    }
}
