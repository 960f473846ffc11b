package dev.wakegate.internal;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Small JSON helpers: a builder for the single-line objects wakegate prints ({@code scan --json},
 * {@code --events-json}, the audit log), and parsing through jackson-jr.
 */
public final class Json {
    private Json() {}

    /** Parses one JSON object; throws IOException on malformed text or a non-object. */
    public static Map<String, Object> parseObject(String text) throws IOException {
        Object value = JSON.std.anyFrom(text);
        if (!(value instanceof Map<?, ?> map)) throw new IOException("expected a JSON object");
        @SuppressWarnings("unchecked") var result = (Map<String, Object>) map;
        return result;
    }

    public static String quote(String s) {
        var sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Formats a number with at most {@code decimals} decimals, no exponent, no trailing zeros. */
    public static String number(double v, int decimals) {
        if (!Double.isFinite(v)) return "null";
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** A JSON array of strings, on one line. */
    public static String array(Collection<String> values) {
        var sb = new StringBuilder("[");
        for (String v : values) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(quote(v));
        }
        return sb.append(']').toString();
    }

    public static Obj object() {
        return new Obj();
    }

    /** An ordered JSON object written on one line. */
    public static final class Obj {
        private final Map<String, String> fields = new LinkedHashMap<>();

        public Obj put(String key, String value) {
            fields.put(key, value == null ? "null" : quote(value));
            return this;
        }

        public Obj put(String key, double value, int decimals) {
            fields.put(key, number(value, decimals));
            return this;
        }

        public Obj put(String key, long value) {
            fields.put(key, Long.toString(value));
            return this;
        }

        public Obj put(String key, boolean value) {
            fields.put(key, Boolean.toString(value));
            return this;
        }

        /** Adds an already-encoded JSON value (an array or object). */
        public Obj putRaw(String key, String json) {
            fields.put(key, json);
            return this;
        }

        @Override
        public String toString() {
            var sb = new StringBuilder("{");
            fields.forEach((k, v) -> {
                if (sb.length() > 1) sb.append(", ");
                sb.append(quote(k)).append(": ").append(v);
            });
            return sb.append('}').toString();
        }
    }
}
