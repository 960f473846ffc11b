package dev.wakegate.detect.oww;

import ai.onnxruntime.OrtSession;

import java.util.Arrays;
import java.util.Random;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;
import static dev.wakegate.detect.oww.FeatureModels.MELS;
import static dev.wakegate.detect.oww.FeatureModels.WINDOW_FRAMES;
import static dev.wakegate.detect.oww.FeatureModels.WINDOW_HOP_FRAMES;

/**
 * The speech embedding one 80 ms step at a time, on the model re-cut by {@link StreamingEmbeddingGraph}: each step
 * computes only what is new in its window (about a third of the window model's cost here; three steps in one run
 * about a fifth), and the embedding is the window model's. Opened only when the re-cut model gives the window model's
 * embeddings on a test sequence; otherwise {@link #open} returns null and the window model runs on every window as
 * before. {@code scripts/bench-oww.sh --embedding-cost} prints the costs.
 */
final class EmbeddingStream implements AutoCloseable {
    /** How far a re-cut embedding may lie from the window model's (the same operations; here they agree bit for bit). */
    static final float TOLERANCE = 1e-4f;

    /**
     * Steps a batch computes in one run, for a detector that computes the embedding every third step while no word is
     * near ({@code EmbeddingTemplates.STRIDE}): three steps cost about 0.6 of three single ones here.
     */
    static final int BATCH_STEPS = 3;

    private final OrtSession session, batchSession;
    private final StreamingEmbeddingGraph.Layout layout, batchLayout;
    /** Per stage, the context of a stream that has been silent forever. */
    private final float[][] silentContexts;

    private EmbeddingStream(OrtSession session, StreamingEmbeddingGraph.Layout layout,
                            OrtSession batchSession, StreamingEmbeddingGraph.Layout batchLayout) {
        this.session = session;
        this.layout = layout;
        this.batchSession = batchSession;
        this.batchLayout = batchLayout;
        this.silentContexts = new float[layout.stages().size()][];
        for (int k = 0; k < silentContexts.length; k++) silentContexts[k] = new float[layout.stages().get(k).contextSize()];
    }

    /**
     * The re-cut model of {@code windowModel}, checked against {@code window} (its session) on pseudo-random frames, with
     * the context of silence worked out; null when the graph cannot be re-cut or its embeddings differ.
     */
    static EmbeddingStream open(byte[] windowModel, OrtSession window, float[] silentMelFrame, float[] silentEmbedding, String name) {
        var single = StreamingEmbeddingGraph.derive(windowModel, WINDOW_FRAMES, MELS, WINDOW_HOP_FRAMES);
        var batch = StreamingEmbeddingGraph.derive(windowModel, WINDOW_FRAMES, MELS, WINDOW_HOP_FRAMES * BATCH_STEPS);
        if (single == null || batch == null) return null;
        int lookBack = WINDOW_FRAMES - single.layout().inputFrames();
        if (lookBack < 0 || lookBack % WINDOW_HOP_FRAMES != 0) return null;   // a window would not end where a step does
        OrtSession session = null, batchSession = null;
        try {
            session = Onnx.open(single.model(), name + " (re-cut for streaming)", "");
            batchSession = Onnx.open(batch.model(), name + " (re-cut for streaming, " + BATCH_STEPS + " steps)", "");
        } catch (RuntimeException e) {
            if (session != null) FeatureModels.closeQuietly(session);
            return null;
        }
        var stream = new EmbeddingStream(session, single.layout(), batchSession, batch.layout());
        try {
            boolean agrees = stream.learnSilence(silentMelFrame, silentEmbedding)
                    && stream.agreesWith(window, 1) && stream.agreesWith(window, BATCH_STEPS);
            if (agrees) return stream;
        } catch (RuntimeException e) {
            // a graph ONNX Runtime accepts but cannot run: the window model stays
        }
        stream.close();
        return null;
    }

    /** Frames a run of {@code steps} steps (1 or {@link #BATCH_STEPS}) reads: theirs and the ones its first stage looks back on. */
    int inputFrames(int steps) {
        return layoutFor(steps).inputFrames();
    }

