package dev.wakegate.detect;

import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDetector;
import dev.wakegate.detect.vosk.DecoderSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * Which wake-word engine to build, on which models, how sensitive: what {@code scan}, {@code run}, {@code listen} and
 * {@code tune} were asked for, before anything is loaded. {@link Engines} builds it.
 *
 * @param engine           template, oww or vosk
 * @param templates        template files made by {@code enroll} (template engine; also the template confirmer's default)
 * @param templateFeatures how the template engine matches the takes
 * @param owwFeatures      folder of openWakeWord's feature models
 * @param owwModels        openWakeWord wake models (oww engine)
 * @param owwTriggerSteps  oww engine: 80 ms steps in a row at or above the threshold before a word fires
 * @param voskModelDir     Vosk model directory (vosk engine), or null
 * @param phrases          wake phrases as text (vosk engine, vosk confirmation)
 * @param decoder          Vosk decoder limits
 * @param sensitivities    none (the default for every word), one for all, or one per wake word in order
 */
public record EngineSpec(Engine engine, List<Path> templates, TemplateFeatures templateFeatures, Path owwFeatures, List<Path> owwModels,
                         int owwTriggerSteps, Path voskModelDir, List<String> phrases, DecoderSettings decoder, List<Sensitivity> sensitivities) {
    /** A word that fired stays quiet this long: one utterance gives one detection. */
    public static final double DETECTOR_REFRACTORY_SECONDS = 1.0;
    /** Template engine: frames a distance dip must stay under the threshold. */
    public static final int TRIGGER_FRAMES = 2;
    public static final String OWW_FEATURES_DEFAULT = FeatureModels.DEFAULT_DIR;
    /** oww engine: 80 ms steps in a row at or above the threshold before a word fires. */
    public static final int OWW_TRIGGER_STEPS_DEFAULT = OwwDetector.DEFAULT_TRIGGER_STEPS;

    public enum Engine { template, oww, vosk }

    /**
     * How the template engine matches the takes: log mel spectra, speech embeddings, or log-mel detection confirmed on
     * both (each must accept the candidate). {@code light} detects on log mel spectra and confirms on both where the
     * templates hold speech embeddings of feature models that run here, else on log mel alone; {@code either} detects
     * on log mel spectra and on speech embeddings, whichever hears the word, and confirms as {@code light}. The default,
     * {@code auto}, is {@code either} where that can run and the template confirmation checks every candidate, and
     * {@code light} otherwise.
     */
    public enum TemplateFeatures { mfcc, embedding, both, auto, either, light }

    public EngineSpec {
        templates = List.copyOf(templates);
        owwModels = List.copyOf(owwModels);
        phrases = List.copyOf(phrases);
        sensitivities = List.copyOf(sensitivities);
    }

    /**
     * This spec for a detector whose candidates the template confirmation does or does not check: without it the
     * default features ({@code auto}) detect on log mel spectra only ({@code light}), since only that confirmation
     * refuses what the speech embeddings take for the word that merely sounds like it.
     */
    public EngineSpec confirmedByTemplate(boolean confirmed) {
        if (confirmed || templateFeatures != TemplateFeatures.auto) return this;
        return new EngineSpec(engine, templates, TemplateFeatures.light, owwFeatures, owwModels, owwTriggerSteps, voskModelDir, phrases, decoder,
                sensitivities);
    }

    /** The template engine with the default features on {@code templates}, at the default sensitivity. */
    public static EngineSpec template(List<Path> templates) {
        return template(templates, Path.of(OWW_FEATURES_DEFAULT));
    }

    /** As {@link #template(List)}, with the speech embeddings computed by the feature models in {@code featureModels}. */
    public static EngineSpec template(List<Path> templates, Path featureModels) {
        return new EngineSpec(Engine.template, templates, TemplateFeatures.auto, featureModels, List.of(),
                OWW_TRIGGER_STEPS_DEFAULT, null, List.of(), DecoderSettings.MODEL_DEFAULTS, List.of());
    }

    /** Vosk decoder limits that override the model's own (each null: the model's); checked here. */
    public static DecoderSettings decoder(Double beam, Integer maxActive, Double latticeBeam) {
        return new DecoderSettings(beam, maxActive, latticeBeam);
    }
}
