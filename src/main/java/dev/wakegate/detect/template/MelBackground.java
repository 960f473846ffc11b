package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The room a candidate was heard in, as openWakeWord mel frames: the quieter half of the frames before the word, and
 * how loud the word stood. An enrolled take mixed with it ({@link #under}: band powers added, the background scaled
 * so that the take stands over it as the candidate's word does) is the take as it would have sounded in that room,
 * which is what the log-mel template does with its noise estimate, here for the speech embeddings.
 *
 * @param frames      background frames, each {@link FeatureModels#MELS} scaled mel values
 * @param wordLevelDb the candidate's loud frames' level (90th percentile), in the frames' decibel scale
 */
public record MelBackground(float[][] frames, double wordLevelDb) {
    /** At most this much of the audio before the word is taken as its background. */
    static final int MAX_BEFORE_FRAMES = 40;
    private static final double LOUD_PERCENTILE = 0.9;

    public MelBackground {
        if (frames.length == 0) throw new IllegalArgumentException("a background needs at least one frame");
    }

    /**
     * The background of a candidate from its {@link FeatureModels#melFramesOf mel frames}: the quieter half of the
     * frames before the word ({@code beforeWord}, at most 0.4 s, at least one).
     */
    public static MelBackground of(float[][] candidateFrames, int beforeWord) {
        int n = Math.clamp(beforeWord, 1, Math.min(MAX_BEFORE_FRAMES, candidateFrames.length));
        double[] level = levelsDb(candidateFrames);
        int[] quietest = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> level[i]))
                .limit(Math.max(1, n / 2)).mapToInt(Integer::intValue).toArray();
        float[][] frames = new float[quietest.length][];
        for (int i = 0; i < frames.length; i++) frames[i] = candidateFrames[quietest[i]];
        return new MelBackground(frames, loud(level));
    }

    /** A take's window frames as heard through this background, at the candidate's loudness over it. */
    public float[][] under(float[][] takeFrames) {
        double gain = Math.pow(10, (loud(levelsDb(takeFrames)) - wordLevelDb) / 10);
        float[][] out = new float[takeFrames.length][FeatureModels.MELS];
        for (int i = 0; i < out.length; i++) {
            float[] background = frames[i % frames.length];
            for (int b = 0; b < FeatureModels.MELS; b++)
                out[i][b] = FeatureModels.scaledMel(FeatureModels.melPower(takeFrames[i][b]) + gain * FeatureModels.melPower(background[b]));
        }
        return out;
    }

    /** A frame's level: its band powers summed, in decibels. */
    static double levelDb(float[] frame) {
        double power = 0;
        for (float v : frame) power += FeatureModels.melPower(v);
        return 10 * Math.log10(power + 1e-12);
    }

    private static double[] levelsDb(float[][] frames) {
        double[] level = new double[frames.length];
        for (int i = 0; i < level.length; i++) level[i] = levelDb(frames[i]);
        return level;
    }

    /** The level of the loud frames: the {@link #LOUD_PERCENTILE} of {@code levels}. */
    private static double loud(double[] levels) {
        double[] sorted = levels.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * LOUD_PERCENTILE))];
    }
}
