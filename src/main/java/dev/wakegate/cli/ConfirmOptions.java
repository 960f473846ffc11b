package dev.wakegate.cli;

import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.OwwConfirmer;
import dev.wakegate.confirm.TemplateConfirmer;
import dev.wakegate.confirm.VoskConfirmer;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The second stage: which confirmer re-checks a candidate before anything may be sent. */
final class ConfirmOptions {
    /** The template confirmer's default: stricter than the detector's 0.5. */
    static final double DEFAULT_TEMPLATE_SENSITIVITY = 0.3;
    /** The Vosk confirmer's default: every phrase word needs conf ≥ 0.7 in the open-vocabulary transcript. */
    static final double DEFAULT_VOSK_SENSITIVITY = 0.3;
    /** The openWakeWord confirmer's default behind the oww engine: threshold 0.4 (see {@link OwwConfirmer#DEFAULT_SENSITIVITY}). */
    static final double DEFAULT_OWW_SENSITIVITY = OwwConfirmer.DEFAULT_SENSITIVITY;
    /** ... and behind the template or vosk engine: threshold 0.7. */
    static final double DEFAULT_OWW_SENSITIVITY_BEHIND_OTHER_ENGINES = OwwConfirmer.DEFAULT_SENSITIVITY_BEHIND_OTHER_ENGINES;

    enum Kind { template, oww, vosk, none }

    @Option(names = "--confirm", paramLabel = "ENGINE", descriptionKey = "confirm",
            description = "Second, stricter local check: ${COMPLETION-CANDIDATES}. Default for run (which never streams without one): the engine's own kind (template, oww, vosk); none for scan.")
    Kind kind;

    /** The confirmer chosen, or {@code fallback} when --confirm was not given. */
    Kind kindOr(Kind fallback) {
        return kind == null ? fallback : kind;
    }

    /** run's default second stage: the detector's own engine kind, a different and stricter look of the same family. */
    static Kind defaultFor(EngineOptions engine) {
        return switch (engine.engine) {
            case template -> Kind.template;
            case oww -> Kind.oww;
            case vosk -> Kind.vosk;
        };
    }

    @Option(names = "--confirm-model", paramLabel = "FILE", descriptionKey = "confirm-model",
            description = "Template file(s) for --confirm template. Default: the --model files of the template engine.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--confirm-model-dir", paramLabel = "DIR", descriptionKey = "confirm-model-dir",
            description = "Vosk model directory for --confirm vosk (a bigger model confirms better). Default: --model-dir.")
    Path modelDir;

    @Option(names = "--confirm-oww-model", paramLabel = "FILE.onnx", descriptionKey = "confirm-oww-model",
            description = "openWakeWord model(s) for --confirm oww; feature models from --oww-features. Default: the --oww-model files.")
    List<Path> owwModels = new ArrayList<>();

    @Option(names = "--confirm-sensitivity", paramLabel = "S", descriptionKey = "confirm-sensitivity",
            description = "0-1 for the confirmer; lower is stricter. Default: " + DEFAULT_TEMPLATE_SENSITIVITY + " for template, "
                    + DEFAULT_OWW_SENSITIVITY + " for oww behind --engine oww and " + DEFAULT_OWW_SENSITIVITY_BEHIND_OTHER_ENGINES
                    + " behind the other engines (threshold = 1 - sensitivity), "
                    + DEFAULT_VOSK_SENSITIVITY + " for vosk (every phrase word needs conf >= 1 - S).")
    Double sensitivity;

    /** Builds the confirmer ({@code fallback} when --confirm was not given); null for {@code none}. */
    Confirmer build(EngineOptions engine, Kind fallback) {
        try (var voskModels = new VoskModels()) {
            return build(engine, voskModels, fallback);
        }
    }

    /**
     * Builds the confirmer, sharing a Vosk model the detector opened in {@code voskModels}; null for {@code none}.
     * For {@code run} (fallback template), a lone vosk detector is refused; {@code scan} may evaluate it alone.
     */
    Confirmer build(EngineOptions engine, VoskModels voskModels, Kind fallback) {
        if (sensitivity != null) EngineOptions.requireZeroToOne("--confirm-sensitivity", sensitivity, "e.g. --confirm-sensitivity 0.3");
        return switch (kindOr(fallback)) {
            case none -> {
                if (engine.engine == EngineOptions.Engine.vosk && fallback != Kind.none)
                    throw new UserError("the vosk engine alone accepts words that merely sound like the phrase, so it needs a second stage."
                            + " Fix: --confirm vosk (or --confirm template with --confirm-model FILE)");
                yield null;
            }
            case template -> template(engine);
            case vosk -> vosk(engine, voskModels);
            case oww -> oww(engine);
        };
    }

