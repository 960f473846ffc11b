package dev.wakegate.detect.oww;

import ai.onnxruntime.OrtSession;

import java.util.Random;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;
import static dev.wakegate.detect.oww.FeatureModels.MELS;
import static dev.wakegate.detect.oww.FeatureModels.WINDOW_FRAMES;
import static dev.wakegate.detect.oww.FeatureModels.WINDOW_HOP_FRAMES;

/**
 * The speech embedding one 80 ms step at a time, on the model re-cut by {@link StreamingEmbeddingGraph}: each step
 * computes only what is new in its window (about a third of the window model's cost here), and the embedding is
 * the window model's. Opened only when the re-cut model gives the window model's embeddings on a test sequence;
 * otherwise {@link #open} returns null and the window model runs on every window as before.
 */
final class EmbeddingStream implements AutoCloseable {
    /** How far a re-cut embedding may lie from the window model's (the same operations; here they agree bit for bit). */
    static final float TOLERANCE = 1e-4f;

    private final OrtSession session;
    private final StreamingEmbeddingGraph.Layout layout;
    /** Per stage, the context of a stream that has been silent forever. */
    private final float[][] silentContexts;

    private EmbeddingStream(OrtSession session, StreamingEmbeddingGraph.Layout layout) {
        this.session = session;
        this.layout = layout;
        this.silentContexts = new float[layout.stages().size()][];
        for (int k = 0; k < silentContexts.length; k++) silentContexts[k] = new float[layout.stages().get(k).contextSize()];
    }

    /**
     * The re-cut model of {@code windowModel}, checked against {@code window} (its session) on pseudo-random frames, with
     * the context of silence worked out; null when the graph cannot be re-cut or its embeddings differ.
     */
    static EmbeddingStream open(byte[] windowModel, OrtSession window, float[] silentMelFrame, float[] silentEmbedding, String name) {
        var derived = StreamingEmbeddingGraph.derive(windowModel, WINDOW_FRAMES, MELS, WINDOW_HOP_FRAMES);
        if (derived == null) return null;
        int lookBack = WINDOW_FRAMES - derived.layout().inputFrames();
        if (lookBack < 0 || lookBack % WINDOW_HOP_FRAMES != 0) return null;   // a window would not end where a step does
        OrtSession session;
        try {
            session = Onnx.open(derived.model(), name + " (re-cut for streaming)", "");
        } catch (RuntimeException e) {
            return null;
        }
        var stream = new EmbeddingStream(session, derived.layout());
        try {
            if (stream.learnSilence(silentMelFrame, silentEmbedding) && stream.agreesWith(window)) return stream;
        } catch (RuntimeException e) {
            // a graph ONNX Runtime accepts but cannot run: the window model stays
        }
        stream.close();
        return null;
    }

    /** Frames the re-cut model reads per step: the step's own and the ones before it that its first stage needs. */
    int inputFrames() {
        return layout.inputFrames();
    }

    /** Numbers in one run's inputs and outputs, for a {@link ModelMemo}. */
    int inputSize() {
        int n = layout.inputFrames() * MELS;
        for (var s : layout.stages()) n += s.contextSize();
        return n;
    }

    int outputSize() {
        int n = EMBEDDING_SIZE;
        for (var s : layout.stages()) n += s.newSize();
        return n;
    }

    /** A stream's own state: its stages' contexts and the model call; starts as after silence. */
    Cursor cursor(ModelMemo memo) {
        return new Cursor(memo);
    }

    /** Runs on digital silence until every context is silence's, and checks that its embedding is the window model's. */
    private boolean learnSilence(float[] silentMelFrame, float[] silentEmbedding) {
        float[] frames = new float[layout.inputFrames() * MELS];
        for (int f = 0; f < layout.inputFrames(); f++) System.arraycopy(silentMelFrame, 0, frames, f * MELS, MELS);
        try (var cursor = new Cursor(null)) {
            for (int step = 0; step < 4 * WINDOW_FRAMES / WINDOW_HOP_FRAMES; step++) cursor.step(frames, 0);
            for (int k = 0; k < silentContexts.length; k++) System.arraycopy(cursor.contexts[k], 0, silentContexts[k], 0, silentContexts[k].length);
            return close(cursor.embedding, silentEmbedding);
        }
    }

