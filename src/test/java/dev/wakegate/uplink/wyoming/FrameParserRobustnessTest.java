package dev.wakegate.uplink.wyoming;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Hostile or broken input never crashes the reader and never makes it allocate beyond its limits. */
class FrameParserRobustnessTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final FrameLimits LIMITS = FrameLimits.DEFAULT;

    /** An endless-looking stream of one byte value that allocates nothing and counts what was read. */
    private static final class Repeating extends InputStream {
        private final byte[] prefix;
        private final int value;
        private final long length;
        long position;

        Repeating(String prefix, int value, long length) {
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
            this.value = value;
            this.length = length;
        }

        @Override
        public int read() {
            if (position >= length) return -1;
            return position < prefix.length ? prefix[(int) position++] & 0xff : (int) (position++ & 0) + value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) return -1;
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) b[off + i] = (byte) read();
            return n;
        }
    }

    /** What one read of {@code in} threw (null if nothing) and how many bytes this thread allocated meanwhile. */
    private record Read(ProtocolException thrown, long allocated) {}

    private static Read readMeasuring(InputStream in) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        ProtocolException thrown = null;
        try {
            new EventReader(in, LIMITS).read();
        } catch (ProtocolException e) {
            thrown = e;
        } catch (IOException ignored) {
            // only a ProtocolException is expected; the callers check that one was thrown
        }
        return new Read(thrown, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    /** Loads and links the parser's classes first, so that the measurements see the reader, not class loading. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws IOException {
        for (int i = 0; i < 200; i++) {
            new EventReader(new ByteArrayInputStream("{\"type\":\"ping\",\"data_length\":2}\n{}".getBytes(StandardCharsets.UTF_8)), LIMITS).read();
            for (String bad : List.of("x\n", "{\"type\":\"a\",\"payload_length\":9999999999}\n", "{\"type\":\"a\",\"payload_length\":9}\n"))
                assertThrows(ProtocolException.class, () -> new EventReader(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), LIMITS).read());
        }
    }

    @Test
    void aTenMegabyteHeaderWithoutNewlineIsRefusedAfterTheHeaderLimitWithBoundedMemory() {
        // given 10 MB of header text and no newline
        var in = new Repeating("{\"type\": \"", 'a', 10L << 20);

        // when read
        var read = readMeasuring(in);
        ProtocolException thrown = read.thrown();
        long allocated = read.allocated();

        // then: refused as lost framing, having read about the limit (plus one input buffer), allocating
        // about twice the header limit (the doubling line buffer), not megabytes
        assertNotNull(thrown);
        assertTrue(thrown.framingLost());
        assertTrue(in.position <= LIMITS.maxHeaderBytes() + 8192, "read " + in.position + " bytes");
        assertTrue(allocated < 4L * LIMITS.maxHeaderBytes(), "allocated " + allocated + " bytes");
    }

    @Test
    void hugeLengthsAreRefusedBeforeAnythingOfThatSizeIsAllocated() {
        for (String header : List.of(
                "{\"type\":\"audio-chunk\",\"payload_length\":2147483647}\n",
                "{\"type\":\"audio-chunk\",\"payload_length\":9223372036854775807}\n",
                "{\"type\":\"audio-chunk\",\"payload_length\":" + (LIMITS.maxPayloadBytes() + 1) + "}\n",
                "{\"type\":\"transcript\",\"data_length\":2000000000}\n",
                "{\"type\":\"transcript\",\"data_length\":" + (LIMITS.maxDataBytes() + 1) + "}\n")) {
            var in = new Repeating(header, 0, 3L << 30);
            var read = readMeasuring(in);
            ProtocolException thrown = read.thrown();
            long allocated = read.allocated();
            assertNotNull(thrown, header);
            assertTrue(thrown.framingLost(), header);
            assertTrue(allocated < 256 * 1024, header + ": allocated " + allocated + " bytes");
            assertTrue(in.position < 16 * 1024, header + ": read " + in.position + " bytes");
        }
    }

    @Test
    void aTruncatedPayloadAtTheLimitCostsAtMostThePayloadLimit() {
        var in = new Repeating("{\"type\":\"audio-chunk\",\"payload_length\":" + LIMITS.maxPayloadBytes() + "}\n", 0, 4096);
        var read = readMeasuring(in);
        ProtocolException thrown = read.thrown();
        long allocated = read.allocated();
        assertTrue(thrown.framingLost());
        assertTrue(allocated < LIMITS.maxPayloadBytes() + 256 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void aHostileEventTypeIsNamedInTheErrorWithoutControlCharactersAndCutShort() {
        // given: an event type made to forge a log line, clear the terminal and flood the log, with broken data
        String type = "x\\nwakegate: muted\\u001b[2J" + "y".repeat(5_000);
        String header = "{\"type\":\"" + type + "\",\"data\":[1]}\n";
        // when
        var e = assertThrows(ProtocolException.class,
                () -> new EventReader(new ByteArrayInputStream(header.getBytes(StandardCharsets.UTF_8)), LIMITS).read());
        // then
        String shown = "x?wakegate: muted?[2J";
        assertEquals("'" + shown + "y".repeat(40 - shown.length()) + "…': inline 'data' is not a JSON object", e.getMessage());
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack() {
        String deep = "{\"type\":\"x\",\"data\":" + "[".repeat(60_000) + "\n";
        var e = assertThrows(ProtocolException.class, () -> new EventReader(new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)), LIMITS).read());
        assertTrue(e.framingLost());
        String deepData = "{\"type\":\"x\",\"data_length\":40000}\n" + "{\"a\":".repeat(8000);
        var in = new EventReader(new ByteArrayInputStream(deepData.getBytes(StandardCharsets.UTF_8)), LIMITS);
        assertThrows(ProtocolException.class, in::read);
    }

    @Test
    void randomBytesOnlyEverEndInProtocolExceptionsOrTheEndOfTheStream() {
        var random = new Random(20240611);
        for (int round = 0; round < 2000; round++) {
            byte[] noise = new byte[random.nextInt(4096)];
            random.nextBytes(noise);
            if (round % 2 == 1) noise = withNewlines(noise, random);
            drainExpectingOnlyProtocolExceptions(noise, "round " + round);
        }
    }

    @Test
    void mutatedAndTruncatedValidStreamsOnlyEverEndInProtocolExceptions() throws IOException {
        // given a valid stream of everything Home Assistant sends in a session
        var valid = new ByteArrayOutputStream();
        for (var m : List.of(new WyomingMessage.Describe(), new WyomingMessage.RunSatellite(), new WyomingMessage.Ping("p"),
                new WyomingMessage.Transcribe("en"), new WyomingMessage.VoiceStarted(100L), new WyomingMessage.VoiceStopped(900L),
                new WyomingMessage.Transcript("turn on the kitchen light", "en"), new WyomingMessage.Synthesize("Turned on"),
                new WyomingMessage.AudioStart(new PcmFormat(22050, 2, 1), 0L),
                new WyomingMessage.AudioChunk(new PcmFormat(22050, 2, 1), 0L, new byte[2048]),
                new WyomingMessage.AudioStop(46L), new WyomingMessage.ErrorMessage("x", "y")))
            EventWriter.write(m.toEvent(), valid);
        byte[] stream = valid.toByteArray();
        var random = new Random(7);

        for (int round = 0; round < 3000; round++) {
            byte[] copy = stream.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            drainExpectingOnlyProtocolExceptions(copy, "mutation " + round);
            drainExpectingOnlyProtocolExceptions(java.util.Arrays.copyOf(stream, random.nextInt(stream.length)), "truncation " + round);
        }
    }

    private static byte[] withNewlines(byte[] noise, Random random) {
        for (int i = 0; i < noise.length; i += 1 + random.nextInt(64)) noise[i] = '\n';
        return noise;
    }

    /** Reads and decodes as a connection does: skip frame errors, stop at lost framing or the end. */
    private static void drainExpectingOnlyProtocolExceptions(byte[] bytes, String what) {
        var in = new EventReader(new ByteArrayInputStream(bytes), LIMITS);
        for (int frames = 0; frames < 100_000; frames++) {
            try {
                WyomingEvent e = in.read();
                if (e == null) return;
                WyomingMessage.decode(e);
            } catch (ProtocolException e) {
                if (e.framingLost()) return;
            } catch (IOException | RuntimeException | Error e) {
                fail(what + ": " + e, e);
            }
        }
        fail(what + ": did not end");
    }
}
