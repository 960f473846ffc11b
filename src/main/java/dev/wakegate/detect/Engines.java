package dev.wakegate.detect;

import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwDetector;
import dev.wakegate.detect.oww.OwwModels;
import dev.wakegate.detect.template.Cohort;
import dev.wakegate.detect.template.EitherFeatureSet;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.TemplateDetector;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.detect.vosk.VoskDetector;
import dev.wakegate.detect.vosk.VoskModels;
import dev.wakegate.internal.UserError;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds wake-word detectors from an {@link EngineSpec}: the one place that knows every engine's classes and defaults.
 * What it loads for one command is shared: a Vosk model opened for the detector serves a Vosk confirmer too, openWakeWord's
 * feature models are opened once per folder, and the template files are read once. Close it once the stages are built
 * (the stages keep what they use).
 */
public final class Engines implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engines.class);
    private final VoskModels voskModels = new VoskModels();
    private final Map<Path, FeatureModels> featureModels = new HashMap<>();
    private final Map<String, Optional<Cohort>> cohorts = new HashMap<>();
    private final boolean sameAudio;
    private List<WakeTemplate> templates;
    private List<Path> templatesReadFrom;

    /** For stages that each hear their own audio: {@code run}, {@code scan}. */
    public Engines() {
        this(false);
    }

    /**
     * @param sameAudio the detectors built will all hear the same audio on one thread ({@code tune}'s one per
     *                  sensitivity): the feature models answer a run another detector already made from memory
     *                  ({@link FeatureModels#rememberRuns})
     */
    public Engines(boolean sameAudio) {
        this.sameAudio = sameAudio;
    }

    /** openWakeWord's feature models in {@code dir}, opened once per command and shared: the caller closes its share. */
    public FeatureModels featureModels(Path dir) {
        var models = featureModels.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            var opened = FeatureModels.open(dir);
            if (sameAudio) opened.rememberRuns();
            log.info(opened.streams() ? "speech embeddings computed step by step (the embedding model re-cut to compute what is new in each window)"
                    : "speech embeddings computed window by window: the embedding model in {} could not be re-cut to run step by step", opened.source());
            return opened;
        });
        return models.share();
    }

    public WakeDetector detector(EngineSpec spec) {
        return switch (spec.engine()) {
            case template -> template(spec);
            case vosk -> vosk(spec);
            case oww -> oww(spec);
        };
    }

    /** The Vosk models opened so far, one per directory. */
    public VoskModels voskModels() {
        return voskModels;
    }

    /**
     * The template files, read once for the detector, a template confirmer and the phrases ({@code tune} builds a detector
     * per sensitivity). Templates are only read from, so all of them may share one copy.
     */
    public List<WakeTemplate> templates(List<Path> files) {
        if (templates == null || !files.equals(templatesReadFrom)) {
            templates = files.stream().map(TemplateFile::read).toList();
            templatesReadFrom = List.copyOf(files);
        }
        return templates;
    }

    /** The wake phrases, normalised; a repeated phrase is a {@link UserError}. */
    public static List<Phrase> phrases(EngineSpec spec) {
        List<Phrase> parsed = spec.phrases().stream().map(Phrase::parse).toList();
        if (parsed.stream().map(Phrase::text).distinct().count() != parsed.size())
            throw new UserError("a wake phrase is given twice (" + parsed + "). Fix: give each --phrase once");
        return parsed;
    }

    /** The sensitivity of each of {@code count} wake words. */
    static List<Sensitivity> sensitivitiesFor(EngineSpec spec, int count) {
        var given = spec.sensitivities();
        if (given.isEmpty()) return Collections.nCopies(count, Sensitivity.DEFAULT);
        if (given.size() == 1) return Collections.nCopies(count, given.get(0));
        if (given.size() != count)
            throw new UserError(given.size() + " sensitivities for " + count + " wake words. Fix: give one --sensitivity, or one per wake word");
        return given;
    }

    private WakeDetector template(EngineSpec spec) {
        if (spec.templates().isEmpty())
            throw new UserError("the template engine needs a wake word. Fix: --model FILE (make one with 'wakegate enroll')");
        List<WakeTemplate> read = templates(spec.templates());
        var names = new HashSet<String>();
        for (var t : read)
            if (!names.add(t.name())) throw new UserError("two templates are both named '" + t.name() + "'. Fix: enroll one under another --name");
        var sensitivities = sensitivitiesFor(spec, read.size());
        List<String> sources = spec.templates().stream().map(Path::toString).toList();
        if (spec.templateFeatures() == EngineSpec.TemplateFeatures.embedding)
            return embeddingDetector(spec, read, sources, sensitivities);
        var logMel = new TemplateDetector(read, sensitivities, EngineSpec.TRIGGER_FRAMES, EngineSpec.DETECTOR_REFRACTORY_SECONDS);
        return switch (spec.templateFeatures()) {
            case either -> {
                String whyNot = EmbeddingTemplates.whyNotHere(spec.owwFeatures(), read, sources);
                if (whyNot != null)
                    throw new UserError("--template-features either also detects on speech embeddings, but " + whyNot + ". Fix: --template-features auto");
                yield new EitherFeatureSet(logMel, embeddingDetector(spec, read, sources, sensitivities));
            }
            case auto -> alsoOnEmbeddingsWhereTheyRun(logMel, spec, read, sources, sensitivities);
            default -> logMel;
        };
    }

    /**
     * The default: {@code either} where the templates' speech embeddings can be asked (they are there, made with the
     * feature models in use, and ONNX Runtime runs here), else the log-mel detector alone, said at start with -v.
     */
    private WakeDetector alsoOnEmbeddingsWhereTheyRun(WakeDetector logMel, EngineSpec spec, List<WakeTemplate> read, List<String> sources,
                                                     List<Sensitivity> sensitivities) {
        String whyNot = EmbeddingTemplates.whyNotHere(spec.owwFeatures(), read, sources);
        if (whyNot == null) {
            var features = featureModels(spec.owwFeatures());
            var embeddings = EmbeddingTemplates.detectorIfMatching(features, cohort(features), read, sources, sensitivities);
            if (embeddings != null) {
                log.info("detection on log mel spectra and on speech embeddings");
                return new EitherFeatureSet(logMel, embeddings);
            }
            whyNot = "a template's speech embeddings were made with another embedding model (enroll it again)";
        }
        log.info("detection on log mel spectra only: {}", whyNot);
        return logMel;
    }

    private WakeDetector embeddingDetector(EngineSpec spec, List<WakeTemplate> read, List<String> sources, List<Sensitivity> sensitivities) {
        var features = featureModels(spec.owwFeatures());
        return EmbeddingTemplates.detector(features, cohort(features), read, sources, sensitivities);
    }

    private WakeDetector vosk(EngineSpec spec) {
        if (!spec.templates().isEmpty())
            throw new UserError("--model is a template file for the template engine. Fix: the vosk engine takes --model-dir DIR and --phrase TEXT");
        if (spec.voskModelDir() == null)
            throw new UserError("the vosk engine needs a model. Fix: --model-dir models/vosk-model-small-en-us-0.15"
                    + " (get it with scripts/fetch-model.sh vosk-model-small-en-us-0.15)");
        if (spec.phrases().isEmpty()) throw new UserError("the vosk engine needs a wake phrase. Fix: --phrase \"hey computer\"");
        List<Phrase> wake = phrases(spec);
        var sensitivities = sensitivitiesFor(spec, wake.size());
        var model = voskModels.open(spec.voskModelDir(), spec.decoder(), wake, true);
        return new VoskDetector(model.grammarDecoder(wake), wake, sensitivities);
    }

    private WakeDetector oww(EngineSpec spec) {
        if (spec.owwModels().isEmpty())
            throw new UserError(!spec.templates().isEmpty()
                    ? "--model takes template files; the oww engine reads --oww-model. Fix: --oww-model FILE.onnx"
                    : "the oww engine needs a wake model. Fix: --oww-model models/openwakeword/alexa_v0.1.onnx"
                            + " (get it with scripts/fetch-model.sh alexa_v0.1)");
        var sensitivities = sensitivitiesFor(spec, spec.owwModels().size());
        if (spec.owwTriggerSteps() < 1 || spec.owwTriggerSteps() > 25)
            throw new UserError("--oww-trigger-level " + spec.owwTriggerSteps() + " is outside 1-25. Fix: use e.g. --oww-trigger-level 2");
        return withOwwModels(spec.owwFeatures(), spec.owwModels(), loaded -> new OwwDetector(loaded.features(), loaded.wakeModels(),
                sensitivities, OwwDecision.DEFAULT.withTriggerSteps(spec.owwTriggerSteps())));
    }

    /** Opens openWakeWord models for {@code build}, which owns them once it returns; if it throws, they are closed here. */
    public <T> T withOwwModels(Path features, List<Path> wakeModels, Function<OwwModels, T> build) {
        var loaded = OwwModels.open(features, wakeModels, this::featureModels);
        try {
            return build.apply(loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * The built-in cohort of ordinary words for the embedding model of {@code models}, read once per command, or null
     * (said at start with -v) when it was made with another embedding model.
     */
    public Cohort cohort(FeatureModels models) {
        return cohorts.computeIfAbsent(models.embeddingSha256(), sha -> {
            var cohort = Optional.ofNullable(Cohort.builtInFor(sha));
            if (cohort.isEmpty())
                log.info("speech-embedding limits from the takes' agreement alone: the built-in cohort was made with another embedding model than {}", models.source());
            return cohort;
        }).orElse(null);
    }

    @Override
    public void close() {
        voskModels.close();
        featureModels.values().forEach(FeatureModels::close);
        featureModels.clear();
    }
}
