package dev.wakegate.detect.oww;

import java.nio.FloatBuffer;
import java.util.Arrays;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;
import static dev.wakegate.detect.oww.FeatureModels.MELS;
import static dev.wakegate.detect.oww.FeatureModels.WINDOW_FRAMES;
import static dev.wakegate.detect.oww.FeatureModels.WINDOW_HOP_FRAMES;

/**
 * openWakeWord's streaming features, one 80 ms step at a time: the mel model runs on the step plus the 30 ms before
 * it (its 32 ms windows overlap the previous step) and yields 8 frames, scaled by {@code x/10 + 2}; the embedding
 * model runs on the newest 76 frames and yields one 96-number embedding per step. The last {@code capacity}
 * embeddings are kept for the wake models.
 *
 * <p>What came before a {@link #reset} is unknown. With {@code silentHistory} (the start of a stream) it is taken to be
 * digital silence, as openWakeWord pads a clip with zeros; otherwise (after a gap) features count as valid only
 * once they are computed from audio seen since the reset. Each model runs only on valid input.
 *
 * <p>All buffers and tensors are made once. Not thread-safe: one pipeline thread.
 */
final class FeatureStream implements AutoCloseable {
    static final int STEP_SAMPLES = 1280;
    /** The mel model's 512-sample windows hop by 160: each step also needs the 480 samples before it. */
    static final int MEL_CONTEXT_SAMPLES = 480;
    static final int MEL_INPUT_SAMPLES = STEP_SAMPLES + MEL_CONTEXT_SAMPLES;
    static final int MEL_FRAMES_PER_STEP = WINDOW_HOP_FRAMES;

    private final FeatureModels models;
    private final Onnx.Call melCall;
    /** The window model, where it computes the embeddings (no re-cut model); else null. */
    private final Onnx.Call embeddingCall;
    /** Where the model can be re-cut: each step's embedding from what is new in its window, exact at every step. */
    private final EmbeddingStream.Cursor streaming;
    private final float[] samples = new float[MEL_INPUT_SAMPLES];
    /** The mel frames of the last {@code capacity} embeddings' windows, oldest first; the newest 76 are the current window. */
    private final float[] melHistory;
    private final int historyFrames;
    private final float[] embeddings;
    /** Per embedding: true while it is a copy of the one before (a skipped step), not computed from its own window. */
    private final boolean[] estimated;
    private final int capacity;
    private int knownSamples, validMelFrames, validEmbeddings, heardEmbeddings;
    /** Where the embedding streams: steps whose frames it has not read yet, and how many of them have a slot. */
    private int pendingSteps, pendingSlots;

    /** @param capacity how many of the newest embeddings to keep (the longest wake-model input) */
    FeatureStream(FeatureModels models, int capacity) {
        this(models, capacity, true);
    }

    /** A stream for mel frames only: its embeddings are never computed ({@link #step(short[], int, boolean)} with false). */
    static FeatureStream melOnly(FeatureModels models) {
        return new FeatureStream(models, 1, false);
    }