    private StreamingEmbeddingGraph.Layout layoutFor(int steps) {
        if (steps == 1) return layout;
        if (steps == BATCH_STEPS) return batchLayout;
        throw new IllegalArgumentException("the re-cut model runs 1 or " + BATCH_STEPS + " steps at a time, not " + steps);
    }

    /** A {@link ModelMemo} for a run of {@code steps} steps, remembering {@code entries} runs. */
    ModelMemo memo(int steps, int entries) {
        var l = layoutFor(steps);
        int in = l.inputFrames() * MELS, out = EMBEDDING_SIZE * steps;
        for (var s : l.stages()) {
            in += s.contextSize();
            out += s.newSize();
        }
        return new ModelMemo(entries, in, out);
    }

    /** A stream's own state: its stages' contexts and the model calls; starts as after silence. */
    Cursor cursor(ModelMemo memo, ModelMemo batchMemo) {
        return new Cursor(memo, batchMemo);
    }

    /** Runs on digital silence until every context is silence's, and checks that its embedding is the window model's. */
    private boolean learnSilence(float[] silentMelFrame, float[] silentEmbedding) {
        float[] frames = new float[layout.inputFrames() * MELS];
        for (int f = 0; f < layout.inputFrames(); f++) System.arraycopy(silentMelFrame, 0, frames, f * MELS, MELS);
        try (var cursor = new Cursor(null, null)) {
            for (int step = 0; step < 4 * WINDOW_FRAMES / WINDOW_HOP_FRAMES; step++) cursor.step(frames, 0, 1);
            for (int k = 0; k < silentContexts.length; k++) System.arraycopy(cursor.contexts[k], 0, silentContexts[k], 0, silentContexts[k].length);
            return close(cursor.embeddings, 0, silentEmbedding);
        }
    }

    /**
     * The window model and the re-cut one, runs of {@code steps} steps (then single steps at the end), on the same
     * pseudo-random frames, embedding for embedding.
     */
    private boolean agreesWith(OrtSession window, int steps) {
        int count = 8;
        float[] frames = new float[(WINDOW_FRAMES + WINDOW_HOP_FRAMES * (count - 1)) * MELS];
        var random = new Random(76);
        for (int i = 0; i < frames.length; i++) frames[i] = (float) (random.nextGaussian() + 1);   // scaled log mel: about 0 to 2
        float[][] streamed = embeddingsOfWindows(frames, count, steps);
        float[] expected = new float[EMBEDDING_SIZE];
        try (var call = new Onnx.Call(window, new long[]{1, WINDOW_FRAMES, MELS, 1}, new long[]{1, 1, 1, EMBEDDING_SIZE})) {
            for (int k = 0; k < count; k++) {
                call.in.put(0, frames, k * WINDOW_HOP_FRAMES * MELS, WINDOW_FRAMES * MELS);
                call.run();
                call.out.get(0, expected);
                if (!close(streamed[k], 0, expected)) return false;
            }
        }
        return true;
    }

    /**
     * The embeddings of {@code count} consecutive windows of {@code frames} ({@link FeatureModels#MELS} numbers per
     * frame, window k from frame 8k), in runs of {@code maxSteps} steps while they fit, then single steps. A step ends
     * every 8 frames from the first that fills a run's input; from the 76th frame on each step's embedding is a
     * window's (what the stages kept from before the first frame lies outside every window).
     */
    float[][] embeddingsOfWindows(float[] frames, int count, int maxSteps) {
        float[][] out = new float[count][];
        int used = WINDOW_FRAMES + WINDOW_HOP_FRAMES * (count - 1);
        try (var cursor = new Cursor(null, null)) {
            int end = inputFrames(1) - WINDOW_HOP_FRAMES;   // the end of the last step read
            while (end < used) {
                int steps = used - end >= WINDOW_HOP_FRAMES * maxSteps ? maxSteps : 1;
                int last = end + WINDOW_HOP_FRAMES * steps;
                cursor.step(frames, (last - inputFrames(steps)) * MELS, steps);
                for (int i = 0; i < steps; i++) {
                    int stepEnd = last - WINDOW_HOP_FRAMES * (steps - 1 - i);
                    if (stepEnd >= WINDOW_FRAMES)
                        out[(stepEnd - WINDOW_FRAMES) / WINDOW_HOP_FRAMES] = Arrays.copyOfRange(cursor.embeddings, i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE);
                }
                end = last;
            }
        }
        return out;
    }

