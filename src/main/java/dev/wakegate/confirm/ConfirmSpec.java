package dev.wakegate.confirm;

import dev.wakegate.detect.Sensitivity;

import java.nio.file.Path;
import java.util.List;

/**
 * Which confirmer re-checks a detected word before anything may be sent, on which models; {@link Confirmers} builds it.
 * Where a model is not given, the detector's is used.
 *
 * @param kind        the confirmer, or null when none was asked for (each command has its own default)
 * @param templates   template files (template confirmer); empty: the template engine's
 * @param voskModelDir Vosk model (vosk confirmer); null: the vosk engine's
 * @param owwModels   openWakeWord models (oww confirmer); empty: the oww engine's
 * @param sensitivity the confirmer's sensitivity, or null for its default
 * @param allowTrailingS the template confirmer accepts a word that runs straight into an s, which it otherwise refuses
 *                    as a plural ("hey jaspers")
 */
public record ConfirmSpec(Kind kind, List<Path> templates, Path voskModelDir, List<Path> owwModels, Sensitivity sensitivity, boolean allowTrailingS) {
    public enum Kind { template, oww, vosk, none }

    public ConfirmSpec {
        templates = List.copyOf(templates);
        owwModels = List.copyOf(owwModels);
    }

    /** A plural is refused. */
    public ConfirmSpec(Kind kind, List<Path> templates, Path voskModelDir, List<Path> owwModels, Sensitivity sensitivity) {
        this(kind, templates, voskModelDir, owwModels, sensitivity, false);
    }

    /** The confirmer asked for, or {@code fallback} when none was. */
    public Kind kindOr(Kind fallback) {
        return kind == null ? fallback : kind;
    }
}
