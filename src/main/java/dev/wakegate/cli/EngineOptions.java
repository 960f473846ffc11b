package dev.wakegate.cli;

import dev.wakegate.detect.WakeDetector;
import dev.wakegate.detect.template.TemplateDetector;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which wake-word engine runs, on which models, how sensitive: shared by scan, run, listen and tune. */
final class EngineOptions {
    static final double DEFAULT_SENSITIVITY = 0.5;
    /** One utterance gives one detection: a word that fired stays quiet this long. */
    static final double DETECTOR_REFRACTORY_SECONDS = 1.0;
    static final int TRIGGER_FRAMES = 2;

    enum Engine { template, oww, vosk }

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "template", descriptionKey = "engine",
            description = "Wake-word engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Engine engine;

    @Option(names = "--model", paramLabel = "FILE", descriptionKey = "model",
            description = "Template file made by 'wakegate enroll' (template engine). Repeat for several wake words.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--sensitivity", paramLabel = "S", split = ",", descriptionKey = "sensitivity",
            description = "0-1, higher = more detections (and more false wakes). One value for all wake words, or one per"
                    + " wake word in order (repeat or comma-separate). Default: " + DEFAULT_SENSITIVITY + ".")
    List<Double> sensitivities = new ArrayList<>();

    /** The sensitivity of each of {@code count} wake words, checked. */
    List<Double> sensitivitiesFor(int count) {
        for (double s : sensitivities)
            if (!(s >= 0 && s <= 1)) throw new UserError("--sensitivity " + s + " is outside 0-1. Fix: use e.g. --sensitivity 0.5");
        if (sensitivities.isEmpty()) return java.util.Collections.nCopies(count, DEFAULT_SENSITIVITY);
        if (sensitivities.size() == 1) return java.util.Collections.nCopies(count, sensitivities.get(0));
        if (sensitivities.size() != count)
            throw new UserError(sensitivities.size() + " sensitivities for " + count + " wake words. Fix: give one --sensitivity, or one per wake word");
        return List.copyOf(sensitivities);
    }

    WakeDetector build() {
        return switch (engine) {
            case template -> template();
            case oww, vosk -> throw new UserError("the " + engine + " engine is not available in this build yet. Fix: use --engine template");
        };
    }

    private WakeDetector template() {
        if (models.isEmpty())
            throw new UserError("the template engine needs a wake word. Fix: --model FILE (make one with 'wakegate enroll')");
        List<WakeTemplate> templates = models.stream().map(TemplateFile::read).toList();
        var names = new java.util.HashSet<String>();
        for (var t : templates)
            if (!names.add(t.name())) throw new UserError("two templates are both named '" + t.name() + "'. Fix: enroll one under another --name");
        return new TemplateDetector(templates, sensitivitiesFor(templates.size()), TRIGGER_FRAMES, DETECTOR_REFRACTORY_SECONDS);
    }
}
