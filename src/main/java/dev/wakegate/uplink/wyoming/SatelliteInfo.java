package dev.wakegate.uplink.wyoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How this satellite describes itself in {@code info} (the shape of wyoming 1.6+ {@code Info}/{@code Satellite}):
 * its name and area, that it has its own voice activity detector, that it never lets the server start a
 * pipeline remotely ({@code supports_trigger: false}: audio leaves only after a local wake word), its wake
 * words (active and as a {@code wake} program whose models carry the spoken phrase, which Home Assistant uses to
 * tell satellites apart), and its microphone format.
 *
 * @param name      shown in Home Assistant
 * @param area      suggested area, or null
 * @param wakeWords wake word names as the detector reports them (e.g. "hey-computer")
 * @param version   wakegate's version
 */
public record SatelliteInfo(String name, String area, List<String> wakeWords, String version) {
    private static final Map<String, Object> ATTRIBUTION = Map.of("name", "wakegate", "url", "");

    public SatelliteInfo {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("the satellite name is empty");
        wakeWords = List.copyOf(wakeWords);
        version = version == null ? "" : version;
    }

    /** "hey-computer" and "hey_computer" are spoken "hey computer". */
    static String phrase(String wakeWord) {
        return wakeWord.replace('-', ' ').replace('_', ' ').strip();
    }

    WyomingMessage.Info toInfo() {
        var models = new ArrayList<Map<String, Object>>();
        for (String word : wakeWords) {
            models.add(artifact(word, "wake word '" + phrase(word) + "'", "languages", List.of(), "phrase", phrase(word)));
        }
        var satellite = artifact(name, name,
                "area", area,
                "has_vad", true,
                "active_wake_words", wakeWords,
                "max_active_wake_words", wakeWords.size(),
                "supports_trigger", false);
        return new WyomingMessage.Info(WyomingMessage.map(
                "asr", List.of(), "tts", List.of(), "handle", List.of(), "intent", List.of(),
                "wake", List.of(artifact("wakegate", "local wake word detection with a second local check", "models", models)),
                "mic", List.of(artifact("wakegate-mic", "audio after a confirmed wake word", "mic_format",
                        Map.of("rate", PcmFormat.MIC.rate(), "width", PcmFormat.MIC.width(), "channels", PcmFormat.MIC.channels()))),
                "snd", List.of(),
                "satellite", satellite));
    }

    private Map<String, Object> artifact(String artifactName, String description, Object... more) {
        var m = WyomingMessage.map("name", artifactName, "attribution", ATTRIBUTION, "installed", true,
                "description", description, "version", version);
        m.putAll(WyomingMessage.map(more));
        return m;
    }
}
