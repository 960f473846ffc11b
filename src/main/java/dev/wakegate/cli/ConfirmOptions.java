package dev.wakegate.cli;

import dev.wakegate.confirm.ConfirmSpec.Kind;
import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.Sensitivity;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The second stage: which confirmer re-checks a candidate before anything may be sent. Parsing only: {@link dev.wakegate.confirm.Confirmers} builds it. */
final class ConfirmOptions {
    @Option(names = "--confirm", paramLabel = "ENGINE", descriptionKey = "confirm",
            description = "Second, stricter local check: ${COMPLETION-CANDIDATES}. Default for run (which never streams without one): the engine's own kind (template, oww, vosk); none for scan and tune.")
    Kind kind;

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
            description = "0-1 for the confirmer; lower is stricter. Default: " + Confirmers.TEMPLATE_DEFAULT + " for template, "
                    + Confirmers.OWW_DEFAULT + " for oww behind --engine oww and " + Confirmers.OWW_DEFAULT_BEHIND_OTHER_ENGINES
                    + " behind the other engines (threshold = 1 - sensitivity), "
                    + Confirmers.VOSK_DEFAULT + " for vosk (every phrase word needs conf >= 1 - S).")
    String sensitivity;

    @Option(names = "--allow-trailing-s", descriptionKey = "allow-trailing-s",
            description = "Template confirmation: accept a wake word that runs straight into an s, so that 'hey jasper set a timer'"
                    + " may be said in one breath. By default that is refused as a plural ('hey jaspers'): leave a breath"
                    + " after the wake word before a command that starts with an s.")
    boolean allowTrailingS;

    ConfirmSpec spec() {
        return new ConfirmSpec(kind, models, modelDir, owwModels, sensitivity == null ? null : Sensitivity.parse("--confirm-sensitivity", sensitivity),
                allowTrailingS);
    }
}