    /** The window model and the re-cut one on the same pseudo-random frames, embedding for embedding. */
    private boolean agreesWith(OrtSession window) {
        int embeddings = 8, steps = (WINDOW_FRAMES - layout.inputFrames()) / WINDOW_HOP_FRAMES + embeddings;
        int length = layout.inputFrames() + WINDOW_HOP_FRAMES * (steps - 1);
        float[] frames = new float[length * MELS];
        var random = new Random(76);
        for (int i = 0; i < frames.length; i++) frames[i] = (float) (random.nextGaussian() + 1);   // scaled log mel: about 0 to 2
        float[] expected = new float[EMBEDDING_SIZE];
        try (var cursor = new Cursor(null);
             var call = new Onnx.Call(window, new long[]{1, WINDOW_FRAMES, MELS, 1}, new long[]{1, 1, 1, EMBEDDING_SIZE})) {
            for (int step = 0; step < steps; step++) {
                int end = layout.inputFrames() + WINDOW_HOP_FRAMES * step;
                cursor.step(frames, (end - layout.inputFrames()) * MELS);
                if (end < WINDOW_FRAMES) continue;
                call.in.put(0, frames, (end - WINDOW_FRAMES) * MELS, WINDOW_FRAMES * MELS);
                call.run();
                call.out.get(0, expected);
                if (!close(cursor.embedding, expected)) return false;
            }
        }
        return true;
    }

    private static boolean close(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= TOLERANCE * Math.max(1, Math.abs(b[i])))) return false;
        return true;
    }

    @Override
    public void close() {
        FeatureModels.closeQuietly(session);
    }

    /** One stream's contexts and call. All buffers are made once; one thread. */
    final class Cursor implements AutoCloseable {
        private final Onnx.Call call;
        private final float[][] contexts;
        /** The newest step's embedding. */
        final float[] embedding = new float[EMBEDDING_SIZE];

        private Cursor(ModelMemo memo) {
            var stages = layout.stages();
            int n = stages.size();
            var inNames = new String[n + 1];
            var inShapes = new long[n + 1][];
            var outNames = new String[n + 1];
            var outShapes = new long[n + 1][];
            inNames[0] = StreamingEmbeddingGraph.FRAMES_INPUT;
            inShapes[0] = new long[]{1, layout.inputFrames(), MELS, 1};
            outNames[0] = layout.embeddingOutput();
            outShapes[0] = new long[]{1, 1, 1, EMBEDDING_SIZE};
            contexts = new float[n][];
            for (int k = 0; k < n; k++) {
                var s = stages.get(k);
                inNames[k + 1] = s.contextInput();
                inShapes[k + 1] = new long[]{1, s.channels(), s.contextRows(), s.width()};
                outNames[k + 1] = s.newOutput();
                outShapes[k + 1] = new long[]{1, s.channels(), s.newRows(), s.width()};
                contexts[k] = silentContexts[k].clone();
            }
            call = new Onnx.Call(session, inNames, inShapes, outNames, outShapes, memo);
        }

        /** Frames each step reads ({@link EmbeddingStream#inputFrames}). */
        int inputFrames() {
            return layout.inputFrames();
        }

        /** Forgets the stream: its past is digital silence. */
        void reset() {
            for (int k = 0; k < contexts.length; k++) System.arraycopy(silentContexts[k], 0, contexts[k], 0, contexts[k].length);
        }

        /**
         * The next step: {@link #inputFrames} scaled mel frames from {@code frames[from]}, the step's own last; its
         * embedding is then in {@link #embedding}.
         */
        void step(float[] frames, int from) {
            call.ins[0].put(0, frames, from, layout.inputFrames() * MELS);
            for (int k = 0; k < contexts.length; k++) call.ins[k + 1].put(0, contexts[k]);
            call.run();
            call.outs[0].get(0, embedding);
            for (int k = 0; k < contexts.length; k++) keepNewRows(layout.stages().get(k), contexts[k], call.outs[k + 1]);
        }

        /** Shifts a stage's context by the rows made at this step and puts them at its end. */
        private static void keepNewRows(StreamingEmbeddingGraph.Stage stage, float[] context, java.nio.FloatBuffer fresh) {
            int width = stage.width(), rows = stage.contextRows(), added = stage.newRows();
            int kept = Math.max(0, rows - added), taken = rows - kept;
            for (int c = 0; c < stage.channels(); c++) {
                int base = c * rows * width;
                if (kept > 0) System.arraycopy(context, base + added * width, context, base, kept * width);
                fresh.get((c * added + added - taken) * width, context, base + kept * width, taken * width);
            }
        }

        @Override
        public void close() {
            call.close();
        }
    }
}
