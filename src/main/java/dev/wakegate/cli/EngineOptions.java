package dev.wakegate.cli;

import dev.wakegate.detect.WakeDetector;
import dev.wakegate.detect.oww.EmbeddingTemplate;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwDetector;
import dev.wakegate.detect.oww.OwwModels;
import dev.wakegate.detect.template.TemplateDetector;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.detect.vosk.DecoderSettings;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.detect.vosk.VoskDetector;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Which wake-word engine runs, on which models, how sensitive: shared by scan, run, listen and tune. */
final class EngineOptions {
    static final double DEFAULT_SENSITIVITY = 0.5;
    /** One utterance gives one detection: a word that fired stays quiet this long. */
    static final double DETECTOR_REFRACTORY_SECONDS = 1.0;
    static final int TRIGGER_FRAMES = 2;
    static final String OWW_FEATURES_DEFAULT = "models/openwakeword";

    enum Engine { template, oww, vosk }

    /** How the template engine matches the takes. */
    enum TemplateFeatures { mfcc, embedding }

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "template", descriptionKey = "engine",
            description = "Wake-word engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Engine engine;

    @Option(names = "--model", paramLabel = "FILE", split = ",", descriptionKey = "model",
            description = "Template file made by 'wakegate enroll' (template engine). Repeat for several wake words.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--template-features", paramLabel = "KIND", defaultValue = "mfcc", descriptionKey = "template-features",
            description = "Template engine: mfcc matches the takes' log mel spectra (no download; best for the enrolled"
                    + " voice, in noise, and fastest); embedding matches them as speech embeddings, which also finds the word in"
                    + " other voices (needs the feature models in --oww-features and a template enrolled with them; about 10x"
                    + " the CPU). Default: ${DEFAULT-VALUE}.")
    TemplateFeatures templateFeatures;

    @Option(names = "--model-dir", paramLabel = "DIR", descriptionKey = "model-dir",
            description = "Vosk model directory (vosk engine; also --confirm vosk unless --confirm-model-dir)."
                    + " Get one with scripts/fetch-model.sh vosk-model-small-en-us-0.15.")
    Path modelDir;

    @Option(names = "--phrase", paramLabel = "TEXT", descriptionKey = "phrase",
            description = "Wake phrase as text, e.g. \"hey computer\" (vosk engine, --confirm vosk). Repeat for several."
                    + " Every word must be in the model's vocabulary.")
    List<String> phrases = new ArrayList<>();

    @Option(names = "--vosk-beam", paramLabel = "B", descriptionKey = "vosk-beam",
            description = "Vosk decoder beam (the model's conf/model.conf --beam, often 10-13). Smaller is faster on a small Pi, and misses more.")
    Double voskBeam;

    @Option(names = "--vosk-max-active", paramLabel = "N", descriptionKey = "vosk-max-active",
            description = "Vosk decoder max active states (--max-active, often 3000-7000); at least the model's --min-active.")
    Integer voskMaxActive;

    @Option(names = "--vosk-lattice-beam", paramLabel = "B", descriptionKey = "vosk-lattice-beam",
            description = "Vosk lattice beam (--lattice-beam, often 2-6); it bounds the alternatives word confidences are computed over.")
    Double voskLatticeBeam;

    @Option(names = "--oww-model", paramLabel = "FILE.onnx", descriptionKey = "oww-model",
            description = "openWakeWord wake model (oww engine), e.g. models/openwakeword/alexa_v0.1.onnx; the wake word is named"
                    + " after the file (alexa_v0.1). Repeat for several wake words. Get one with scripts/fetch-model.sh.")
    List<Path> owwModels = new ArrayList<>();

    @Option(names = "--oww-features", paramLabel = "DIR", descriptionKey = "oww-features", defaultValue = OWW_FEATURES_DEFAULT,
            description = "Folder with openWakeWord's feature models melspectrogram.onnx and embedding_model.onnx"
                    + " (oww engine and confirmer). Default: ${DEFAULT-VALUE}.")
    Path owwFeatures;

    @Option(names = "--oww-trigger-level", paramLabel = "STEPS", descriptionKey = "oww-trigger-level",
            defaultValue = "" + OwwDetector.DEFAULT_TRIGGER_STEPS,
            description = "oww engine: 80 ms steps in a row at or above the threshold before a wake word fires"
                    + " (openWakeWord: 1, openWakeWord-cpp: 4). Higher = fewer false wakes, fewer detections in noise. Default: ${DEFAULT-VALUE}.")
    int owwTriggerLevel;

    @Option(names = "--sensitivity", paramLabel = "S", split = ",", descriptionKey = "sensitivity",
            description = "0-1, higher = more detections (and more false wakes). One value for all wake words, or one per"
                    + " wake word in order (repeat or comma-separate). Default: " + DEFAULT_SENSITIVITY + "."
                    + " oww engine: threshold = 1 - sensitivity (0.5 is openWakeWord's default threshold).")
    List<Double> sensitivities = new ArrayList<>();

    /** The sensitivity of each of {@code count} wake words, checked. */
    List<Double> sensitivitiesFor(int count) {
        for (double s : sensitivities) requireZeroToOne("--sensitivity", s, "use e.g. --sensitivity 0.5");
        if (sensitivities.isEmpty()) return java.util.Collections.nCopies(count, DEFAULT_SENSITIVITY);
        if (sensitivities.size() == 1) return java.util.Collections.nCopies(count, sensitivities.get(0));
        if (sensitivities.size() != count)
            throw new UserError(sensitivities.size() + " sensitivities for " + count + " wake words. Fix: give one --sensitivity, or one per wake word");
        return List.copyOf(sensitivities);
    }

