package dev.wakegate.detect.template;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwDetector;
import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The template engine with speech-embedding features: the enrolled takes matched as openWakeWord speech embeddings
 * ({@link EmbeddingTemplate}), which also finds the word in other voices. It runs on the openWakeWord engine's feature
 * pipeline and decision.
 */
public final class EmbeddingTemplates {
    /** How an embedding template's score becomes a detection: as for openWakeWord models, with the detector's refractory time. */
    public static final OwwDecision DECISION = OwwDecision.DEFAULT;
    /**
     * The speech embedding is computed every 3rd step while no word is near its threshold (see {@link OwwDetector}):
     * continuous read speech costs 19 CPU-seconds per audio hour on one core instead of 48.
     */
    public static final int STRIDE = 3;

    private EmbeddingTemplates() {}

    /**
     * The detector for {@code templates} (read from {@code sources}, for error messages), one sensitivity per template, on
     * {@code features}, which it owns from now on; each take's limit kept clear of {@code cohort} unless that is null.
     */
    public static WakeDetector detector(FeatureModels features, Cohort cohort, List<WakeTemplate> templates, List<String> sources,
                                        List<Sensitivity> sensitivities) {
        return open(features, templates, sources, detectorOf(cohort, sensitivities));
    }

    /** As {@link #detector}, or null (the models closed again) when a template's speech embeddings were made with another embedding model. */
    public static WakeDetector detectorIfMatching(FeatureModels features, Cohort cohort, List<WakeTemplate> templates, List<String> sources,
                                                  List<Sensitivity> sensitivities) {
        return openIfMatching(features, templates, sources, detectorOf(cohort, sensitivities));
    }

    private static BiFunction<FeatureModels, List<EmbeddingTemplate>, WakeDetector> detectorOf(Cohort cohort, List<Sensitivity> sensitivities) {
        return (models, words) -> new OwwDetector(models, limitedBy(cohort, words), sensitivities, DECISION, STRIDE);
    }

    /**
     * The words with each take's limit kept clear of {@code cohort} ({@link EmbeddingTemplate#limitedBy}), as the
     * speech-embedding engine detects and confirms them (and {@code either}'s speech embeddings detect them);
     * unchanged when there is no cohort for the embedding model in use.
     */
    public static List<EmbeddingTemplate> limitedBy(Cohort cohort, List<EmbeddingTemplate> words) {
        return cohort == null ? words : words.stream().map(w -> w.limitedBy(cohort)).toList();
    }

    /** Why the templates' speech embeddings cannot be asked here (the models not yet opened), or null. */
    public static String whyNotHere(Path features, List<WakeTemplate> templates, List<String> sources) {
        if (FeatureModels.unavailableHere() != null) return "ONNX Runtime, which computes speech embeddings, has no build for this machine";
        if (!FeatureModels.available(features)) return "no feature models in " + features;
        for (int i = 0; i < templates.size(); i++)
            if (!templates.get(i).hasEmbeddings()) return sources.get(i) + " holds no speech embeddings (enroll it again to add them)";
        return null;
    }

    /**
     * Reads each template as its speech embeddings on the opened {@code features} for {@code build}, which owns the models
     * once it returns; if anything throws, they are closed here.
     *
     * @param sources the file each template was read from, for error messages
     */
    public static <T> T open(FeatureModels features, List<WakeTemplate> templates, List<String> sources,
                             BiFunction<FeatureModels, List<EmbeddingTemplate>, T> build) {
        return openIf(features, templates, sources, build, false);
    }

    /**
     * As {@link #open}, or null (the models closed again) when a template's speech embeddings were made with another
     * embedding model than the one in {@code features}.
     */
    public static <T> T openIfMatching(FeatureModels features, List<WakeTemplate> templates, List<String> sources,
                                       BiFunction<FeatureModels, List<EmbeddingTemplate>, T> build) {
        return openIf(features, templates, sources, build, true);
    }

    private static <T> T openIf(FeatureModels opened, List<WakeTemplate> templates, List<String> sources,
                                BiFunction<FeatureModels, List<EmbeddingTemplate>, T> build, boolean onlyIfMatching) {
        try {
            if (onlyIfMatching && !templates.stream().allMatch(t -> t.hasEmbeddings() && t.embeddings().modelSha256().equalsIgnoreCase(opened.embeddingSha256()))) {
                opened.close();
                return null;
            }
            var words = new ArrayList<EmbeddingTemplate>();
            for (int i = 0; i < templates.size(); i++) words.add(EmbeddingTemplate.of(templates.get(i), opened, sources.get(i)));
            return build.apply(opened, words);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * The takes (by index) whose limit the built-in cohort narrows, because they lie near ordinary speech: what enroll
     * tells the user. None when the template holds no speech embeddings or the cohort was made with another model.
     */
    public static List<Integer> takesNearOrdinarySpeech(WakeTemplate template) {
        var e = template.embeddings();
        var cohort = e == null ? null : Cohort.builtInFor(e.modelSha256());
        if (cohort == null) return List.of();
        var word = new EmbeddingTemplate(template.name(), e.takes(), e.agreement(), template.wordSamples(),
                Collections.nCopies(e.takes().size(), WakeTemplate.FIRST_VOICE), List.of(), EmbeddingTemplate.voiceLimits(e));
        var limited = word.limitedBy(cohort);
        var near = new ArrayList<Integer>();
        for (int t = 0; t < e.takes().size(); t++) if (limited.limit(t) < word.limit(t)) near.add(t);
        return near;
    }

    /** As {@link #withEmbeddings(WakeTemplate, Path, List, Espeak)} without a verifier. */
    public static WakeTemplate withEmbeddings(WakeTemplate template, Path features, List<Enroller.Recording> recordings) {
        return withEmbeddings(template, features, recordings, null);
    }

    /**
     * {@code template} with its takes also kept as speech embeddings, when the feature models are in {@code features} (or
     * built in) and can run here; with a verifier when {@code espeak} (null: none) can say the wake phrase, read from the
     * template's name ("hey-jasper" is "hey jasper").
     */
    public static WakeTemplate withEmbeddings(WakeTemplate template, Path features, List<Enroller.Recording> recordings, Espeak espeak) {
        if (!FeatureModels.available(features)) return template;
        try (var models = FeatureModels.open(features)) {
            return template.withEmbeddings(EmbeddingTemplate.enroll(models, recordings, synthesized(espeak, phraseOf(template.name()), models)));
        }
    }

    /** The wake phrase a template's name spells: - and _ read as spaces. */
    public static String phraseOf(String name) {
        return name.replace('-', ' ').replace('_', ' ').strip();
    }

    private static VerifierBank.Synthesized synthesized(Espeak espeak, String phrase, FeatureModels models) {
        if (espeak == null) return null;
        try {
            return VerifierBank.Synthesized.of(espeak, phrase, models);
        } catch (IOException e) {
            throw new UserError("espeak-ng could not say '" + phrase + "' (" + e.getMessage() + "). Fix: check it with espeak-ng \"" + phrase
                    + "\", or enroll with --no-verifier");
        }
    }
}
