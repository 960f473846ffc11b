package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.NoisyStreams;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.testing.WavFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template confirmation of the default features ({@code auto}, and {@code light}, which detects on log mel spectra
 * alone): where the template holds speech embeddings of the feature models that run here, it checks both feature sets,
 * as {@code --template-features both} does; everywhere else it is the log-mel confirmation, as before, and nothing is
 * refused. With the template confirmation on, the default also detects on the speech embeddings ({@code either},
 * {@code EitherTemplateFeaturesTest}); without it, it detects on log mel alone. In noise, where the speech
 * embeddings of three clean takes refuse the enrolled voice itself, they are compared with the takes heard through the
 * candidate's background ({@code EmbeddingsInNoiseTest}). flite kal16's stream is the specimen for near misses: log mel
 * alone confirms some of its "hey come pewter", both feature sets none.
 */
class DefaultTemplateFeaturesTest {
    private static final String VOICE = "flite_kal16";
    private static final String FEATURES = OwwTestData.MODELS.toString();

    @TempDir
    Path dir;

    /** Detections of {@code scan --json} in {@code inputs}, with {@code options}; the default features unless they name some. */
    private static List<Map<String, Object>> scan(Path template, List<Path> inputs, String... options) throws Exception {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", template.toString()));
        args.addAll(List.of(options));
        inputs.forEach(f -> args.add(f.toString()));
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return JsonLines.parse(run.outLines());
    }

    /** As {@link #scan(Path, List, String...)}, on the voice's stream. */
    private static List<Map<String, Object>> scan(Path template, String... options) throws Exception {
        return scan(template, List.of(Labels.streamWav(VOICE)), options);
    }

    /** What the template confirmation accepts on the voice's stream, with {@code features} (null: the default). */
    private static List<Map<String, Object>> confirmed(Path template, String features, String featureModels) throws Exception {
        var options = new ArrayList<>(List.of("--oww-features", featureModels, "--confirm", "template"));
        if (features != null) options.addAll(List.of("--template-features", features));
        return scan(template, options.toArray(String[]::new));
    }