    WakeDetector build() {
        try (var voskModels = new VoskModels()) {
            return build(voskModels);
        }
    }

    /** Builds the detector; a Vosk model it opens stays in {@code voskModels} for a Vosk confirmer to share. */
    WakeDetector build(VoskModels voskModels) {
        return switch (engine) {
            case template -> template();
            case vosk -> vosk(voskModels);
            case oww -> oww();
        };
    }

    /** The --phrase values, normalised; a repeated phrase is a {@link UserError}. */
    List<Phrase> phrases() {
        List<Phrase> parsed = phrases.stream().map(Phrase::parse).toList();
        if (parsed.stream().map(Phrase::text).distinct().count() != parsed.size())
            throw new UserError("a wake phrase is given twice (" + parsed + "). Fix: give each --phrase once");
        return parsed;
    }

    DecoderSettings decoderSettings() {
        return new DecoderSettings(voskBeam, voskMaxActive, voskLatticeBeam);
    }

    private WakeDetector vosk(VoskModels voskModels) {
        if (!models.isEmpty())
            throw new UserError("--model is a template file for the template engine. Fix: the vosk engine takes --model-dir DIR and --phrase TEXT");
        if (modelDir == null)
            throw new UserError("the vosk engine needs a model. Fix: --model-dir models/vosk-model-small-en-us-0.15"
                    + " (get it with scripts/fetch-model.sh vosk-model-small-en-us-0.15)");
        if (phrases.isEmpty()) throw new UserError("the vosk engine needs a wake phrase. Fix: --phrase \"hey computer\"");
        List<Phrase> wake = phrases();
        List<Double> sensitivity = sensitivitiesFor(wake.size());
        var model = voskModels.open(modelDir, decoderSettings(), wake, true);
        return new VoskDetector(model.grammarDecoder(wake), wake, sensitivity);
    }

    private WakeDetector oww() {
        if (owwModels.isEmpty())
            throw new UserError(!models.isEmpty()
                    ? "--model takes template files; the oww engine reads --oww-model. Fix: --oww-model FILE.onnx"
                    : "the oww engine needs a wake model. Fix: --oww-model models/openwakeword/alexa_v0.1.onnx"
                            + " (get it with scripts/fetch-model.sh alexa_v0.1)");
        var sensitivities = sensitivitiesFor(owwModels.size());
        if (owwTriggerLevel < 1 || owwTriggerLevel > 25)
            throw new UserError("--oww-trigger-level " + owwTriggerLevel + " is outside 1-25. Fix: use e.g. --oww-trigger-level 2");
        return withOwwModels(owwFeatures, owwModels, loaded -> new OwwDetector(loaded.features(), loaded.wakeModels(), sensitivities,
                OwwDecision.DEFAULT.withTriggerSteps(owwTriggerLevel)));
    }

    private WakeDetector template() {
        if (models.isEmpty())
            throw new UserError("the template engine needs a wake word. Fix: --model FILE (make one with 'wakegate enroll')");
        List<WakeTemplate> templates = templates();
        var names = new java.util.HashSet<String>();
        for (var t : templates)
            if (!names.add(t.name())) throw new UserError("two templates are both named '" + t.name() + "'. Fix: enroll one under another --name");
        var sensitivities = sensitivitiesFor(templates.size());
        if (templateFeatures == TemplateFeatures.mfcc)
            return new TemplateDetector(templates, sensitivities, TRIGGER_FRAMES, DETECTOR_REFRACTORY_SECONDS);
        return withEmbeddingTemplates(owwFeatures, templates, models,
                (features, words) -> new OwwDetector(features, words, sensitivities, EMBEDDING_DECISION));
    }

    /**
     * Opens the feature models and reads each template as its speech embeddings for {@code build}, which owns the
     * models once it returns; if anything throws, they are closed here.
     *
     * @param sources the file each template was read from, for error messages
     */
    static <T> T withEmbeddingTemplates(Path features, List<WakeTemplate> templates, List<Path> sources,
                                        java.util.function.BiFunction<FeatureModels, List<EmbeddingTemplate>, T> build) {
        var opened = FeatureModels.open(features);
        try {
            var words = new ArrayList<EmbeddingTemplate>();
            for (int i = 0; i < templates.size(); i++) words.add(EmbeddingTemplate.of(templates.get(i), opened, sources.get(i).toString()));
            return build.apply(opened, words);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** How an embedding template's score becomes a detection: as for openWakeWord models, with the detector's refractory time. */
    static final OwwDecision EMBEDDING_DECISION = OwwDecision.DEFAULT;

    private List<WakeTemplate> templates;
    private List<Path> templatesReadFrom;

    /**
     * The --model templates, read once for the detector, a template confirmer and the phrases (tune builds a detector per
     * sensitivity). Templates are only read from, so all of them may share one copy.
     */
    List<WakeTemplate> templates() {
        if (templates == null || !models.equals(templatesReadFrom)) {
            templates = models.stream().map(TemplateFile::read).toList();
            templatesReadFrom = List.copyOf(models);
        }
        return templates;
    }

    /** Opens openWakeWord models for {@code build}, which owns them once it returns; if it throws, they are closed here. */
    static <T> T withOwwModels(Path features, List<Path> wakeModels, Function<OwwModels, T> build) {
        var loaded = OwwModels.open(features, wakeModels);
        try {
            return build.apply(loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** Refuses an option value outside 0-1; {@code fix} follows "Fix: ". */
    static void requireZeroToOne(String option, double value, String fix) {
        if (!(value >= 0 && value <= 1)) throw new UserError(option + " " + value + " is outside 0-1. Fix: " + fix);
    }
}
