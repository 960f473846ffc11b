package dev.wakegate.uplink.wyoming;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Wyoming message as it travels: a type, a JSON object of data and an optional binary payload (audio).
 * The data map is an unmodifiable copy; its values are what JSON holds (String, Number, Boolean, List, Map, null).
 * {@link #toString()} prints the data's keys and the payload's size, never their contents (server text, audio).
 */
public record WyomingEvent(String type, Map<String, Object> data, byte[] payload) {
    private static final byte[] NO_PAYLOAD = new byte[0];

    public WyomingEvent {
        Objects.requireNonNull(type, "type");
        if (type.isEmpty()) throw new IllegalArgumentException("empty event type");
        data = data == null || data.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        payload = payload == null || payload.length == 0 ? NO_PAYLOAD : payload;
    }

    public WyomingEvent(String type) {
        this(type, Map.of(), null);
    }

    public WyomingEvent(String type, Map<String, Object> data) {
        this(type, data, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WyomingEvent e && type.equals(e.type) && data.equals(e.data) && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, data, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "WyomingEvent[" + type + ", data " + data.keySet() + ", payload " + payload.length + " B]";
    }
}
