package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.oww.EmbeddingWord;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.template.Cohort;
import dev.wakegate.detect.template.EmbeddingTemplate;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.PluralCheck;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.internal.UserError;
import dev.wakegate.ring.AudioRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds the confirmer a {@link ConfirmSpec} asks for, behind the detector an {@link EngineSpec} describes, with their defaults. */
public final class Confirmers {
    private static final Logger log = LoggerFactory.getLogger(Confirmers.class);
    /** The template confirmer's default: stricter than the detector's 0.5. */
    public static final double TEMPLATE_DEFAULT = 0.3;
    /** The Vosk confirmer's default: every phrase word needs conf ≥ 0.7 in the open-vocabulary transcript. */
    public static final double VOSK_DEFAULT = 0.3;
    /** The openWakeWord confirmer's default behind the oww engine: threshold 0.4 (see {@link OwwConfirmer#DEFAULT_SENSITIVITY}) … */
    public static final double OWW_DEFAULT = OwwConfirmer.DEFAULT_SENSITIVITY;
    /** … and behind the template or vosk engine: threshold 0.7. */
    public static final double OWW_DEFAULT_BEHIND_OTHER_ENGINES = OwwConfirmer.DEFAULT_SENSITIVITY_BEHIND_OTHER_ENGINES;

    private Confirmers() {}

    /**
     * {@code confirmer}'s verdict on {@code heard}, never an exception: a word whose audio is no longer buffered, and a
     * confirmer that fails, are rejected.
     */
    public static Verdict judge(Confirmer confirmer, HeardWord heard) {
        if (heard.audio().length == 0) return Verdict.reject(0, "the candidate's audio is no longer buffered");
        try {
            return confirmer.confirm(heard);
        } catch (RuntimeException e) {
            log.warn("confirmer {} failed, rejecting: {}", confirmer.name(), e.toString());
            return Verdict.reject(0, "confirmer failed: " + e.getClass().getSimpleName());
        }
    }

    /** {@code confirmer}'s verdict on the audio {@code ring} still holds around {@code detection}; that copy is wiped after. */
    public static Verdict judgeAround(Confirmer confirmer, Detection detection, AudioRing ring) {
        var heard = HeardWord.around(detection, ring);
        try {
            return judge(confirmer, heard);
        } finally {
            heard.wipe();
        }
    }

    /** {@code run}'s default second stage: the detector's own engine kind, a different and stricter look of the same family. */
    public static ConfirmSpec.Kind defaultFor(EngineSpec engine) {
        return switch (engine.engine()) {
            case template -> ConfirmSpec.Kind.template;
            case oww -> ConfirmSpec.Kind.oww;
            case vosk -> ConfirmSpec.Kind.vosk;
        };
    }

    /**
     * The detector's spec under the confirmation {@code spec} asks for ({@code fallback} when it names none): the default
     * features detect on speech embeddings too only when the template confirmation checks every candidate.
     */
    public static EngineSpec detecting(EngineSpec engine, ConfirmSpec spec, ConfirmSpec.Kind fallback) {
        return engine.confirmedByTemplate(spec.kindOr(fallback) == ConfirmSpec.Kind.template);
    }

    /**
     * Builds the confirmer ({@code fallback} when the spec names none), sharing what {@code engines} loaded for the
     * detector; null for {@code none}. Where a second stage is required ({@code fallback} is not {@code none}), a lone
     * vosk detector is refused; {@code scan} may evaluate it alone.
     */
    public static Confirmer build(ConfirmSpec spec, EngineSpec engine, Engines engines, ConfirmSpec.Kind fallback) {
        var kind = spec.kindOr(fallback);
        var features = engine.templateFeatures();
        if (engine.engine() == EngineSpec.Engine.template && (features == EngineSpec.TemplateFeatures.both || features == EngineSpec.TemplateFeatures.either)
                && kind != ConfirmSpec.Kind.template)
            throw new UserError("--template-features " + features + " checks the candidate in the template confirmation, and the confirmation here is " + kind
                    + ". Fix: --confirm template, or --template-features mfcc");
        return switch (kind) {
            case none -> {
                if (engine.engine() == EngineSpec.Engine.vosk && fallback != ConfirmSpec.Kind.none)
                    throw new UserError("the vosk engine alone accepts words that merely sound like the phrase, so it needs a second stage."
                            + " Fix: --confirm vosk (or --confirm template with --confirm-model FILE)");
                yield null;
            }
            case template -> template(spec, engine, engines);
            case vosk -> vosk(spec, engine, engines);
            case oww -> oww(spec, engine, engines);
        };
    }

