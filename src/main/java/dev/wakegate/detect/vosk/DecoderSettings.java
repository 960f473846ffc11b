package dev.wakegate.detect.vosk;

import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Decoder search limits that override the model's own. Neither Vosk's Java binding nor its C API (0.3.45) can set them on
 * a recognizer: Vosk reads them once, when the model loads, from {@code conf/model.conf} ({@code --beam},
 * {@code --max-active}, {@code --lattice-beam}). So overrides are applied by loading the model through an overlay: a
 * private temporary directory whose entries are symbolic links to the model's, except {@code conf/model.conf}, which is a
 * copy with the overridden lines replaced. The model itself is never written to, and the overlay is deleted once Vosk has
 * read it. Smaller values decode faster on a small Pi and miss more.
 *
 * @param beam        Kaldi {@code --beam} (&gt; 0), or null for the model's
 * @param maxActive   Kaldi {@code --max-active} (at least the model's {@code --min-active}), or null
 * @param latticeBeam Kaldi {@code --lattice-beam} (&gt; 0), or null
 */
public record DecoderSettings(Double beam, Integer maxActive, Double latticeBeam) {
    public static final DecoderSettings MODEL_DEFAULTS = new DecoderSettings(null, null, null);
    /** Kaldi's default when a model.conf names no {@code --min-active}. */
    static final int KALDI_MIN_ACTIVE = 200;

    public DecoderSettings {
        if (beam != null && !(beam > 0 && beam <= 100)) throw new UserError("--vosk-beam " + beam + " is outside (0, 100]. Fix: e.g. --vosk-beam 8");
        if (latticeBeam != null && !(latticeBeam > 0 && latticeBeam <= 100))
            throw new UserError("--vosk-lattice-beam " + latticeBeam + " is outside (0, 100]. Fix: e.g. --vosk-lattice-beam 2");
        if (maxActive != null && maxActive < 2) throw new UserError("--vosk-max-active " + maxActive + " is too small. Fix: e.g. --vosk-max-active 1500");
    }

    public boolean isModelDefaults() {
        return beam == null && maxActive == null && latticeBeam == null;
    }

    /** The options overridden, as model.conf lines keyed by option name. */
    Map<String, String> overrides() {
        var m = new LinkedHashMap<String, String>();
        if (beam != null) m.put("--beam", "--beam=" + beam);
        if (maxActive != null) m.put("--max-active", "--max-active=" + maxActive);
        if (latticeBeam != null) m.put("--lattice-beam", "--lattice-beam=" + latticeBeam);
        return m;
    }

    /**
     * The model.conf text with the overrides applied: overridden lines dropped, the new ones appended. A max-active below
     * the model's min-active is a {@link UserError} here, because Kaldi asserts on it and an assertion aborts the JVM.
     */
    String apply(String modelConf) {
        var overrides = overrides();
        var out = new StringBuilder();
        int minActive = KALDI_MIN_ACTIVE;
        for (String line : modelConf.split("\\R")) {
            String opt = line.strip();
            String key = opt.contains("=") ? opt.substring(0, opt.indexOf('=')) : opt;
            if (key.equals("--min-active")) minActive = parseInt(opt.substring(opt.indexOf('=') + 1), minActive);
            if (!overrides.containsKey(key)) out.append(line).append('\n');
        }
        if (maxActive != null && maxActive < minActive)
            throw new UserError("--vosk-max-active " + maxActive + " is below the model's --min-active " + minActive
                    + ". Fix: use at least " + minActive);
        overrides.values().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * A directory Vosk can load the model from with these settings, and its clean-up. With the model's defaults it is
     * the model directory itself and closing does nothing.
     */
    Overlay overlay(Path modelDir) throws IOException {
        if (isModelDefaults()) return new Overlay(modelDir, List.of());
        String conf = apply(Files.readString(modelDir.resolve(VoskModelLayout.MODEL_CONF), StandardCharsets.UTF_8));
        Path root = Files.createTempDirectory("wakegate-vosk-");   // private to this user (0700 on POSIX)
        List<Path> created = new ArrayList<>();
        created.add(root);
        try {
            Path absolute = modelDir.toAbsolutePath();
            try (Stream<Path> entries = Files.list(absolute)) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (e.getFileName().toString().equals("conf")) continue;
                    created.add(Files.createSymbolicLink(root.resolve(e.getFileName().toString()), e));
                }
            }
            Path confDir = Files.createDirectory(root.resolve("conf"));
            created.add(confDir);
            try (Stream<Path> entries = Files.list(absolute.resolve("conf"))) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (e.getFileName().toString().equals("model.conf")) continue;
                    created.add(Files.createSymbolicLink(confDir.resolve(e.getFileName().toString()), e));
                }
            }
            created.add(Files.writeString(confDir.resolve("model.conf"), conf, StandardCharsets.UTF_8));
            return new Overlay(root, created);
        } catch (IOException | UnsupportedOperationException e) {
            new Overlay(root, created).close();
            throw new UserError("cannot apply the --vosk-* decoder settings here (" + e.getMessage()
                    + "). Fix: run without them, or edit the model's conf/model.conf");
        }
    }

    /** A model directory to load from; closing deletes what was created for it (links, never their targets). */
    record Overlay(Path dir, List<Path> created) implements AutoCloseable {
        @Override
        public void close() {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException ignored) {
                    // a leftover link in the temporary directory is harmless
                }
            }
        }
    }
}
