package dev.wakegate.uplink.wyoming;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The frame format, both directions, as the Python library reads and writes it. */
class WyomingCodecTest {

    private static EventReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.UTF_8));
    }

    private static EventReader reader(byte[] bytes) {
        return new EventReader(new ByteArrayInputStream(bytes), FrameLimits.DEFAULT);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void writesTheHeaderLineThenSeparateDataThenPayloadAsWyoming17Does() {
        // given an audio chunk with data and a payload
        byte[] audio = {1, 2, 3, 4};
        var event = new WyomingMessage.AudioChunk(PcmFormat.MIC, 64L, audio).toEvent();

        // when encoded
        String wire = new String(EventWriter.encode(event), StandardCharsets.ISO_8859_1);

        // then: one header line with type, version and both lengths, no inline data; the data block; the payload
        int newline = wire.indexOf('\n');
        String header = wire.substring(0, newline);
        String data = "{\"rate\":16000,\"width\":2,\"channels\":1,\"timestamp\":64}";
        assertEquals("{\"type\":\"audio-chunk\",\"version\":\"" + EventWriter.PROTOCOL_VERSION + "\",\"data_length\":"
                + data.length() + ",\"payload_length\":4}", header);
        assertEquals(data, wire.substring(newline + 1, newline + 1 + data.length()));
        assertEquals("\u0001\u0002\u0003\u0004", wire.substring(newline + 1 + data.length()));
    }

    @Test
    void writesNoLengthsForAnEventWithoutDataOrPayload() {
        assertEquals("{\"type\":\"run-satellite\",\"version\":\"" + EventWriter.PROTOCOL_VERSION + "\"}\n",
                new String(EventWriter.encode(new WyomingMessage.RunSatellite().toEvent()), StandardCharsets.UTF_8));
    }

    @Test
    void readsInlineDataAndSeparateDataAndMergesThem() throws IOException {
        // given the old inline form, the current separate form, and both at once (separate data wins, as in Python)
        String inline = "{\"type\": \"transcript\", \"data\": {\"text\": \"inline\"}}\n";
        String separate = "{\"type\": \"transcript\", \"data_length\": 16}\n{\"text\": \"sepa\"}";
        String both = "{\"type\": \"transcript\", \"data\": {\"text\": \"a\", \"language\": \"en\"}, \"data_length\": 13}\n{\"text\": \"b\"}";
        var in = reader(inline + separate + both);

        assertEquals(new WyomingEvent("transcript", Map.of("text", "inline")), in.read());
        assertEquals(new WyomingEvent("transcript", Map.of("text", "sepa")), in.read());
        assertEquals(new WyomingEvent("transcript", Map.of("text", "b", "language", "en")), in.read());
        assertNull(in.read(), "end of stream between frames");
    }

    @Test
    void roundTripsEveryMessageWakegateSendsOrUnderstands() throws IOException {
        List<WyomingMessage> messages = List.of(new WyomingMessage.Describe(), new WyomingMessage.RunSatellite(),
                new WyomingMessage.PauseSatellite(), new WyomingMessage.Ping("x"), new WyomingMessage.Pong(null),
                new WyomingMessage.Detection("hey-computer", 0L),
                new WyomingMessage.RunPipeline(PipelineStage.ASR, PipelineStage.TTS, "hey-computer", false),
                new WyomingMessage.AudioStart(new PcmFormat(22050, 2, 1), 0L),
                new WyomingMessage.AudioChunk(PcmFormat.MIC, 128L, new byte[]{9, 8, 7, 6}),
                new WyomingMessage.AudioStop(192L), new WyomingMessage.Transcribe("en"),
                new WyomingMessage.Transcript("turn on the light", "en"), new WyomingMessage.VoiceStarted(10L),
                new WyomingMessage.VoiceStopped(900L), new WyomingMessage.Synthesize("ok"),
                new WyomingMessage.ErrorMessage("nothing heard", "stt-no-text-recognized"), new WyomingMessage.Played(),
                new WyomingMessage.TimerStarted("t", 180, null, null, 3L, null), new WyomingMessage.TimerUpdated("t", true, 120),
                new WyomingMessage.TimerCancelled("t"), new WyomingMessage.TimerFinished("t"), new WyomingMessage.Unknown("user-event"),
                new SatelliteInfo("Kitchen", "Kitchen", List.of("hey-computer"), "0.1.0").toInfo());
        var wire = new ByteArrayOutputStream();
        for (var m : messages) EventWriter.write(m.toEvent(), wire);

        var in = reader(wire.toByteArray());
        for (var m : messages) assertEquals(m, WyomingMessage.decode(in.read()));
        assertNull(in.read());
    }

    @Test
    void decodesUnknownTypesToUnknown() throws IOException {
        assertEquals(new WyomingMessage.Unknown("transcript-chunk"),
                WyomingMessage.decode(reader("{\"type\":\"transcript-chunk\",\"data\":{\"text\":\"1\"}}\n").read()));
    }

    @Test
    void recordsPrintSizesNotServerTextOrAudio() {
        assertEquals("AudioChunk[2048 B, 64 ms]", new WyomingMessage.AudioChunk(PcmFormat.MIC, 0L, new byte[2048]).toString());
        assertFalse(new WyomingMessage.Transcript("my secret", null).toString().contains("secret"));
        assertFalse(new WyomingMessage.ErrorMessage("my secret", "x").toString().contains("secret"));
        assertFalse(new WyomingEvent("transcript", Map.of("text", "my secret")).toString().contains("secret"));
        assertEquals("WyomingEvent[audio-chunk, data [], payload 3 B]", new WyomingEvent("audio-chunk", null, new byte[3]).toString());
    }

    @Test
    void skipsAFrameWithWrongFieldTypesAndReadsTheNextOne() throws IOException {
        // given frames whose framing is intact but whose content is wrong, each followed by a good ping
        String ping = "{\"type\":\"ping\"}\n";
        String[] bad = {
                "{\"type\": 5}\n",
                "{\"data\": {}}\n",
                "{\"type\": \"transcript\", \"data\": \"text\"}\n",
                "{\"type\": \"transcript\", \"data_length\": 7}\n[1,2,3]",
                "{\"type\": \"transcript\", \"data_length\": 5}\n{\"a\":",
        };
        for (String frame : bad) {
            var in = reader(frame + ping);
            var e = assertThrows(ProtocolException.class, in::read, frame);
            assertFalse(e.framingLost(), frame);
            assertEquals("ping", in.read().type(), "the next frame is still read after " + frame);
        }
    }

    @Test
    void rejectsWrongTypesInsideKnownMessagesAsAFrameError() throws IOException {
        String[] bad = {
                "{\"type\":\"audio-chunk\",\"data\":{\"rate\":\"16000\",\"width\":2,\"channels\":1}}\n",
                "{\"type\":\"audio-chunk\",\"data\":{\"rate\":16000,\"width\":9,\"channels\":1}}\n",
                "{\"type\":\"audio-start\",\"data\":{\"rate\":16000,\"width\":2}}\n",
                "{\"type\":\"audio-stop\",\"data\":{\"timestamp\":\"soon\"}}\n",
                "{\"type\":\"transcript\",\"data\":{\"text\":[1]}}\n",
                "{\"type\":\"transcript\"}\n",
                "{\"type\":\"run-pipeline\",\"data\":{\"start_stage\":\"asr\",\"end_stage\":\"moon\"}}\n",
                "{\"type\":\"ping\",\"data\":{\"text\":{}}}\n",
                "{\"type\":\"audio-stop\",\"data\":{\"timestamp\":1e300}}\n",
        };
        for (String frame : bad) {
            var e = assertThrows(ProtocolException.class, () -> WyomingMessage.decode(reader(frame).read()), frame);
            assertFalse(e.framingLost(), frame);
        }
    }

    @Test
    void losesFramingOnBadHeadersBadLengthsAndTruncation() {
        String[] broken = {
                "not json\n",
                "[1, 2]\n",
                "{\"type\": \"ping\"} trailing\n",
                "{\"type\": \"ping\", \"payload_length\": \"12\"}\n",
                "{\"type\": \"ping\", \"payload_length\": -1}\n",
                "{\"type\": \"ping\", \"payload_length\": 1.5}\n",
                "{\"type\": \"ping\", \"data_length\": true}\n",
                "{\"type\": \"ping\", \"payload_length\": 99999999999999999999999}\n",
                "{\"type\": \"ping\", \"payload_length\": 10}\nabc",
                "{\"type\": \"ping\", \"data_length\": 10}\n{}",
                "{\"type\": \"ping\"",
        };
        for (String frame : broken) {
            var e = assertThrows(ProtocolException.class, () -> reader(frame).read(), frame);
            assertTrue(e.framingLost(), frame);
        }
    }

    @Test
    void skipsBlankLinesBetweenFrames() throws IOException {
        var in = reader("\n\r\n{\"type\":\"ping\"}\r\n\n");
        assertEquals("ping", in.read().type());
        assertNull(in.read());
    }

    @Test
    void readsUtf8Text() throws IOException {
        var event = new WyomingMessage.Transcript("Licht an, Küche – 明かり", "de").toEvent();
        assertEquals(event, reader(EventWriter.encode(event)).read());
    }

    @Test
    void acceptsFramesExactlyAtTheLimits() throws IOException {
        var limits = new FrameLimits(128, 64, 16);
        String data = "{\"text\":\"" + "x".repeat(64 - 11) + "\"}";
        assertEquals(64, data.length());
        byte[] frame = concat(("{\"type\":\"transcript\",\"data_length\":64,\"payload_length\":16}\n" + data).getBytes(StandardCharsets.UTF_8),
                new byte[16]);
        var event = new EventReader(new ByteArrayInputStream(frame), limits).read();
        assertEquals(16, event.payload().length);

        byte[] tooBig = concat(("{\"type\":\"transcript\",\"data_length\":64,\"payload_length\":17}\n" + data).getBytes(StandardCharsets.UTF_8),
                new byte[17]);
        assertTrue(assertThrows(ProtocolException.class, () -> new EventReader(new ByteArrayInputStream(tooBig), limits).read()).framingLost());
    }
}
