package dev.wakegate.detect.oww;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.wakegate.internal.UserError;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One openWakeWord wake model: a small classifier over the newest N speech embeddings (N from the model's input
 * shape {@code [1, N, 96]}, 16 for the pretrained models) that outputs one probability {@code [1, 1]}. The word's
 * name is the file name without {@code .onnx}, as openWakeWord names it ({@code alexa_v0.1}). Holds the session;
 * closing the model closes it.
 */
public final class WakeModel implements EmbeddingWord {
    private final String name;
    private final Path file;
    private final int windowEmbeddings;
    final OrtSession session;

    private WakeModel(String name, Path file, OrtSession session, int windowEmbeddings) {
        this.name = name;
        this.file = file;
        this.session = session;
        this.windowEmbeddings = windowEmbeddings;
    }

    /** Opens and checks a wake model; a missing, unreadable or wrongly shaped file is a {@link UserError}. */
    public static WakeModel open(Path file) {
        String name = nameOf(file);
        String fix = "scripts/fetch-model.sh " + name + " (scripts/fetch-model.sh --list shows the wake models), or check the path";
        OrtSession session = Onnx.open(file, fix);
        try {
            long[] in = Onnx.onlyShape(session.getInputInfo()), out = Onnx.onlyShape(session.getOutputInfo());
            boolean fits = in != null && in.length == 3 && in[0] == 1 && in[1] >= 1 && in[2] == FeatureModels.EMBEDDING_SIZE
                    && out != null && out.length == 2 && out[1] == 1;
            if (!fits)
                throw new UserError(file + ": not an openWakeWord wake model (input " + Onnx.describe(in) + ", output " + Onnx.describe(out)
                        + "; expected [1, N, 96] -> [1, 1]: one wake word per model). Fix: pass a wake model such as alexa_v0.1.onnx"
                        + " (scripts/fetch-model.sh --list); the feature models go in --oww-features");
            return new WakeModel(name, file, session, (int) in[1]);
        } catch (OrtException e) {
            FeatureModels.closeQuietly(session);
            throw new UserError(file + ": cannot inspect the model (" + Onnx.firstLine(e.getMessage()) + "). Fix: " + fix, e);
        } catch (RuntimeException e) {
            FeatureModels.closeQuietly(session);
            throw e;
        }
    }

    /** The word's name: the file name without {@code .onnx}. */
    public static String nameOf(Path file) {
        String f = file.getFileName().toString();
        return f.toLowerCase(Locale.ROOT).endsWith(".onnx") ? f.substring(0, f.length() - 5) : f;
    }

    @Override
    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** N: how many of the newest embeddings (80 ms each) the model reads. */
    @Override
    public int windowEmbeddings() {
        return windowEmbeddings;
    }

    @Override
    public long wordSamples() {
        return OwwDetector.WORD_SAMPLES;
    }

    @Override
    public Scorer scorer() {
        var call = new Onnx.Call(session, new long[]{1, windowEmbeddings, FeatureModels.EMBEDDING_SIZE}, new long[]{1, 1});
        return new Scorer() {
            @Override
            public FloatBuffer input() {
                return call.in;
            }

            @Override
            public float score() {
                call.run();
                return call.out.get(0);
            }

            @Override
            public void close() {
                call.close();
            }
        };
    }

    @Override
    public void close() {
        FeatureModels.closeQuietly(session);
    }

    @Override
    public String toString() {
        return "WakeModel[" + name + ", " + windowEmbeddings + " embeddings]";
    }
}
