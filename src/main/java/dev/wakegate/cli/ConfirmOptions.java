package dev.wakegate.cli;

import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.OwwConfirmer;
import dev.wakegate.confirm.TemplateConfirmer;
import dev.wakegate.detect.oww.OwwModels;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The second stage: which confirmer re-checks a candidate before anything may be sent. */
final class ConfirmOptions {
    /** The template confirmer's default: stricter than the detector's 0.5. */
    static final double DEFAULT_TEMPLATE_SENSITIVITY = 0.3;
    /** The openWakeWord confirmer's default: threshold 0.7, stricter than the detector's 0.5. */
    static final double DEFAULT_OWW_SENSITIVITY = 0.3;

    enum Kind { template, oww, vosk, none }

    @Option(names = "--confirm", paramLabel = "ENGINE", defaultValue = "template", descriptionKey = "confirm",
            description = "Second, stricter local check before anything is sent: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Kind kind;

    @Option(names = "--confirm-model", paramLabel = "FILE", descriptionKey = "confirm-model",
            description = "Template file(s) for --confirm template. Default: the --model files of the template engine.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--confirm-oww-model", paramLabel = "FILE.onnx", descriptionKey = "confirm-oww-model",
            description = "openWakeWord model(s) for --confirm oww; feature models from --oww-features. Default: the --oww-model files.")
    List<Path> owwModels = new ArrayList<>();

    @Option(names = "--confirm-sensitivity", paramLabel = "S", descriptionKey = "confirm-sensitivity",
            description = "0-1 for the confirmer; lower is stricter. Default: " + DEFAULT_TEMPLATE_SENSITIVITY + " for template, "
                    + DEFAULT_OWW_SENSITIVITY + " for oww (threshold = 1 - sensitivity).")
    Double sensitivity;

    /** Builds the confirmer; null for {@code none}. */
    Confirmer build(EngineOptions engine) {
        if (sensitivity != null && !(sensitivity >= 0 && sensitivity <= 1))
            throw new UserError("--confirm-sensitivity " + sensitivity + " is outside 0-1. Fix: e.g. --confirm-sensitivity 0.3");
        return switch (kind) {
            case none -> null;
            case template -> template(engine);
            case oww -> oww(engine);
            case vosk -> throw new UserError("--confirm " + kind + " is not available in this build yet. Fix: use --confirm template or oww");
        };
    }

    private Confirmer oww(EngineOptions engine) {
        List<Path> files = !owwModels.isEmpty() ? owwModels : engine.owwModels;
        if (files.isEmpty())
            throw new UserError("--confirm oww needs an openWakeWord model. Fix: --confirm-oww-model models/openwakeword/alexa_v0.1.onnx"
                    + " (get it with scripts/fetch-model.sh alexa_v0.1)");
        double s = sensitivity != null ? sensitivity : DEFAULT_OWW_SENSITIVITY;
        var loaded = OwwModels.open(engine.owwFeatures, files);
        try {
            return new OwwConfirmer(new OwwScorer(loaded.features(), loaded.wakeModels()), s);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    private Confirmer template(EngineOptions engine) {
        List<Path> files = !models.isEmpty() ? models : engine.engine == EngineOptions.Engine.template ? engine.models : List.of();
        if (files.isEmpty())
            throw new UserError("--confirm template needs a personal template. Fix: --confirm-model FILE (make one with 'wakegate enroll')");
        double s = sensitivity != null ? sensitivity : DEFAULT_TEMPLATE_SENSITIVITY;
        return new TemplateConfirmer(files.stream().map(TemplateFile::read).toList(), s);
    }
}
