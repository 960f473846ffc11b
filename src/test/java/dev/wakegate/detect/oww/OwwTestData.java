package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.testing.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** The openWakeWord models and clips in the shared test material ({@link TestData#shared()}); read there, never copied. */
public final class OwwTestData {
    public static final Path SHARED = TestData.shared();
    public static final Path MODELS = SHARED.resolve("models/openwakeword");
    public static final Path OWW_CLIPS = SHARED.resolve("real/openwakeword-tests");
    public static final Path ALEXA_CLIPS = SHARED.resolve("real/picovoice-benchmark/alexa");
    public static final String ALEXA = "alexa_v0.1", HEY_MYCROFT = "hey_mycroft_v0.1", HEY_JARVIS = "hey_jarvis_v0.1";

    private OwwTestData() {}

    public static Path model(String word) {
        return MODELS.resolve(word + ".onnx");
    }

    public static OwwModels open(String... words) {
        return OwwModels.open(MODELS, Arrays.stream(words).map(OwwTestData::model).toList());
    }

    /** A detector with the default decision ({@link OwwDecision#DEFAULT}). */
    public static OwwDetector detector(double sensitivity, String... words) {
        return detector(OwwDecision.DEFAULT, sensitivity, words);
    }

    public static OwwDetector detector(OwwDecision decision, double sensitivity, String... words) {
        var m = open(words);
        return new OwwDetector(m.features(), m.wakeModels(), Collections.nCopies(words.length, Sensitivity.of(sensitivity)), decision);
    }

    /** {@code x} with digital silence around it, as openWakeWord's {@code predict_clip} pads clips (1 s each side). */
    public static short[] padded(short[] x, double beforeSeconds, double afterSeconds) {
        int before = (int) Pcm.samples(beforeSeconds);
        short[] out = new short[before + x.length + (int) Pcm.samples(afterSeconds)];
        System.arraycopy(x, 0, out, before, x.length);
        return out;
    }

    /** The sorted WAV files of a folder. */
    public static List<Path> wavs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wav")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