    private Confirmer oww(EngineOptions engine) {
        List<Path> files = !owwModels.isEmpty() ? owwModels : engine.owwModels;
        if (files.isEmpty())
            throw new UserError("--confirm oww needs an openWakeWord model. Fix: --confirm-oww-model models/openwakeword/alexa_v0.1.onnx"
                    + " (get it with scripts/fetch-model.sh alexa_v0.1)");
        double s = sensitivity != null ? sensitivity
                : engine.engine == EngineOptions.Engine.oww ? DEFAULT_OWW_SENSITIVITY : DEFAULT_OWW_SENSITIVITY_BEHIND_OTHER_ENGINES;
        return EngineOptions.withOwwModels(engine.owwFeatures, files, loaded -> new OwwConfirmer(new OwwScorer(loaded.features(), loaded.wakeModels()), s));
    }

    private Confirmer template(EngineOptions engine) {
        List<WakeTemplate> templates = !models.isEmpty() ? models.stream().map(TemplateFile::read).toList()
                : engine.engine == EngineOptions.Engine.template ? engine.templates() : List.of();
        if (templates.isEmpty())
            throw new UserError("--confirm template needs a personal template. Fix: --confirm-model FILE (make one with 'wakegate enroll')");
        double s = sensitivity != null ? sensitivity : DEFAULT_TEMPLATE_SENSITIVITY;
        if (engine.templateFeatures == EngineOptions.TemplateFeatures.embedding) return embeddingTemplate(engine, templates, s);
        return new TemplateConfirmer(templates, s);
    }

    /**
     * With --template-features embedding the words are for other voices too, which the log-mel confirmation would
     * refuse: the candidate is scored afresh on the speech embeddings, over all four step grids, at the confirmer's
     * stricter sensitivity.
     */
    private Confirmer embeddingTemplate(EngineOptions engine, List<WakeTemplate> templates, double s) {
        List<Path> sources = !models.isEmpty() ? models : engine.models;
        return EngineOptions.withEmbeddingTemplates(engine.owwFeatures, templates, sources,
                (features, words) -> new OwwConfirmer(new OwwScorer(features, words), s, OwwDecision.GRIDS, "template"));
    }

    private Confirmer vosk(EngineOptions engine, VoskModels voskModels) {
        Path dir = modelDir != null ? modelDir : engine.modelDir;
        if (dir == null)
            throw new UserError("--confirm vosk needs a Vosk model. Fix: --confirm-model-dir models/vosk-model-small-en-us-0.15"
                    + " (get it with scripts/fetch-model.sh vosk-model-small-en-us-0.15)");
        Map<String, Phrase> phrases = phrasesByWord(engine);
        double s = sensitivity != null ? sensitivity : DEFAULT_VOSK_SENSITIVITY;
        var model = voskModels.open(dir, engine.decoderSettings(), List.copyOf(phrases.values()), false);
        return new VoskConfirmer(model.openDecoder(), phrases, s);
    }

    /**
     * The phrase that confirms each detector word. The vosk engine's words are its phrases. For templates: the --phrase
     * values in template order (or one for all), else each template's name with - and _ read as spaces
     * ("hey-computer" → "hey computer").
     */
    static Map<String, Phrase> phrasesByWord(EngineOptions engine) {
        List<Phrase> given = engine.phrases();
        var map = new LinkedHashMap<String, Phrase>();
        switch (engine.engine) {
            case vosk, oww -> given.forEach(p -> map.put(p.text(), p));
            case template -> {
                List<String> names = engine.templates().stream().map(WakeTemplate::name).toList();
                if (names.isEmpty()) given.forEach(p -> map.put(p.text(), p));
                else if (!given.isEmpty() && given.size() != 1 && given.size() != names.size())
                    throw new UserError(given.size() + " phrases for " + names.size() + " templates. Fix: give one --phrase, or one per --model in order");
                for (int i = 0; i < names.size(); i++)
                    map.put(names.get(i), given.isEmpty() ? Phrase.fromWordName(names.get(i)) : given.get(given.size() == 1 ? 0 : i));
            }
        }
        if (map.isEmpty())
            throw new UserError("--confirm vosk needs the wake phrase as text. Fix: --phrase \"hey computer\"");
        return map;
    }
}
