package dev.wakegate.uplink.wyoming;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.wakegate.testing.WyomingLibrary;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden frames against the upstream Wyoming library, both versions Home Assistant has shipped with: every frame
 * wakegate can write is read by the library's own readers (Home Assistant's {@code async_read_event} and the
 * synchronous {@code read_event}) into its typed events with the same meaning, and every event type the library
 * defines, written as Home Assistant writes it, is read by wakegate with the same meaning or deliberately ignored.
 */
class WyomingConformanceTest {
    /** Types wakegate reads as {@link WyomingMessage.Unknown} and ignores: none is sent to a satellite by Home Assistant's loop. */
    private static final Set<String> IGNORED_TYPES = Set.of(
            "detect",                        // Home Assistant asks a wake-word *service* to listen: wakegate never starts at the wake stage
            "not-detected", "recognize", "not-recognized", "intent", "handled", "not-handled", "streaming-started",
            "streaming-stopped", "satellite-connected", "satellite-disconnected", // between other Wyoming services
            "handled-chunk", "handled-start", "handled-stop", "intents-start", "intents-stop",
            "synthesize-chunk", "synthesize-start", "synthesize-stop", "synthesize-stopped",
            "transcript-chunk", "transcript-start", "transcript-stop", "user-event"); // streaming variants (1.9) and user events