    /** The sensitivity of a {@code kind} confirmer: the one {@code spec} gives, or the kind's default behind {@code engine}. */
    public static Sensitivity sensitivity(ConfirmSpec spec, ConfirmSpec.Kind kind, EngineSpec.Engine engine) {
        return spec.sensitivity() != null ? spec.sensitivity() : Sensitivity.of(defaultSensitivity(kind, engine));
    }

    /** A confirmer's sensitivity when none is given. */
    public static double defaultSensitivity(ConfirmSpec.Kind kind, EngineSpec.Engine engine) {
        return switch (kind) {
            case template -> TEMPLATE_DEFAULT;
            case vosk -> VOSK_DEFAULT;
            case oww -> engine == EngineSpec.Engine.oww ? OWW_DEFAULT : OWW_DEFAULT_BEHIND_OTHER_ENGINES;
            case none -> throw new IllegalArgumentException("no confirmer, no sensitivity");
        };
    }

    private static Confirmer oww(ConfirmSpec spec, EngineSpec engine, Engines engines) {
        List<Path> files = !spec.owwModels().isEmpty() ? spec.owwModels() : engine.owwModels();
        if (files.isEmpty())
            throw new UserError("--confirm oww needs an openWakeWord model. Fix: --confirm-oww-model models/openwakeword/alexa_v0.1.onnx"
                    + " (get it with scripts/fetch-model.sh alexa_v0.1)");
        Sensitivity s = sensitivity(spec, ConfirmSpec.Kind.oww, engine.engine());
        return engines.withOwwModels(engine.owwFeatures(), files,
                loaded -> new OwwConfirmer(new OwwScorer(loaded.features(), loaded.wakeModels()), s));
    }

    private static Confirmer template(ConfirmSpec spec, EngineSpec engine, Engines engines) {
        List<Path> files = !spec.templates().isEmpty() ? spec.templates()
                : engine.engine() == EngineSpec.Engine.template ? engine.templates() : List.of();
        if (files.isEmpty())
            throw new UserError("--confirm template needs a personal template. Fix: --confirm-model FILE (make one with 'wakegate enroll')");
        List<WakeTemplate> templates = engines.templates(files);
        Sensitivity s = sensitivity(spec, ConfirmSpec.Kind.template, engine.engine());
        return switch (engine.templateFeatures()) {
            case mfcc -> new TemplateConfirmer(templates, s, !spec.allowTrailingS());
            case embedding -> {
                var models = engines.featureModels(engine.owwFeatures());
                yield embeddingTemplate(models, engines.cohort(models), templates, files, s, spec.allowTrailingS() ? null : new PluralCheck(templates));
            }
            case both -> BothFeatureSets.always(new TemplateConfirmer(templates, s, !spec.allowTrailingS()),
                    embeddingsBesideLogMel(engines.featureModels(engine.owwFeatures()), templates, files, s), s.threshold());
            case auto, either, light -> bothWhereTheyRun(engine, engines, templates, files, s, !spec.allowTrailingS());
        };
    }

    /**
     * The default: the confirmation on both feature sets (about half the near misses log mel alone takes refused, at no
     * cost in false accepts); in noise against the takes heard through the candidate's background, or, for templates
     * enrolled before the takes' mel frames were kept, log mel alone; log mel alone throughout where the speech
     * embeddings cannot be asked, said at start with -v.
     */
    private static Confirmer bothWhereTheyRun(EngineSpec engine, Engines engines, List<WakeTemplate> templates, List<Path> files, Sensitivity s,
                                              boolean refusePlurals) {
        var logMel = new TemplateConfirmer(templates, s, refusePlurals);
        String whyNot = EmbeddingTemplates.whyNotHere(engine.owwFeatures(), templates, sources(files));
        Confirmer both = whyNot != null ? null
                : EmbeddingTemplates.openIfMatching(engines.featureModels(engine.owwFeatures()), templates, sources(files),
                (features, words) -> bothFeatureSets(logMel, features, words, VerifierCheck.of(features, templates), s, VerifierCheck.forWhom(templates)));
        if (both == null) {
            log.info("template confirmation on log mel spectra only: {}",
                    Objects.requireNonNullElse(whyNot, "a template's speech embeddings were made with another embedding model (enroll it again)"));
            return logMel;
        }
        return both;
    }