    private FeatureStream(FeatureModels models, int capacity, boolean embeddingsWanted) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.models = models;
        this.capacity = capacity;
        this.embeddings = new float[capacity * EMBEDDING_SIZE];
        this.estimated = new boolean[capacity];
        this.historyFrames = WINDOW_FRAMES + MEL_FRAMES_PER_STEP * (capacity - 1);
        this.melHistory = new float[historyFrames * MELS];
        this.melCall = new Onnx.Call(models.mel, new long[]{1, MEL_INPUT_SAMPLES}, new long[]{1, 1, MEL_FRAMES_PER_STEP, MELS}, models.melMemo);
        this.streaming = models.streaming == null || !embeddingsWanted ? null : models.streaming.cursor(models.streamMemo, models.batchMemo);
        // the window model runs only where the embedding does not stream
        this.embeddingCall = streaming != null || !embeddingsWanted ? null : new Onnx.Call(models.embedding, new long[]{1, WINDOW_FRAMES, MELS, 1},
                new long[]{1, 1, 1, EMBEDDING_SIZE}, models.embeddingMemo);
        reset(true);
    }

    static float scaleMel(float x) {
        return x / 10f + 2f;
    }

    /** Forgets the stream; with {@code silentHistory} the past is digital silence, else it is unknown. */
    void reset(boolean silentHistory) {
        Arrays.fill(samples, 0);
        if (streaming != null) streaming.reset();
        pendingSteps = pendingSlots = 0;
        for (int f = 0; f < historyFrames; f++) System.arraycopy(models.silentMelFrame, 0, melHistory, f * MELS, MELS);
        Arrays.fill(estimated, false);
        for (int e = 0; e < capacity; e++) System.arraycopy(models.silentEmbedding, 0, embeddings, e * EMBEDDING_SIZE, EMBEDDING_SIZE);
        knownSamples = silentHistory ? MEL_INPUT_SAMPLES : 0;
        validMelFrames = silentHistory ? historyFrames : 0;
        validEmbeddings = silentHistory ? capacity : 0;
        heardEmbeddings = 0;
    }

    /** Adds the next {@link #STEP_SAMPLES} samples of {@code src} from {@code off}, computing its embedding. */
    void step(short[] src, int off) {
        step(src, off, true);
    }

    /**
     * Adds the next step. With {@code computeEmbedding} false only the mel frames are computed (a tenth of the cost) and
     * the step's embedding is estimated as a copy of the one before, until {@link #refine} computes it from its window.
     * Where the embedding streams ({@link EmbeddingStream}), the steps not computed are computed with the next one that
     * is, three in one run when they are three, or by {@link #refine}: exactly as step by step.
     */
    void step(short[] src, int off, boolean computeEmbedding) {
        System.arraycopy(samples, STEP_SAMPLES, samples, 0, MEL_CONTEXT_SAMPLES);
        for (int i = 0; i < STEP_SAMPLES; i++) samples[MEL_CONTEXT_SAMPLES + i] = src[off + i];   // int16 scale, as trained
        knownSamples = Math.min(MEL_INPUT_SAMPLES, knownSamples + STEP_SAMPLES);
        if (knownSamples < MEL_INPUT_SAMPLES) return;

        melCall.in.put(0, samples);
        melCall.run();
        int keep = (historyFrames - MEL_FRAMES_PER_STEP) * MELS;
        System.arraycopy(melHistory, MEL_FRAMES_PER_STEP * MELS, melHistory, 0, keep);
        for (int i = 0; i < MEL_FRAMES_PER_STEP * MELS; i++) melHistory[keep + i] = scaleMel(melCall.out.get(i));
        validMelFrames = Math.min(historyFrames, validMelFrames + MEL_FRAMES_PER_STEP);
        // the re-cut model reads every step, even before a whole window is known: rows computed from frames before the
        // stream lie outside the window of any embedding that is handed on
        if (streaming != null) pendingSteps++;
        if (validMelFrames < WINDOW_FRAMES) {
            if (pendingSteps == EmbeddingStream.BATCH_STEPS) stream();
            return;
        }

        System.arraycopy(embeddings, EMBEDDING_SIZE, embeddings, 0, (capacity - 1) * EMBEDDING_SIZE);
        System.arraycopy(estimated, 1, estimated, 0, capacity - 1);
        int newest = capacity - 1;
        if (computeEmbedding && streaming == null) {
            compute(newest, 0);
        } else {
            if (capacity > 1) System.arraycopy(embeddings, (newest - 1) * EMBEDDING_SIZE, embeddings, newest * EMBEDDING_SIZE, EMBEDDING_SIZE);
            estimated[newest] = true;
        }
        validEmbeddings = Math.min(capacity, validEmbeddings + 1);
        heardEmbeddings = Math.min(capacity, heardEmbeddings + 1);
        if (streaming == null) return;
        pendingSlots++;
        if (computeEmbedding || pendingSteps == EmbeddingStream.BATCH_STEPS) stream();
    }

    /**
     * Lets the re-cut model read the steps it has not read, in one run when they are a batch, and puts the embeddings
     * of those that have a slot in it. Returns how many slots were computed.
     */
    private int stream() {
        int steps = pendingSteps, computed = 0;
        if (steps == EmbeddingStream.BATCH_STEPS) {
            streaming.step(melHistory, (historyFrames - streaming.inputFrames(steps)) * MELS, steps);
            for (int i = 0; i < steps; i++) computed += keepStreamed(i, steps - 1 - i);
        } else {
            for (int ago = steps - 1; ago >= 0; ago--) {
                int end = historyFrames - MEL_FRAMES_PER_STEP * ago;
                streaming.step(melHistory, (end - streaming.inputFrames(1)) * MELS, 1);
                computed += keepStreamed(0, ago);
            }
        }
        pendingSteps = pendingSlots = 0;
        return computed;
    }

    /** Puts embedding {@code i} of the last run into the slot of the step {@code ago} steps back, if that step has one. */
    private int keepStreamed(int i, int ago) {
        if (ago >= Math.min(pendingSlots, capacity)) return 0;
        int slot = capacity - 1 - ago;
        System.arraycopy(streaming.embeddings, i * EMBEDDING_SIZE, embeddings, slot * EMBEDDING_SIZE, EMBEDDING_SIZE);
        estimated[slot] = false;
        return 1;
    }

    /** Computes the embedding in slot {@code slot} from the mel window that ended {@code stepsAgo} steps ago. */
    private void compute(int slot, int stepsAgo) {
        int from = (historyFrames - WINDOW_FRAMES - MEL_FRAMES_PER_STEP * stepsAgo) * MELS;
        embeddingCall.in.put(0, melHistory, from, WINDOW_FRAMES * MELS);
        embeddingCall.run();
        embeddingCall.out.get(0, embeddings, slot * EMBEDDING_SIZE, EMBEDDING_SIZE);
        estimated[slot] = false;
    }

    /** Copies the mel frames of the last step (scaled) into {@code into}, from row {@code at}. */
    void copyNewestMelFrames(float[][] into, int at) {
        int from = (historyFrames - MEL_FRAMES_PER_STEP) * MELS;
        for (int f = 0; f < MEL_FRAMES_PER_STEP; f++) System.arraycopy(melHistory, from + f * MELS, into[at + f], 0, MELS);
    }

    /**
     * Computes every estimated embedding kept from its own mel window, so they are exactly what
     * {@link #step(short[], int)} would have made. Returns how many were computed.
     */
    int refine() {
        if (streaming != null) return stream();
        int computed = 0;
        for (int ago = 0; ago < heardEmbeddings; ago++) {
            int slot = capacity - 1 - ago;
            if (!estimated[slot]) continue;
            compute(slot, ago);
            computed++;
        }
        return computed;
    }

    /**
     * How many of the newest embeddings were computed at a step of the stream since the reset (at most the capacity);
     * the others are the assumed history (digital silence at the start of a stream), which a personal template must
     * not match: its takes may hold a little silence, and silence before a stream was never heard.
     */
    int heardEmbeddings() {
        return heardEmbeddings;
    }

    /** How many of the newest embeddings were computed from known audio (at most the capacity). */
    int validEmbeddings() {
        return validEmbeddings;
    }

    /** Copies the newest {@code n} embeddings, oldest first, into {@code dst} from index 0. */
    void copyNewest(int n, FloatBuffer dst) {
        copyEnding(n, 0, dst);
    }

    /** Copies the {@code n} embeddings that ended {@code ago} steps before the newest, oldest first, into {@code dst}. */
    void copyEnding(int n, int ago, FloatBuffer dst) {
        dst.put(0, embeddings, (capacity - n - ago) * EMBEDDING_SIZE, n * EMBEDDING_SIZE);
    }

    int capacity() {
        return capacity;
    }

    /** Steps from a reset with unknown history until {@code n} embeddings are valid. */
    static int warmUpSteps(int n) {
        int firstMelStep = ceilDiv(MEL_INPUT_SAMPLES, STEP_SAMPLES);                      // the first full mel input
        int firstEmbeddingStep = firstMelStep + ceilDiv(WINDOW_FRAMES, MEL_FRAMES_PER_STEP) - 1;  // 76 frames known
        return firstEmbeddingStep + n - 1;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public void close() {
        melCall.close();
        if (embeddingCall != null) embeddingCall.close();
        if (streaming != null) streaming.close();
    }
}
