package dev.wakegate.detect.vosk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Vosk models opened while building the stages, one per directory, so that {@code --engine vosk --confirm vosk} on
 * the same model loads it once (a small model takes about 300 MB in use; a Pi may have 512 MB). Close it once the stages
 * are built: the recognizers keep the models they use (Vosk counts references).
 */
public final class VoskModels implements AutoCloseable {
    private final Map<Path, VoskModel> open = new LinkedHashMap<>();

    public VoskModel open(Path dir, DecoderSettings settings, List<Phrase> phrases, boolean grammar) {
        Path key = key(dir);
        VoskModel model = open.get(key);
        if (model == null) {
            model = VoskModel.open(dir, settings, phrases, grammar);
            open.put(key, model);
        } else {
            if (grammar) model.layout().requireGrammarSupport();
            model.requireWords(phrases);
        }
        return model;
    }

    private static Path key(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();   // VoskModel.open reports the missing directory
        }
    }

    @Override
    public void close() {
        open.values().forEach(VoskModel::close);
        open.clear();
    }
}