    private static BothFeatureSets bothFeatureSets(Judging logMel, FeatureModels features, List<EmbeddingTemplate> words,
                                                   VerifierCheck verifiers, Sensitivity s, String verifiersForWhom) {
        var embeddings = embeddingConfirmer(features, words, s);
        if (verifiers != null)
            log.info("a verifier (learned at enroll) may confirm another voice's word that log mel refuses, in a quiet room; {}", verifiersForWhom);
        else
            log.info("no verifier (enrolled with --no-verifier, without espeak-ng, or before 2026-12-07): another voice's word that log mel"
                    + " refuses stays refused; enroll again where espeak-ng is installed to find more of them");
        if (words.stream().allMatch(EmbeddingTemplate::hearsBackground)) {
            log.info("template confirmation on log mel spectra and on speech embeddings, in noise of the takes heard through the background");
            return BothFeatureSets.throughBackground(logMel, embeddings, new EmbeddingsInNoise(features, words, s), verifiers, s.threshold());
        }
        log.info("template confirmation on log mel spectra, and on speech embeddings for a candidate heard clearly over its background"
                + " (in noise too once the template is enrolled again)");
        return BothFeatureSets.quietOnly(logMel, embeddings, verifiers, s.threshold());
    }


    /**
     * With embedding features the words are for other voices too, which the log-mel confirmation would refuse: the
     * candidate is scored afresh on the speech embeddings, over all four step grids, at the confirmer's stricter
     * sensitivity; no step of its match may lie far from the takes ({@link EmbeddingTemplate#confirming}), the match
     * must lie on the detected span, and it is refused as a plural by {@code plurals} unless that is null (the user
     * allows an s at once).
     */
    private static Confirmer embeddingTemplate(FeatureModels models, Cohort cohort, List<WakeTemplate> templates, List<Path> files, Sensitivity s,
                                               PluralCheck plurals) {
        var confirmer = EmbeddingTemplates.open(models, templates, sources(files),
                (features, words) -> embeddingConfirmer(features, EmbeddingTemplates.limitedBy(cohort, words).stream().map(EmbeddingTemplate::confirming).toList(), s));
        return new EmbeddingTemplateConfirmer(confirmer, templates, plurals);
    }

    /** The speech-embedding half of a confirmation on both feature sets: the log-mel half makes the finer checks. */
    private static Confirmer embeddingsBesideLogMel(FeatureModels models, List<WakeTemplate> templates, List<Path> files, Sensitivity s) {
        return EmbeddingTemplates.open(models, templates, sources(files),
                (features, words) -> embeddingConfirmer(features, words, s));
    }

    /** The template files as error messages name them. */
    private static List<String> sources(List<Path> files) {
        return files.stream().map(Path::toString).toList();
    }

    private static OwwConfirmer embeddingConfirmer(FeatureModels features, List<? extends EmbeddingWord> words, Sensitivity s) {
        return new OwwConfirmer(new OwwScorer(features, words), s, OwwDecision.GRIDS, "template");
    }

    private static Confirmer vosk(ConfirmSpec spec, EngineSpec engine, Engines engines) {
        Path dir = spec.voskModelDir() != null ? spec.voskModelDir() : engine.voskModelDir();
        if (dir == null)
            throw new UserError("--confirm vosk needs a Vosk model. Fix: --confirm-model-dir models/vosk-model-small-en-us-0.15"
                    + " (get it with scripts/fetch-model.sh vosk-model-small-en-us-0.15)");
        Map<String, Phrase> phrases = phrasesByWord(engine, engines);
        Sensitivity s = sensitivity(spec, ConfirmSpec.Kind.vosk, engine.engine());
        var model = engines.voskModels().open(dir, engine.decoder(), List.copyOf(phrases.values()), false);
        return new VoskConfirmer(model.openDecoder(), phrases, s);
    }

    /**
     * The phrase that confirms each detector word. The vosk engine's words are its phrases. For templates: the phrases in
     * template order (or one for all), else each template's name with - and _ read as spaces ("hey-computer" → "hey computer").
     */
    public static Map<String, Phrase> phrasesByWord(EngineSpec engine, Engines engines) {
        List<Phrase> given = Engines.phrases(engine);
        var map = new LinkedHashMap<String, Phrase>();
        switch (engine.engine()) {
            case vosk, oww -> given.forEach(p -> map.put(p.text(), p));
            case template -> {
                List<String> names = engine.templates().isEmpty() ? List.of()
                        : engines.templates(engine.templates()).stream().map(WakeTemplate::name).toList();
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
