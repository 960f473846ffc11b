package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a short piece of buffered audio afresh with openWakeWord models, as openWakeWord's {@code predict_clip}
 * does: silence before, the audio in 80 ms steps (the last one completed with zeros), then {@link #TAIL_SAMPLES}
 * of silence so that a word at the very end still reaches the models' window. The peak of each model's score is
 * the result. The basis of the openWakeWord confirmation stage.
 *
 * <p>Owns the models it is given and closes them (the feature models too, unless {@link #borrowing}). Not thread-safe.
 */
public final class OwwScorer implements AutoCloseable {
    /** Silence after the audio, as openWakeWord pads clips. */
    public static final int TAIL_SAMPLES = Pcm.SAMPLE_RATE;

    private final FeatureModels features;
    private final List<? extends EmbeddingWord> models;
    private final OwwPipeline pipeline;
    private final short[] step = new short[OwwPipeline.STEP_SAMPLES];
    /**
     * Steps computed together: the embedding of two steps in three is left to the third, which computes all three in one
     * run where the embedding model streams ({@link FeatureModels#streams}); each step is then scored as it would have
     * been on its own.
     */
    private static final int BATCH = EmbeddingStream.BATCH_STEPS;
    private final boolean ownsFeatures;
    private boolean closed;

    public OwwScorer(FeatureModels features, List<? extends EmbeddingWord> models) {
        this(features, models, true);
    }

    private OwwScorer(FeatureModels features, List<? extends EmbeddingWord> models, boolean ownsFeatures) {
        this.features = features;
        this.models = List.copyOf(models);
        this.pipeline = new OwwPipeline(features, models, BATCH - 1);
        this.ownsFeatures = ownsFeatures;
    }

    /** A scorer on feature models that another owner closes (closing it closes its pipeline and words only). */
    public static OwwScorer borrowing(FeatureModels features, List<? extends EmbeddingWord> models) {
        return new OwwScorer(features, models, false);
    }

    public List<String> words() {
        var names = new ArrayList<String>(models.size());
        for (var m : models) names.add(m.name());
        return names;
    }

    /**
     * A word's best moment in the audio.
     *
     * @param score     the highest score in [0, 1]
     * @param endSample the end of the 80 ms step where it was reached, in samples from the start of the audio
     *                  (may lie in the silent tail)
     */
    public record Peak(String word, double score, int endSample) {}

    /** The peak of every word over {@code audio} (16 kHz mono), in the order of {@link #words()}. */
    public List<Peak> score(short[] audio) {
        return score(audio, 1);
    }

    /**
     * The peak of every word over {@code audio} on {@code grids} step grids: the audio is scored once for each grid,
     * each time starting {@code 80 ms / grids} later after the silence before it, and the highest score counts.
     * Where the 80 ms grid falls on a short word changes its score; more grids make the peak depend less on it.
     */
    public List<Peak> score(short[] audio, int grids) {
        if (grids < 1 || grids > OwwPipeline.STEP_SAMPLES) throw new IllegalArgumentException("grids: " + grids);
        int n = models.size();
        double[] best = new double[n];
        int[] bestEnd = new int[n];
        for (int g = 0; g < grids; g++) {
            int lead = g * OwwPipeline.STEP_SAMPLES / grids;   // silence before the audio on this grid
            pipeline.reset(true);
            int total = lead + audio.length + TAIL_SAMPLES, steps = (total + step.length - 1) / step.length;
            for (int k = 0; k < steps; k++) {
                fill(audio, k * step.length - lead);
                boolean last = k == steps - 1, computed = k % BATCH == BATCH - 1 || last;
                pipeline.advance(step, 0, computed);
                if (!computed) continue;
                pipeline.settle();
                for (int ago = k % BATCH; ago >= 0; ago--) {
                    pipeline.scoreStepsAgo(ago);
                    int end = (k - ago + 1) * step.length - lead;
                    for (int i = 0; i < n; i++) {
                        if (pipeline.score(i) > best[i]) {
                            best[i] = pipeline.score(i);
                            bestEnd[i] = end;
                        }
                    }
                }
            }
        }
        Arrays.fill(step, (short) 0);   // hold no audio between calls
        var peaks = new ArrayList<Peak>(n);
        for (int i = 0; i < n; i++) peaks.add(new Peak(models.get(i).name(), best[i], bestEnd[i]));
        return peaks;
    }

    /** One step of {@code audio} from {@code from} (which may be negative); what lies outside it is silence. */
    private void fill(short[] audio, int from) {
        for (int i = 0; i < step.length; i++) {
            int p = from + i;
            step[i] = p < 0 || p >= audio.length ? 0 : audio[p];
        }
    }

    /** Closes it once; again, nothing (its share of feature models that other stages hold must not be closed twice). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        pipeline.close();
        for (var m : models) m.close();
        if (ownsFeatures) features.close();
    }
}
