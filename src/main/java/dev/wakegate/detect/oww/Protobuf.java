package dev.wakegate.detect.oww;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol-buffer wire format, as much as re-cutting an ONNX graph needs: a message read as its fields (each kept
 * as its exact bytes, so what is not touched is copied unchanged) and messages written field by field.
 */
final class Protobuf {
    private Protobuf() {}

    static final int VARINT = 0, FIXED64 = 1, BYTES = 2, FIXED32 = 5;

    /**
     * One field of a message: its number, wire type, its value (a varint's number; for bytes, where they lie) and the
     * whole field, tag included, as {@code from..to} of {@code buf}.
     */
    record Field(int number, int wireType, long varint, byte[] buf, int valueFrom, int valueTo, int from, int to) {
        byte[] bytes() {
            return java.util.Arrays.copyOfRange(buf, valueFrom, valueTo);
        }

        String string() {
            return new String(buf, valueFrom, valueTo - valueFrom, StandardCharsets.UTF_8);
        }

        List<Field> message() {
            return fields(buf, valueFrom, valueTo);
        }

        /** A repeated varint field's values: one per field, or several when packed into one. */
        long[] varints() {
            if (wireType == VARINT) return new long[]{varint};
            var values = new ArrayList<Long>();
            int[] at = {valueFrom};
            while (at[0] < valueTo) values.add(readVarint(buf, at));
            return values.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** The fields of the message in {@code buf[from..to)}, in order; malformed input is an {@link IllegalArgumentException}. */
    static List<Field> fields(byte[] buf, int from, int to) {
        var fields = new ArrayList<Field>();
        int[] at = {from};
        while (at[0] < to) {
            int start = at[0];
            long tag = readVarint(buf, at);
            int number = (int) (tag >>> 3), type = (int) (tag & 7);
            long varint = 0;
            int valueFrom = at[0];
            switch (type) {
                case VARINT -> varint = readVarint(buf, at);
                case FIXED64 -> at[0] += 8;
                case FIXED32 -> at[0] += 4;
                case BYTES -> {
                    long length = readVarint(buf, at);
                    if (length < 0 || length > to - at[0]) throw new IllegalArgumentException("a field runs past its message");
                    valueFrom = at[0];
                    at[0] += (int) length;
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + type);
            }
            if (at[0] > to) throw new IllegalArgumentException("a field runs past its message");
            fields.add(new Field(number, type, varint, buf, valueFrom, type == VARINT ? valueFrom : at[0], start, at[0]));
        }
        return fields;
    }

    static List<Field> fields(byte[] buf) {
        return fields(buf, 0, buf.length);
    }

    private static long readVarint(byte[] buf, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= buf.length) throw new IllegalArgumentException("a varint runs past the end");
            byte b = buf[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) return value;
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }

    /** A message written field by field. */
    static final class Writer {
        private final ByteArrayOutputStream out;

        Writer() {
            this(32);
        }

        /** A writer whose buffer starts with room for {@code bytes} (a large message is then not copied as it grows). */
        Writer(int bytes) {
            out = new ByteArrayOutputStream(bytes);
        }

        /** Copies a field read elsewhere, tag and all. */
        Writer copy(Field field) {
            out.write(field.buf(), field.from(), field.to() - field.from());
            return this;
        }

        Writer varint(int number, long value) {
            writeVarint(((long) number << 3) | VARINT);
            writeVarint(value);
            return this;
        }

        Writer bytes(int number, byte[] value) {
            lengthDelimited(number, value.length);
            out.write(value, 0, value.length);
            return this;
        }

        Writer string(int number, String value) {
            return bytes(number, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer message(int number, Writer message) {
            lengthDelimited(number, message.out.size());
            try {
                message.out.writeTo(out);   // without a copy of the message first
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);   // a byte array does not fail
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        /** The tag and length of a length-delimited field (bytes, a string, a message) whose value follows. */
        private void lengthDelimited(int number, int length) {
            writeVarint(((long) number << 3) | BYTES);
            writeVarint(length);
        }

        private void writeVarint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) ((value & 0x7f) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
