package dev.wakegate.cli;

import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.TemplateConfirmer;
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

    enum Kind { template, oww, vosk, none }

    @Option(names = "--confirm", paramLabel = "ENGINE", defaultValue = "template", descriptionKey = "confirm",
            description = "Second, stricter local check before anything is sent: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Kind kind;

    @Option(names = "--confirm-model", paramLabel = "FILE", descriptionKey = "confirm-model",
            description = "Template file(s) for --confirm template. Default: the --model files of the template engine.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--confirm-sensitivity", paramLabel = "S", descriptionKey = "confirm-sensitivity",
            description = "0-1 for the confirmer; lower is stricter. Default: " + DEFAULT_TEMPLATE_SENSITIVITY + " for template.")
    Double sensitivity;

    /** Builds the confirmer; null for {@code none}. */
    Confirmer build(EngineOptions engine) {
        if (sensitivity != null && !(sensitivity >= 0 && sensitivity <= 1))
            throw new UserError("--confirm-sensitivity " + sensitivity + " is outside 0-1. Fix: e.g. --confirm-sensitivity 0.3");
        return switch (kind) {
            case none -> null;
            case template -> template(engine);
            case oww, vosk -> throw new UserError("--confirm " + kind + " is not available in this build yet. Fix: use --confirm template");
        };
    }

    private Confirmer template(EngineOptions engine) {
        List<Path> files = !models.isEmpty() ? models : engine.engine == EngineOptions.Engine.template ? engine.models : List.of();
        if (files.isEmpty())
            throw new UserError("--confirm template needs a personal template. Fix: --confirm-model FILE (make one with 'wakegate enroll')");
        double s = sensitivity != null ? sensitivity : DEFAULT_TEMPLATE_SENSITIVITY;
        return new TemplateConfirmer(files.stream().map(TemplateFile::read).toList(), s);
    }
}