    /** Whether {@code a} from {@code from} is {@code b}, within {@link #TOLERANCE}. */
    private static boolean close(float[] a, int from, float[] b) {
        for (int i = 0; i < b.length; i++) if (!(Math.abs(a[from + i] - b[i]) <= TOLERANCE * Math.max(1, Math.abs(b[i])))) return false;
        return true;
    }

    @Override
    public void close() {
        FeatureModels.closeQuietly(session);
        FeatureModels.closeQuietly(batchSession);
    }

    /** One stream's contexts and calls. All buffers are made once; one thread. */
    final class Cursor implements AutoCloseable {
        private final Onnx.Call single, batch;
        private final float[][] contexts;
        /** The last run's embeddings, oldest first, {@link FeatureModels#EMBEDDING_SIZE} numbers each. */
        final float[] embeddings = new float[EMBEDDING_SIZE * BATCH_STEPS];

        private Cursor(ModelMemo memo, ModelMemo batchMemo) {
            contexts = new float[silentContexts.length][];
            for (int k = 0; k < contexts.length; k++) contexts[k] = silentContexts[k].clone();
            single = call(session, layout, 1, memo);
            batch = call(batchSession, batchLayout, BATCH_STEPS, batchMemo);
        }

        private static Onnx.Call call(OrtSession session, StreamingEmbeddingGraph.Layout layout, int steps, ModelMemo memo) {
            var stages = layout.stages();
            int n = stages.size();
            var inNames = new String[n + 1];
            var inShapes = new long[n + 1][];
            var outNames = new String[n + 1];
            var outShapes = new long[n + 1][];
            inNames[0] = StreamingEmbeddingGraph.FRAMES_INPUT;
            inShapes[0] = new long[]{1, layout.inputFrames(), MELS, 1};
            outNames[0] = layout.embeddingOutput();
            outShapes[0] = new long[]{steps, 1, 1, EMBEDDING_SIZE};
            for (int k = 0; k < n; k++) {
                var s = stages.get(k);
                inNames[k + 1] = s.contextInput();
                inShapes[k + 1] = new long[]{1, s.channels(), s.contextRows(), s.width()};
                outNames[k + 1] = s.newOutput();
                outShapes[k + 1] = new long[]{1, s.channels(), s.newRows(), s.width()};
            }
            return new Onnx.Call(session, inNames, inShapes, outNames, outShapes, memo);
        }

        /** Frames a run of {@code steps} steps reads ({@link EmbeddingStream#inputFrames}). */
        int inputFrames(int steps) {
            return EmbeddingStream.this.inputFrames(steps);
        }

        /** Forgets the stream: its past is digital silence. */
        void reset() {
            for (int k = 0; k < contexts.length; k++) System.arraycopy(silentContexts[k], 0, contexts[k], 0, contexts[k].length);
        }

        /**
         * The next {@code steps} steps (1 or {@link #BATCH_STEPS}): {@link #inputFrames} scaled mel frames from
         * {@code frames[from]}, the last step's own last; their embeddings are then in {@link #embeddings}, oldest first.
         */
        void step(float[] frames, int from, int steps) {
            var call = steps == 1 ? single : steps == BATCH_STEPS ? batch : null;
            if (call == null) throw new IllegalArgumentException("1 or " + BATCH_STEPS + " steps at a time, not " + steps);
            var stages = layoutFor(steps).stages();
            call.ins[0].put(0, frames, from, inputFrames(steps) * MELS);
            for (int k = 0; k < contexts.length; k++) call.ins[k + 1].put(0, contexts[k]);
            call.run();
            call.outs[0].get(0, embeddings, 0, steps * EMBEDDING_SIZE);
            for (int k = 0; k < contexts.length; k++) keepNewRows(stages.get(k), contexts[k], call.outs[k + 1]);
        }

        /** Shifts a stage's context by the rows made at this run and puts them at its end. */
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
            single.close();
            batch.close();
        }
    }
}
