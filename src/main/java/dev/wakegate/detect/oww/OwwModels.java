package dev.wakegate.detect.oww;

import dev.wakegate.internal.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The feature models and the wake models of one openWakeWord stage, opened together: if any file is missing or
 * wrong, the ones already opened are closed and the {@link UserError} names the fix.
 */
public record OwwModels(FeatureModels features, List<WakeModel> wakeModels) implements AutoCloseable {
    public OwwModels {
        if (wakeModels.isEmpty()) throw new IllegalArgumentException("no wake models");
        wakeModels = List.copyOf(wakeModels);
    }

    public static OwwModels open(Path featuresDir, List<Path> wakeModelFiles) {
        return open(featuresDir, wakeModelFiles, FeatureModels::open);
    }

    /** As {@link #open(Path, List)}, with the feature models from {@code openFeatures} (which may share models already open). */
    public static OwwModels open(Path featuresDir, List<Path> wakeModelFiles, Function<Path, FeatureModels> openFeatures) {
        if (wakeModelFiles.isEmpty()) throw new IllegalArgumentException("no wake model files");
        var names = new HashSet<String>();
        for (var f : wakeModelFiles)
            if (!names.add(WakeModel.nameOf(f)))
                throw new UserError("two wake models are both named '" + WakeModel.nameOf(f) + "'. Fix: give each --oww-model once");
        refuseIfSeveralAreMissing(featuresDir, wakeModelFiles);
        var features = openFeatures.apply(featuresDir);
        var opened = new ArrayList<WakeModel>();
        try {
            for (var f : wakeModelFiles) opened.add(WakeModel.open(f));
            return new OwwModels(features, opened);
        } catch (RuntimeException e) {
            opened.forEach(WakeModel::close);
            features.close();
            throw e;
        }
    }

    /** When the feature models and a wake model are missing (a first run), one line names every download. */
    private static void refuseIfSeveralAreMissing(Path featuresDir, List<Path> wakeModelFiles) {
        var missing = new ArrayList<Path>();
        var fetch = new ArrayList<String>();
        if (!FeatureModels.openable(featuresDir)) {
            for (var f : List.of(featuresDir.resolve(FeatureModels.MEL_FILE), featuresDir.resolve(FeatureModels.EMBEDDING_FILE)))
                if (!Files.isRegularFile(f)) missing.add(f);
            if (!missing.isEmpty()) fetch.add("oww-features");
        }
        for (var f : wakeModelFiles) {
            if (Files.isRegularFile(f)) continue;
            missing.add(f);
            fetch.add(WakeModel.nameOf(f));
        }
        if (fetch.size() > 1)
            throw new UserError("missing openWakeWord models: " + String.join(", ", missing.stream().map(Path::toString).toList())
                    + ". Fix: scripts/fetch-model.sh " + String.join(" ", fetch) + " (or point --oww-features and --oww-model at them)");
    }

    public List<String> words() {
        return wakeModels.stream().map(WakeModel::name).toList();
    }

    @Override
    public void close() {
        wakeModels.forEach(WakeModel::close);
        features.close();
    }
}
