package dev.wakegate.uplink.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 response as the uplink reads it from the server: the status code and at most a bounded body (the
 * reply); interim 1xx responses are skipped. A server that sends an endless head or body cannot make wakegate hold
 * more than the limits.
 *
 * @param code the status code
 * @param body the body as text, cut at the limit
 */
record Response(int code, String body) {
    boolean ok() {
        return code / 100 == 2;
    }

    /** Reads one response (after any 1xx); an IOException if the stream ends first or the head is not HTTP. */
    static Response read(InputStream in, int maxHead, int maxBody) throws IOException {
        while (true) {
            String head = head(in, maxHead);
            String[] lines = head.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP response");
            int code;
            try {
                code = Integer.parseInt(status[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + status[1].substring(0, Math.min(12, status[1].length())));
            }
            if (code / 100 == 1) continue;
            long length = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) continue;
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), value = lines[i].substring(colon + 1).trim();
                if (name.equals("content-length")) length = parseLength(value);
                if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
            }
            byte[] body = chunked ? chunkedBody(in, maxBody) : length >= 0 ? exactly(in, Math.min(length, maxBody)) : untilEnd(in, maxBody);
            return new Response(code, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length");
        }
    }

    /** The head up to the blank line, without it. */
    private static String head(InputStream in, int max) throws IOException {
        var b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) throw new IOException(b.size() == 0 ? "the server closed without answering" : "the answer was cut off");
            if (b.size() >= max) throw new IOException("the answer's head is longer than " + max + " bytes");
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : c == '\r' ? 1 : 0;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static byte[] exactly(InputStream in, long n) throws IOException {
        return in.readNBytes((int) n);
    }

    private static byte[] untilEnd(InputStream in, int max) throws IOException {
        return in.readNBytes(max);
    }

    private static byte[] chunkedBody(InputStream in, int max) throws IOException {
        var body = new ByteArrayOutputStream();
        while (body.size() < max) {
            String line = line(in);
            int semi = line.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) break;
            byte[] chunk = in.readNBytes(Math.min(size, max - body.size()));
            body.write(chunk);
            if (chunk.length < size) break;
            line(in);
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        var b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("the answer was cut off");
            if (c != '\r' && b.length() < 256) b.append((char) c);
        }
        return b.toString();
    }
}