    /** Fields wakegate does not use, per type: what Home Assistant may send that changes nothing for a satellite. */
    private static final Map<String, Set<String>> IGNORED_FIELDS = Map.of(
            "detection", Set.of("speaker", "context"),
            "run-pipeline", Set.of("wake_word_names", "announce_text"),
            "synthesize", Set.of("voice", "context", "text_format"),
            "transcribe", Set.of("name", "context", "vad_sensitivity"),
            "transcript", Set.of("context"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WyomingLibrary.class)
    void everyFrameWakegateWritesIsReadByTheLibraryWithTheSameMeaning(WyomingLibrary library) throws Exception {
        var frames = new ByteArrayOutputStream();
        var expected = new StringBuilder();
        for (var golden : satelliteFrames()) {
            EventWriter.write(golden.message().toEvent(), frames);
            expected.append(JSON.std.asString(Map.of("type", golden.message().toEvent().type(), "fields", golden.fields()))).append('\n');
        }
        Path framesFile = Files.write(dir.resolve("frames.bin"), frames.toByteArray());
        Path expectedFile = Files.writeString(dir.resolve("expected.jsonl"), expected);

        var results = lines(library.run("wyoming_golden.py", "read", framesFile.toString(), expectedFile.toString()));

        assertEquals(2 * satelliteFrames().size(), results.size(), "one verdict per frame and reader: " + results);
        var failures = results.stream().filter(r -> !Boolean.TRUE.equals(r.get("ok"))).toList();
        assertTrue(failures.isEmpty(), library + " could not read these frames as wakegate meant them: " + failures);
    }

    /** The frame that crashed Home Assistant's satellite loop with wyoming 1.7.x: a ping without a data section. */
    @ParameterizedTest
    @EnumSource(WyomingLibrary.class)
    void aPingFromTheSatelliteIsReadByHomeAssistantsReader(WyomingLibrary library) throws Exception {
        Path framesFile = Files.write(dir.resolve("ping.bin"), EventWriter.encode(new WyomingMessage.Ping(null).toEvent()));
        Path expectedFile = Files.writeString(dir.resolve("ping.jsonl"), "{\"type\":\"ping\",\"fields\":{\"text\":null}}\n");

        var results = lines(library.run("wyoming_golden.py", "read", framesFile.toString(), expectedFile.toString()));

        for (var r : results) assertEquals(true, r.get("ok"), library + ": " + r);
    }

    @ParameterizedTest
    @EnumSource(WyomingLibrary.class)
    void everyEventTheLibraryDefinesIsReadByWakegateWithTheSameMeaning(WyomingLibrary library) throws Exception {
        Path framesFile = dir.resolve("library.bin"), manifestFile = dir.resolve("library.jsonl");
        library.run("wyoming_golden.py", "write", framesFile.toString(), manifestFile.toString());
        var manifest = lines(Files.readString(manifestFile));
        assertTrue(manifest.size() >= 33, library + " defines at least the 33 event types of 1.7.0: " + manifest.size());

        var reader = new EventReader(new ByteArrayInputStream(Files.readAllBytes(framesFile)), FrameLimits.DEFAULT);
        for (var golden : manifest) {
            String type = (String) golden.get("type");
            WyomingEvent event = reader.read();
            assertNotNull(event, "the stream ended before '" + type + "'");
            assertEquals(type, event.type(), "frames stay in step");
            assertArrayEquals(HexFormat.of().parseHex((String) golden.get("payload")), event.payload(), type + " payload");

            WyomingMessage message = WyomingMessage.decode(event);
            if (IGNORED_TYPES.contains(type)) {
                assertInstanceOf(WyomingMessage.Unknown.class, message, type + " is deliberately ignored");
                continue;
            }
            assertFalse(message instanceof WyomingMessage.Unknown, "wakegate does not understand '" + type + "'");
            @SuppressWarnings("unchecked")
            var sent = normalized((Map<String, Object>) golden.get("data"));
            var understood = normalized(message.toEvent().data());
            var ignored = IGNORED_FIELDS.getOrDefault(type, Set.of());
            for (var field : sent.entrySet()) {
                if (ignored.contains(field.getKey())) continue;
                assertTrue(understood.containsKey(field.getKey()), type + ": wakegate drops '" + field.getKey() + "'");
                assertEquals(field.getValue(), understood.get(field.getKey()), type + "." + field.getKey());
            }
            for (var field : understood.entrySet())
                if (!sent.containsKey(field.getKey())) assertNull(field.getValue(), type + ": wakegate made up '" + field.getKey() + "'");
        }
        assertNull(reader.read(), "no frame left over");
    }

    private record Golden(WyomingMessage message, Map<String, Object> fields) {}

    /** What wakegate writes (and every other message it models), and what each must mean to the library. */
    private static List<Golden> satelliteFrames() {
        var info = new SatelliteInfo("Kitchen", "Küche", List.of("hey-computer"), "1.2.3").toInfo();
        byte[] audio = new byte[2048];
        for (int i = 0; i < audio.length; i++) audio[i] = (byte) (i * 7);
        var golden = new ArrayList<Golden>();
        golden.add(new Golden(info, fields("satellite.name", "Kitchen", "satellite.area", "Küche", "satellite.has_vad", true,
                "satellite.active_wake_words", List.of("hey-computer"), "satellite.supports_trigger", false,
                "wake[0].models[0].name", "hey-computer", "wake[0].models[0].phrase", "hey computer",
                "mic[0].mic_format.rate", 16000, "mic[0].mic_format.width", 2, "mic[0].mic_format.channels", 1)));
        golden.add(new Golden(new WyomingMessage.Ping(null), fields("text", null)));
        golden.add(new Golden(new WyomingMessage.Pong(null), fields("text", null)));
        golden.add(new Golden(new WyomingMessage.Pong("42"), fields("text", "42")));
        golden.add(new Golden(new WyomingMessage.Detection("hey-computer", 0L), fields("name", "hey-computer", "timestamp", 0)));
        golden.add(new Golden(new WyomingMessage.RunPipeline(PipelineStage.ASR, PipelineStage.TTS, "hey-computer", false),
                fields("start_stage", "asr", "end_stage", "tts", "wake_word_name", "hey-computer", "restart_on_end", false)));
        golden.add(new Golden(new WyomingMessage.RunPipeline(PipelineStage.ASR, PipelineStage.HANDLE, null, false),
                fields("start_stage", "asr", "end_stage", "handle", "wake_word_name", null)));
        golden.add(new Golden(new WyomingMessage.AudioStart(PcmFormat.MIC, 0L), fields("rate", 16000, "width", 2, "channels", 1, "timestamp", 0)));
        golden.add(new Golden(new WyomingMessage.AudioChunk(PcmFormat.MIC, 64L, audio),
                fields("rate", 16000, "width", 2, "channels", 1, "timestamp", 64, "audio", HexFormat.of().formatHex(audio))));
        golden.add(new Golden(new WyomingMessage.AudioStop(128L), fields("timestamp", 128)));
        golden.add(new Golden(new WyomingMessage.AudioStop(null), fields("timestamp", null)));
        golden.add(new Golden(new WyomingMessage.Played(), Map.of()));
        golden.add(new Golden(new WyomingMessage.Describe(), Map.of()));
        golden.add(new Golden(new WyomingMessage.RunSatellite(), Map.of()));
        golden.add(new Golden(new WyomingMessage.PauseSatellite(), Map.of()));
        golden.add(new Golden(new WyomingMessage.Transcribe("de"), fields("language", "de")));
        golden.add(new Golden(new WyomingMessage.Transcript("Licht an ✓", "de"), fields("text", "Licht an ✓", "language", "de")));
        golden.add(new Golden(new WyomingMessage.VoiceStarted(1200L), fields("timestamp", 1200)));
        golden.add(new Golden(new WyomingMessage.VoiceStopped(2400L), fields("timestamp", 2400)));
        golden.add(new Golden(new WyomingMessage.Synthesize("Okay"), fields("text", "Okay")));
        golden.add(new Golden(new WyomingMessage.ErrorMessage("no text", "stt-no-text-recognized"), fields("text", "no text", "code", "stt-no-text-recognized")));
        golden.add(new Golden(new WyomingMessage.TimerStarted("t1", 600, "pasta", 0L, 10L, 0L),
                fields("id", "t1", "total_seconds", 600, "name", "pasta", "start_hours", 0, "start_minutes", 10, "start_seconds", 0)));
        golden.add(new Golden(new WyomingMessage.TimerUpdated("t1", false, 300), fields("id", "t1", "is_active", false, "total_seconds", 300)));
        golden.add(new Golden(new WyomingMessage.TimerCancelled("t1"), fields("id", "t1")));
        golden.add(new Golden(new WyomingMessage.TimerFinished("t1"), fields("id", "t1")));
        return golden;
    }

    private static Map<String, Object> fields(Object... pathValues) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < pathValues.length; i += 2) m.put((String) pathValues[i], pathValues[i + 1]);
        return m;
    }

    private static List<Map<String, Object>> lines(String text) throws IOException {
        var out = new ArrayList<Map<String, Object>>();
        for (String line : text.split("\n")) if (!line.isBlank()) out.add(JSON.std.mapFrom(line));
        return out;
    }

    /** Numbers as long or double, so that 3 (int) and 3 (long) compare equal; maps and lists recursively. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalized(Map<String, Object> data) {
        var out = new LinkedHashMap<String, Object>();
        data.forEach((k, v) -> out.put(k, normalizedValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object normalizedValue(Object v) {
        if (v instanceof Number n) return n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue() : (Object) n.doubleValue();
        if (v instanceof Map<?, ?> m) return normalized((Map<String, Object>) m);
        if (v instanceof List<?> l) return l.stream().map(WyomingConformanceTest::normalizedValue).toList();
        return v;
    }
}
