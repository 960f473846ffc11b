package dev.wakegate.uplink.wyoming;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Wyoming messages wakegate sends or understands, one record each; every other type decodes to
 * {@link Unknown}. {@link #decode} checks field types and throws a frame-level {@link ProtocolException} for
 * wrong ones; {@link #toEvent()} gives the wire form. Records never print server text or audio, only sizes.
 */
public sealed interface WyomingMessage {

    WyomingEvent toEvent();

    /** Asks for {@link Info}. From Home Assistant. */
    record Describe() implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("describe"); }
    }

    /** What this satellite is and offers; the data is built by {@link SatelliteInfo}. */
    record Info(Map<String, Object> data) implements WyomingMessage {
        public Info { data = Collections.unmodifiableMap(new LinkedHashMap<>(data)); }
        public WyomingEvent toEvent() { return new WyomingEvent("info", data); }
        @Override public String toString() { return "Info" + data.keySet(); }
    }

    /** The server is ready to run pipelines. */
    record RunSatellite() implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("run-satellite"); }
    }

    /** The server is not ready to run pipelines (its mute switch, or it is shutting down). */
    record PauseSatellite() implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("pause-satellite"); }
    }

    /**
     * Always with a data section, {@code {"text": null}} at least, as the library's own {@code Ping().event()}: wyoming up to
     * 1.7.1 reads a frame without data as {@code data=None}, and {@code Ping.from_event} then raises.
     */
    record Ping(String text) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("ping", map("text", text)); }
    }

    /** Always with a data section, as {@link Ping}. */
    record Pong(String text) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("pong", map("text", text)); }
    }

    /** A wake word was detected; {@code timestamp} in milliseconds of the stream. */
    record Detection(String name, Long timestamp) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("detection", map("name", name, "timestamp", timestamp)); }
    }

    record RunPipeline(PipelineStage start, PipelineStage end, String wakeWordName, boolean restartOnEnd) implements WyomingMessage {
        public RunPipeline {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        public WyomingEvent toEvent() {
            var data = map("start_stage", start.wire(), "end_stage", end.wire(), "restart_on_end", restartOnEnd);
            if (wakeWordName != null) data.put("wake_word_name", wakeWordName);
            return new WyomingEvent("run-pipeline", data);
        }
    }

    record AudioStart(PcmFormat format, Long timestamp) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("audio-start", formatData(format, timestamp)); }
    }

    /** Raw PCM in {@code format}; prints its size and duration only. */
    record AudioChunk(PcmFormat format, Long timestamp, byte[] audio) implements WyomingMessage {
        public AudioChunk {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(audio, "audio");
        }

        public WyomingEvent toEvent() { return new WyomingEvent("audio-chunk", formatData(format, timestamp), audio); }

        @Override public boolean equals(Object o) {
            return o instanceof AudioChunk c && format.equals(c.format) && Objects.equals(timestamp, c.timestamp)
                    && Arrays.equals(audio, c.audio);
        }

        @Override public int hashCode() { return Objects.hash(format, timestamp, Arrays.hashCode(audio)); }

        @Override public String toString() { return "AudioChunk[" + audio.length + " B, " + format.millis(audio.length) + " ms]"; }
    }

    record AudioStop(Long timestamp) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("audio-stop", map("timestamp", timestamp)); }
    }

    /** Speech-to-text is starting. */
    record Transcribe(String language) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("transcribe", language == null ? Map.of() : map("language", language)); }
    }

    /** What the server heard; the text is never logged. */
    record Transcript(String text, String language) implements WyomingMessage {
        public Transcript { Objects.requireNonNull(text, "text"); }
        public WyomingEvent toEvent() {
            var data = map("text", text);
            if (language != null) data.put("language", language);
            return new WyomingEvent("transcript", data);
        }
        @Override public String toString() { return "Transcript[" + text.length() + " chars]"; }
    }

    /** The server's voice activity detector heard the command start. */
    record VoiceStarted(Long timestamp) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("voice-started", map("timestamp", timestamp)); }
    }

    /** The server's voice activity detector heard the command end. */
    record VoiceStopped(Long timestamp) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("voice-stopped", map("timestamp", timestamp)); }
    }

    /** The text of the spoken reply that follows; never logged. */
    record Synthesize(String text) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("synthesize", text == null ? Map.of() : map("text", text)); }
        @Override public String toString() { return "Synthesize[" + (text == null ? 0 : text.length()) + " chars]"; }
    }

    /** The server's pipeline failed; {@code code} is a short machine-readable reason such as "stt-no-text-recognized". */
    record ErrorMessage(String text, String code) implements WyomingMessage {
        public ErrorMessage { Objects.requireNonNull(text, "text"); }
        public WyomingEvent toEvent() {
            var data = map("text", text);
            if (code != null) data.put("code", code);
            return new WyomingEvent("error", data);
        }
        @Override public String toString() { return "ErrorMessage[code=" + code + "]"; }
    }

    /** The satellite finished playing the server's audio. */
    record Played() implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent("played"); }
    }

    /**
     * Home Assistant started a voice timer ("set a timer for 10 minutes"); {@code totalSeconds} it runs for, the
     * {@code start*} fields as the user said it. Text fields are never logged.
     */
    record TimerStarted(String id, long totalSeconds, String name, Long startHours, Long startMinutes, Long startSeconds)
            implements WyomingMessage {
        public TimerStarted { Objects.requireNonNull(id, "id"); }
        public WyomingEvent toEvent() {
            var data = map("id", id, "total_seconds", totalSeconds);
            if (name != null) data.put("name", name);
            if (startHours != null) data.put("start_hours", startHours);
            if (startMinutes != null) data.put("start_minutes", startMinutes);
            if (startSeconds != null) data.put("start_seconds", startSeconds);
            return new WyomingEvent("timer-started", data);
        }
        @Override public String toString() { return "TimerStarted[" + totalSeconds + " s]"; }
    }

    /** A timer was paused, resumed or changed: {@code totalSeconds} is what is left now. */
    record TimerUpdated(String id, boolean isActive, long totalSeconds) implements WyomingMessage {
        public TimerUpdated { Objects.requireNonNull(id, "id"); }
        public WyomingEvent toEvent() {
            return new WyomingEvent("timer-updated", map("id", id, "is_active", isActive, "total_seconds", totalSeconds));
        }
    }

    record TimerCancelled(String id) implements WyomingMessage {
        public TimerCancelled { Objects.requireNonNull(id, "id"); }
        public WyomingEvent toEvent() { return new WyomingEvent("timer-cancelled", map("id", id)); }
    }

    /** The timer ran out: time to ring. */
    record TimerFinished(String id) implements WyomingMessage {
        public TimerFinished { Objects.requireNonNull(id, "id"); }
        public WyomingEvent toEvent() { return new WyomingEvent("timer-finished", map("id", id)); }
    }

    /** Any type wakegate does not use (detect, streaming TTS and transcripts, intents, …): logged at debug and ignored. */
    record Unknown(String type) implements WyomingMessage {
        public WyomingEvent toEvent() { return new WyomingEvent(type); }
    }

    /** Decodes an event; unknown types become {@link Unknown}, wrong field types a frame-level ProtocolException. */
    static WyomingMessage decode(WyomingEvent e) throws ProtocolException {
        var f = new Fields(e);
        return switch (e.type()) {
            case "describe" -> new Describe();
            case "info" -> new Info(e.data());
            case "run-satellite" -> new RunSatellite();
            case "pause-satellite" -> new PauseSatellite();
            case "ping" -> new Ping(f.optString("text"));
            case "pong" -> new Pong(f.optString("text"));
            case "detection" -> new Detection(f.optString("name"), f.optLong("timestamp"));
            case "run-pipeline" -> new RunPipeline(PipelineStage.fromWire(f.string("start_stage")),
                    PipelineStage.fromWire(f.string("end_stage")), f.optString("wake_word_name"), f.optBool("restart_on_end"));
            case "audio-start" -> new AudioStart(f.format(), f.optLong("timestamp"));
            case "audio-chunk" -> new AudioChunk(f.format(), f.optLong("timestamp"), e.payload());
            case "audio-stop" -> new AudioStop(f.optLong("timestamp"));
            case "transcribe" -> new Transcribe(f.optString("language"));
            case "transcript" -> new Transcript(f.string("text"), f.optString("language"));
            case "voice-started" -> new VoiceStarted(f.optLong("timestamp"));
            case "voice-stopped" -> new VoiceStopped(f.optLong("timestamp"));
            case "synthesize" -> new Synthesize(f.optString("text"));
            case "error" -> new ErrorMessage(f.string("text"), f.optString("code"));
            case "played" -> new Played();
            case "timer-started" -> new TimerStarted(f.string("id"), f.longValue("total_seconds"), f.optString("name"),
                    f.optLong("start_hours"), f.optLong("start_minutes"), f.optLong("start_seconds"));
            case "timer-updated" -> new TimerUpdated(f.string("id"), f.bool("is_active"), f.longValue("total_seconds"));
            case "timer-cancelled" -> new TimerCancelled(f.string("id"));
            case "timer-finished" -> new TimerFinished(f.string("id"));
            default -> new Unknown(e.type());
        };
    }

    private static Map<String, Object> formatData(PcmFormat format, Long timestamp) {
        return map("rate", format.rate(), "width", format.width(), "channels", format.channels(), "timestamp", timestamp);
    }

    /** An ordered, mutable map from key/value pairs; null values are kept (the Python library writes them too). */
    static Map<String, Object> map(Object... keyValues) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    /** Typed access to an event's data; a wrong type is a frame-level error. */
    final class Fields {
        private final String type;
        private final Map<String, Object> data;

        Fields(WyomingEvent e) {
            this.type = e.type();
            this.data = e.data();
        }

        String string(String key) throws ProtocolException {
            String s = optString(key);
            if (s == null) throw wrong(key, "is missing");
            return s;
        }

        String optString(String key) throws ProtocolException {
            Object v = data.get(key);
            if (v == null || v instanceof String) return (String) v;
            throw wrong(key, "is not a string");
        }

        Long optLong(String key) throws ProtocolException {
            Object v = data.get(key);
            if (v == null) return null;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
            if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return d.longValue();
            if (v instanceof BigInteger) throw wrong(key, "is out of range");
            throw wrong(key, "is not an integer");
        }

        long longValue(String key) throws ProtocolException {
            Long v = optLong(key);
            if (v == null) throw wrong(key, "is missing");
            return v;
        }

        int integer(String key) throws ProtocolException {
            Long v = optLong(key);
            if (v == null) throw wrong(key, "is missing");
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw wrong(key, "is out of range");
            return v.intValue();
        }

        boolean bool(String key) throws ProtocolException {
            if (data.get(key) == null) throw wrong(key, "is missing");
            return optBool(key);
        }

        boolean optBool(String key) throws ProtocolException {
            Object v = data.get(key);
            if (v == null) return false;
            if (v instanceof Boolean b) return b;
            throw wrong(key, "is not true/false");
        }

        PcmFormat format() throws ProtocolException {
            int rate = integer("rate"), width = integer("width"), channels = integer("channels");
            try {
                return new PcmFormat(rate, width, channels);
            } catch (IllegalArgumentException ex) {
                throw ProtocolException.frame("'" + type + "': " + ex.getMessage());
            }
        }

        private ProtocolException wrong(String key, String problem) {
            return ProtocolException.frame("'" + type + "': '" + key + "' " + problem);
        }
    }
}
