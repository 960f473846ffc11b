package dev.wakegate.detect.oww;

import java.util.Arrays;
import java.util.List;

/**
 * The openWakeWord pipeline for one audio stream: the shared features ({@link FeatureStream}) and every wake model
 * over them, one 80 ms step ({@value #STEP_SAMPLES} samples) at a time. Each wake model runs on its newest N
 * embeddings once all N are valid; its score is its raw output, openWakeWord's probability in [0, 1].
 *
 * <p>Does not own the models: whoever opened them closes them after closing the pipeline. Not thread-safe.
 */
public final class OwwPipeline implements AutoCloseable {
    public static final int STEP_SAMPLES = FeatureStream.STEP_SAMPLES;

    private final List<? extends EmbeddingWord> models;
    private final FeatureStream features;
    private final EmbeddingWord.Scorer[] heads;
    private final float[] scores;
    private final boolean[] ready;
    /** The embeddings' valid and heard counts at each of the last {@code 1 + lookBack} steps, newest last. */
    private final int[] validAt, heardAt;

    public OwwPipeline(FeatureModels featureModels, List<? extends EmbeddingWord> models) {
        this(featureModels, models, 0);
    }

    /**
     * A pipeline that can also score the windows that ended up to {@code lookBack} steps before the newest
     * ({@link #scoreStepsAgo}): its stream keeps that many embeddings more.
     */
    OwwPipeline(FeatureModels featureModels, List<? extends EmbeddingWord> models, int lookBack) {
        if (models.isEmpty()) throw new IllegalArgumentException("no wake models");
        this.models = List.copyOf(models);
        int longest = models.stream().mapToInt(EmbeddingWord::windowEmbeddings).max().orElseThrow();
        this.features = new FeatureStream(featureModels, longest + lookBack);
        this.validAt = new int[1 + lookBack];
        this.heardAt = new int[1 + lookBack];
        this.heads = new EmbeddingWord.Scorer[models.size()];
        for (int i = 0; i < heads.length; i++) heads[i] = models.get(i).scorer();
        this.scores = new float[models.size()];
        this.ready = new boolean[models.size()];
    }

    public List<? extends EmbeddingWord> models() {
        return models;
    }

    /**
     * Forgets the stream. {@code silentHistory}: what came before is digital silence (the start of a stream, or
     * a clip padded like openWakeWord's {@code predict_clip}); otherwise it is unknown and scoring resumes after
     * {@link #warmUpSteps()} steps.
     */
    public void reset(boolean silentHistory) {
        features.reset(silentHistory);
        Arrays.fill(scores, 0);
        Arrays.fill(ready, false);
        Arrays.fill(validAt, 0);
        Arrays.fill(heardAt, 0);
    }

    /** Processes the next {@value #STEP_SAMPLES} samples of {@code src} from {@code off}; then read {@link #score}. */
    public void step(short[] src, int off) {
        step(src, off, true);
    }

    /**
     * Processes the next step; with {@code computeEmbedding} false its embedding is estimated (see
     * {@link FeatureStream#step(short[], int, boolean)}) and the scores are a cheap first look, until {@link #refine}.
     */
    public void step(short[] src, int off, boolean computeEmbedding) {
        advance(src, off, computeEmbedding);
        scoreAll();
    }

    /** Computes the estimated embeddings of every model's window and scores again: the scores are then exact. */
    public void refine() {
        if (features.refine() > 0) scoreAll();
    }

    /**
     * Processes the next step without scoring it; {@link #settle} and {@link #scoreStepsAgo} score it later, on exact
     * embeddings, so that steps not computed one by one can be computed together.
     */
    void advance(short[] src, int off, boolean computeEmbedding) {
        features.step(src, off, computeEmbedding);
        System.arraycopy(validAt, 1, validAt, 0, validAt.length - 1);
        System.arraycopy(heardAt, 1, heardAt, 0, heardAt.length - 1);
        validAt[validAt.length - 1] = features.validEmbeddings();
        heardAt[heardAt.length - 1] = features.heardEmbeddings();
    }

    /** Computes every estimated embedding kept, without scoring. */
    void settle() {
        features.refine();
    }

    private void scoreAll() {
        scoreStepsAgo(0);
    }

    /**
     * Scores every model on its window as it was {@code ago} steps before the newest (at most the look-back), with the
     * embeddings kept now: what {@link #step} scored then, once those embeddings are exact.
     */
    void scoreStepsAgo(int ago) {
        int at = validAt.length - 1 - ago, valid = validAt[at];
        for (int i = 0; i < heads.length; i++) {
            int n = models.get(i).windowEmbeddings();
            ready[i] = valid >= n;
            if (!ready[i]) {
                scores[i] = 0;
                continue;
            }
            features.copyEnding(n, ago, heads[i].input());
            scores[i] = Math.clamp(heads[i].score(heardAt[at]), 0f, 1f);
        }
    }

    /** The enrolled voice that model {@code i} matched best in the last step, or null (see {@link EmbeddingWord.Scorer#voice}). */
    public String voice(int i) {
        return heads[i].voice();
    }

    /** Model {@code i}'s score after the last step; 0 while it is not {@link #ready}. */
    public float score(int i) {
        return scores[i];
    }

    /** Whether model {@code i} was scored on valid features in the last step. */
    public boolean ready(int i) {
        return ready[i];
    }

    /** Steps after a reset with unknown history before every model is scored: about 2 s for N = 16. */
    public int warmUpSteps() {
        return FeatureStream.warmUpSteps(features.capacity());
    }

    @Override
    public void close() {
        for (var h : heads) h.close();
        features.close();
    }
}