    @Test
    void aTemplateWithSpeechEmbeddingsIsConfirmedOnBothFeatureSets() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        var byDefault = confirmed(template, "light", FEATURES);
        var logMel = confirmed(template, "mfcc", FEATURES);
        assertEquals(confirmed(template, "both", FEATURES), byDefault);
        assertNotEquals(logMel, byDefault, "test setup: both feature sets refuse something log mel alone confirms");
        assertTrue(byDefault.size() < logMel.size(), "default " + byDefault.size() + ", log mel alone " + logMel.size());
    }

    /** The files among flite slt's 20 dev positives (clean, and in noise at 5-20 dB) in which the word is confirmed. */
    private static Set<Object> positivesFound(Path template, String... options) throws Exception {
        List<Path> positives;
        try (var files = Files.list(Labels.streamWav("flite_slt").resolveSibling("positives"))) {
            positives = files.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
        }
        var args = new ArrayList<>(List.of("--oww-features", FEATURES, "--confirm", "template"));
        args.addAll(List.of(options));
        return scan(template, positives, args.toArray(String[]::new)).stream().map(d -> d.get("file")).collect(Collectors.toSet());
    }

    @Test
    void inNoiseTheDefaultKeepsTheEnrolledVoiceWhichBothFeatureSetsWouldRefuse() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile("flite_slt", OwwTestData.MODELS, dir);
        var byDefault = positivesFound(template);
        var both = positivesFound(template, "--template-features", "both");
        assertEquals(positivesFound(template, "--template-features", "mfcc"), byDefault, "the takes heard through the noise keep what log mel keeps");
        assertTrue(byDefault.containsAll(both) && both.size() < byDefault.size(), "both " + both.size() + ", default " + byDefault.size());
    }

    @Test
    void inNoiseTheTakesHeardThroughItRefuseWhatLogMelAloneTakesAndATemplateWithoutTheirMelFramesDoesAsBefore() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        Path older = dir.resolve("without-mel-frames.json");
        String json = Files.readString(template);
        String stripped = json.replaceAll(", \"embedding_mel\": \\[[-0-9.,\\[\\]\\s]+\\]\\s*\\]", "");
        assertTrue(json.contains("embedding_mel") && !stripped.contains("embedding_mel"), "test setup: the mel frames removed");
        Files.writeString(older, stripped);
        List<Path> noisy = List.of(WavFixtures.internal(NoisyStreams.stream(VOICE, NoisyStreams.EXERCISE_BIKE, 10)).writeTo(dir, "bike.wav"));
        String[] confirm = {"--oww-features", FEATURES, "--confirm", "template"};
        var logMel = starts(scan(template, noisy, concat(confirm, "--template-features", "mfcc")));
        var byDefault = starts(scan(template, noisy, concat(confirm, "--template-features", "light")));
        assertTrue(logMel.containsAll(byDefault) && byDefault.size() < logMel.size(), "light " + byDefault + ", log mel " + logMel);
        assertEquals(logMel, starts(scan(older, noisy, concat(confirm, "--template-features", "light"))),
                "without the takes' mel frames, log mel alone decides in noise");

        String verbose = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(dir.resolve("home"),
                concat(new String[]{"scan", "-v", "--model", older.toString()}, concat(confirm, Labels.streamWav(VOICE).toString()))));
        assertTrue(verbose.contains("in noise too once the template is enrolled again"), verbose);
        assertTrue(verbose.contains("detection on log mel spectra and on speech embeddings"), verbose);
        assertTrue(verbose.contains("speech embeddings computed step by step"), "scripts/arm-check.sh looks for this line: " + verbose);
    }

    @Test
    void aTemplateWithoutSpeechEmbeddingsIsDetectedOnLogMelAloneAndRunSaysWhy() throws Exception {
        Path template = Engine.heyComputerFile(VOICE, dir);
        String verbose = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(dir.resolve("home"), "scan", "-v", "--model", template.toString(),
                "--oww-features", FEATURES, "--confirm", "template", Labels.streamWav(VOICE).toString()));
        assertTrue(verbose.contains("detection on log mel spectra only: " + template + " holds no speech embeddings"), verbose);
    }

    /** Where each confirmed word starts (the confirmation's score differs between feature sets). */
    private static List<Object> starts(List<Map<String, Object>> detections) {
        return detections.stream().map(d -> d.get("start")).toList();
    }

    private static String[] concat(String[] a, String... b) {
        var all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void aTemplateWithoutSpeechEmbeddingsIsConfirmedOnLogMelAsBefore() throws Exception {
        Path template = Engine.heyComputerFile(VOICE, dir);
        assertEquals(confirmed(template, "mfcc", FEATURES), confirmed(template, null, FEATURES));
    }

    @Test
    void whereTheFeatureModelsAreNotThereTheConfirmationIsLogMelAndNothingIsRefused() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        Path empty = Files.createDirectory(dir.resolve("no-feature-models"));
        assertEquals(confirmed(template, "mfcc", FEATURES), confirmed(template, null, empty.toString()));
    }

    @Test
    void aTemplateEnrolledWithAnotherEmbeddingModelIsConfirmedOnLogMelWhereBothIsRefused() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        Path other = dir.resolve("other-model.json");
        String json = Files.readString(template);
        String changed = json.replaceFirst("\"model_sha256\": \"[0-9a-f]{64}\"", "\"model_sha256\": \"" + "0".repeat(64) + "\"");
        assertNotEquals(json, changed, "test setup: the template names its embedding model");
        Files.writeString(other, changed);
        assertEquals(confirmed(template, "mfcc", FEATURES), confirmed(other, null, FEATURES));
        var both = Cli.run("scan", "--model", other.toString(), "--template-features", "both", "--oww-features", FEATURES,
                "--confirm", "template", Labels.streamWav(VOICE).toString());
        assertEquals(1, both.exit(), both.toString());
        assertTrue(both.err().contains("another embedding model"), both.toString());
    }

    @Test
    void scanWithoutAConfirmationIsTheLogMelDetectorByDefaultNotARefusal() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        var detector = scan(template, "--oww-features", FEATURES);
        assertEquals(scan(template, "--template-features", "mfcc", "--oww-features", FEATURES), detector);
        assertTrue(detector.size() >= Labels.streamWakes(VOICE).size() - 1, detector.size() + " detections");
    }
}
