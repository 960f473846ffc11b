package dev.wakegate.testing;

import dev.wakegate.audio.ShortArraySource;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.detect.template.TemplateDetector;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.vad.EnergyVad;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Templates enrolled from the shared takes, and the template engine run over audio the way {@code scan} runs it. */
public final class Engine {
    /** The CLI's defaults (EngineOptions): two frames under threshold, 1 s refractory. */
    public static final int TRIGGER_FRAMES = 2;
    public static final double REFRACTORY_SECONDS = 1.0;
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static final Map<String, WakeTemplate> CACHE = new ConcurrentHashMap<>();

    private Engine() {}

    public static Enroller.Recording recording(Path wav) {
        return new Enroller.Recording(wav.getFileName().toString(), TestData.samples(wav));
    }

    /** "hey-computer" enrolled from {@code corpus/dev/<voice>/enroll/1-3.wav} (enrolled once per test run). */
    public static WakeTemplate heyComputer(String voice) {
        return CACHE.computeIfAbsent("dev/" + voice, k -> new Enroller(CLOCK).enroll("hey-computer",
                TestData.enrollTakes(voice).stream().map(Engine::recording).toList()).template());
    }

    /** {@link #heyComputer} written as a template file in {@code dir}, for the command line's {@code --model}. */
    public static Path heyComputerFile(String voice, Path dir) {
        Path file = dir.resolve(voice + ".json");
        if (Files.exists(file)) return file;
        try {
            TemplateFile.write(heyComputer(voice), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * {@link #heyComputer} with its takes also kept as speech embeddings (what {@code enroll} makes where the feature
     * models in {@code features} run), written as {@code <voice>.embeddings.json} in {@code dir}.
     */
    public static Path heyComputerWithEmbeddingsFile(String voice, Path features, Path dir) {
        Path file = dir.resolve(voice + ".embeddings.json");
        if (Files.exists(file)) return file;
        var recordings = TestData.enrollTakes(voice).stream().map(Engine::recording).toList();
        var template = EmbeddingTemplates.withEmbeddings(heyComputer(voice), features, recordings);
        if (!template.hasEmbeddings()) throw new IllegalStateException("no feature models in " + features);
        try {
            TemplateFile.write(template, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** "hey-mycroft" enrolled from the three real takes in {@code real/raven-templates/hey-mycroft}. */
    public static WakeTemplate heyMycroft() {
        return CACHE.computeIfAbsent("raven/hey-mycroft", k -> new Enroller(CLOCK).enroll("hey-mycroft",
                List.of(0, 1, 2).stream().map(i -> recording(TestData.file("real/raven-templates/hey-mycroft/hey-mycroft-0" + i + ".wav"))).toList())
                .template());
    }

    public static TemplateDetector detector(WakeTemplate template, double sensitivity) {
        return new TemplateDetector(List.of(template), List.of(Sensitivity.of(sensitivity)), TRIGGER_FRAMES, REFRACTORY_SECONDS);
    }

    /** Runs {@code detector} over {@code audio} through ring, VAD and detection stage; returns what it found. */
    public static List<Detection> scan(WakeDetector detector, short[] audio) {
        var found = new ArrayList<Detection>();
        try {
            new StreamScanner(detector, new EnergyVad()).scan(new ShortArraySource("test", audio), heard -> found.add(heard.detection()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Detections whose span overlaps {@code span} (seconds). */
    public static List<Detection> overlapping(List<Detection> found, Labels.Span span) {
        return found.stream().filter(d -> span.overlaps(d.startSeconds(), d.endSeconds())).toList();
    }
}
