package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.oww.EmbeddingWord;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.internal.UserError;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A personal wake word matched in speech-embedding space: each enrolled take is kept as the sequence of speech
 * embeddings (openWakeWord's feature model, Google's speech embedding) whose windows end while the word is spoken
 * or just after it. A window of the stream is scored by subsequence DTW on cosine distance against every take,
 * ending at the newest embedding. The embeddings were trained to tell words apart across speakers, devices and
 * noise, so takes from one voice also find the word in other voices, which log-mel templates cannot.
 *
 * <p>The threshold comes from how well the takes agreed, as the log-mel engine's does: takes from several voices or
 * microphones differ more than one voice's takes, and the word is then accepted further from them.
 *
 * @param takes       unit-length embeddings per take, oldest first
 * @param agreement   how well the takes agree (from {@link #agreement}: for three takes, each take's distance to its nearest other take)
 * @param wordSamples the typical length of the spoken word
 * @param voices      whose voice each take is (one label per take, as enrolled)
 * @param windowFrames per take, the mel frames its embeddings were computed from (empty when not kept): what
 *                    {@link #heardThrough} mixes with a candidate's background
 * @param takeLimits  per take, the distance at which its match scores 0.5 ({@link #limitedBy}); empty: every take's is
 *                    {@link #limit()}
 */
public record EmbeddingTemplate(String name, List<float[][]> takes, double agreement, long wordSamples, List<String> voices,
                                List<float[][]> windowFrames, List<Double> takeLimits) implements EmbeddingWord {
    /** Takes keep the embeddings whose 775 ms windows end from 0.3 s into the word to 0.2 s after it. */
    static final double FIRST_AFTER_START_SECONDS = 0.45, LAST_AFTER_END_SECONDS = 0.2;
    /** The distance limit at score 0.5 (the default threshold): this base plus a share of the takes' disagreement. */
    static final double BASE_LIMIT = 0.09, AGREEMENT_SHARE = 0.45, MAX_LIMIT = 0.2;
    private static final int MIN_TAKE_EMBEDDINGS = 2;

    public EmbeddingTemplate {
        if (takes.isEmpty()) throw new IllegalArgumentException("a wake word needs at least one take");
        for (float[][] t : takes) {
            if (t.length < 1) throw new IllegalArgumentException("a take needs at least one embedding");
            for (float[] e : t) if (e.length != FeatureModels.EMBEDDING_SIZE) throw new IllegalArgumentException("an embedding has 96 numbers");
        }
        takes = takes.stream().map(EmbeddingTemplate::unit).toList();
        if (!(agreement >= 0)) throw new IllegalArgumentException("agreement must be >= 0");
        voices = List.copyOf(voices);
        if (voices.size() != takes.size()) throw new IllegalArgumentException("one voice label per take");
        windowFrames = List.copyOf(windowFrames);
        if (!windowFrames.isEmpty() && windowFrames.size() != takes.size()) throw new IllegalArgumentException("one set of window frames per take");
        takeLimits = List.copyOf(takeLimits);
        if (!takeLimits.isEmpty() && takeLimits.size() != takes.size()) throw new IllegalArgumentException("one limit per take");
        for (double l : takeLimits) if (!(l > 0)) throw new IllegalArgumentException("a take's limit must be > 0");
    }

    /** A template whose takes all have the limit their agreement gives. */
    public EmbeddingTemplate(String name, List<float[][]> takes, double agreement, long wordSamples, List<String> voices,
                             List<float[][]> windowFrames) {
        this(name, takes, agreement, wordSamples, voices, windowFrames, List.of());
    }

    /** A template whose takes are all one voice's, without window frames. */
    public EmbeddingTemplate(String name, List<float[][]> takes, double agreement, long wordSamples) {
        this(name, takes, agreement, wordSamples, Collections.nCopies(takes.size(), WakeTemplate.FIRST_VOICE), List.of());
    }

    /** Whether the takes can be {@link #heardThrough} a background: their window frames were kept at enrollment. */
    public boolean hearsBackground() {
        return !windowFrames.isEmpty();
    }

    /**
     * This word with each take as it would have sounded in {@code background}: its window frames mixed with the
     * background, and the embeddings computed again from them. The threshold stays that of the clean takes.
     */
    public EmbeddingTemplate heardThrough(MelBackground background, FeatureModels models) {
        if (!hearsBackground()) throw new IllegalStateException(name + ": no window frames kept");
        var noisy = new ArrayList<float[][]>(takes.size());
        for (float[][] frames : windowFrames) noisy.add(models.embeddingsOfWindows(background.under(frames)));
        return new EmbeddingTemplate(name, noisy, agreement, wordSamples, voices, windowFrames, takeLimits);
    }

    /**
     * How near a take may come to ordinary words said by other people, as a share of its distance to them
     * ({@link Cohort#nearest}): chosen on the real recordings' tuning half (see the README).
     */
    static final double COHORT_SHARE = 0.9;

    /**
     * This word with each take's limit kept clear of ordinary speech: the limit its agreement gives, but no more than
     * {@link #COHORT_SHARE} of the take's distance to ordinary words. A take that lies near ordinary speech (a "central"
     * take, said flatly) would accept other words at the agreement's limit; it accepts only what lies nearer to it than
     * they do. It never widens a limit: 40 single words say where ordinary speech comes near, not how near it cannot
     * come (widened, the limits let ten times as much read speech through on the real recordings, see the README).
     */
    public EmbeddingTemplate limitedBy(Cohort cohort) {
        var limits = new ArrayList<Double>(takes.size());
        for (int t = 0; t < takes.size(); t++) limits.add(Math.min(limit(t), COHORT_SHARE * cohort.nearest(takes.get(t))));
        return new EmbeddingTemplate(name, takes, agreement, wordSamples, voices, windowFrames, limits);
    }

    /** The distance at which take {@code take}'s score is 0.5. */
    double limit(int take) {
        return takeLimits.isEmpty() ? limit() : takeLimits.get(take);
    }

    /** The distance at which the score is 0.5: that of the loosest voice's takes. */
    double limit() {
        return limitFor(agreement);
    }

    /** The distance at which a match of a take whose voice's takes agreed this well scores 0.5. */
    static double limitFor(double agreement) {
        return Math.min(MAX_LIMIT, BASE_LIMIT + AGREEMENT_SHARE * agreement);
    }

    /** The score for a distance: 0.5 at {@link #limit()}, falling steeply beyond it. */
    double score(double distance) {
        return scoreOfRatio(distance / limit());
    }

    /** The score of a distance {@code r} times the limit. */
    private static double scoreOfRatio(double r) {
        double r4 = r * r * r * r;
        return 1 / (1 + r4);
    }

    /** The score a match of score {@code score} would get if the limit were {@code factor} times as far. */
    public static double widened(double score, double factor) {
        if (score <= 0) return 0;
        double r4 = 1 / score - 1, f4 = factor * factor * factor * factor;
        return 1 / (1 + r4 / f4);
    }

    /** A match may stretch a take to twice its length; the window also holds a little before it. */
    @Override
    public int windowEmbeddings() {
        return 2 * longest(takes) + 2;
    }

    @Override
    public Scorer scorer() {
        return scorer(Double.POSITIVE_INFINITY);
    }

    /**
     * How far the worst step of a match may lie from the takes in the confirmation of {@code --template-features
     * embedding}, in multiples of the mean's limit. A near miss matches most of the word ("jasper" for "hey jasper",
     * "hey commuter" for "hey computer"), so its mean distance stays near, while the part that differs is a step or two
     * far off. Chosen on tuning data (see the README).
     */
    static final double WORST_STEP_FACTOR = 3.0;

    /** This word as the confirmation scores it: the mean distance, and the worst step within {@link #WORST_STEP_FACTOR}. */
    public EmbeddingWord confirming() {
        return new Confirming(this);
    }

    private record Confirming(EmbeddingTemplate word) implements EmbeddingWord {
        @Override
        public String name() {
            return word.name();
        }

        @Override
        public int windowEmbeddings() {
            return word.windowEmbeddings();
        }

        @Override
        public long wordSamples() {
            return word.wordSamples();
        }

        @Override
        public Scorer scorer() {
            return word.scorer(WORST_STEP_FACTOR);
        }

        @Override
        public void close() {}
    }

    private Scorer scorer(double worstStepFactor) {
        int n = windowEmbeddings();
        var in = FeatureModels.embeddingWindow(n);
        float[][] window = new float[n][FeatureModels.EMBEDDING_SIZE];
        var dtw = new Dtw(longest(takes));
        double[] limits = new double[takes.size()];
        for (int t = 0; t < limits.length; t++) limits[t] = limit(t);
        boolean labelled = WakeTemplate.labelled(voices);
        return new Scorer() {
            private int bestTake;

            @Override
            public FloatBuffer input() {
                return in;
            }

            @Override
            public float score() {
                return score(n);
            }

            @Override
            public float score(int heard) {
                int from = n - Math.clamp(heard, 0, n);
                if (n - from < 2) return 0;
                for (int j = from; j < n; j++) {
                    in.get(j * FeatureModels.EMBEDDING_SIZE, window[j]);
                    UnitVectors.normalise(window[j]);
                }
                double best = Double.POSITIVE_INFINITY, bestWorst = Double.POSITIVE_INFINITY;   // in multiples of a take's limit
                for (int t = 0; t < takes.size(); t++) {
                    double r = dtw.distanceEndingAtLast(takes.get(t), window, from) / limits[t];
                    if (r < best) {
                        best = r;
                        bestWorst = dtw.worstStepOfLast() / limits[t];
                        bestTake = t;
                    }
                }
                double score = scoreOfRatio(best);
                if (worstStepFactor == Double.POSITIVE_INFINITY || best == Double.POSITIVE_INFINITY) return (float) score;
                return (float) Math.min(score, scoreOfRatio(bestWorst / worstStepFactor));
            }

            @Override
            public String voice() {
                return labelled ? voices.get(bestTake) : null;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}

    /**
     * The speech-embedding template of an enrolled word, checked against the embedding model in use.
     *
     * @param source where the template came from, for the error message
     */
    public static EmbeddingTemplate of(WakeTemplate template, FeatureModels models, String source) {
        var e = template.embeddings();
        if (e == null)
            throw new UserError(source + ": holds no speech embeddings (it was enrolled without speech-embedding features). Fix: enroll it again"
                    + " now that the feature models are there, or use --template-features mfcc");
        if (!e.modelSha256().equalsIgnoreCase(models.embeddingSha256()))
            throw new UserError(source + ": its speech embeddings were made with another embedding model than "
                    + models.source() + ". Fix: enroll it again, or use --template-features mfcc");
        return new EmbeddingTemplate(template.name(), e.takes(), e.agreement(), template.wordSamples(),
                template.takes().stream().map(WakeTemplate.Take::voice).toList(), e.windowFrames(), voiceLimits(e));
    }

    /** Each take's limit from its own voice's agreement, so that another person's looser takes do not loosen them. */
    static List<Double> voiceLimits(WakeTemplate.SpeechEmbeddings e) {
        return e.takeAgreements().stream().map(EmbeddingTemplate::limitFor).toList();
    }

    /**
     * The takes of an enrollment as speech embeddings, with their agreement and the mel frames they came from.
     */
    public static WakeTemplate.SpeechEmbeddings enroll(FeatureModels models, List<Enroller.Recording> recordings) {
        return enroll(models, recordings, null);
    }

    /** As {@link #enroll(FeatureModels, List)}, the verifier also trained on {@code synthesized} (none without it). */
    public static WakeTemplate.SpeechEmbeddings enroll(FeatureModels models, List<Enroller.Recording> recordings, VerifierBank.Synthesized synthesized) {
        var takes = new ArrayList<float[][]>();
        var whole = new ArrayList<float[][]>();
        var frames = new ArrayList<float[][]>();
        for (var r : recordings) {
            float[][] mel = models.melFramesOf(r.samples());
            float[][] e = models.embeddingsOfWindows(models.windowFrames(mel, 0, mel.length / FeatureModels.WINDOW_HOP_FRAMES));
            whole.add(e);
            var kept = Kept.of(e.length, SpeechSpan.find(r.samples()));
            takes.add(unit(kept.of(e)));
            frames.add(models.windowFrames(mel, kept.first(), kept.count()));
        }
        var embeddings = new WakeTemplate.SpeechEmbeddings(models.embeddingSha256(), takes, agreement(takes, whole), frames);
        var bank = synthesized == null ? null : VerifierBank.builtInFor(models.embeddingSha256());
        return bank == null ? embeddings : embeddings.withVerifier(bank.train(models, recordings, synthesized));
    }

    /**
     * Where a word whose embedding match peaked in the window ending at {@code peakEndSample} ended at the earliest:
     * a take's last embedding is that of the window ending {@link #LAST_AFTER_END_SECONDS} after the spoken word at
     * most, and one 80 ms step less at least.
     */
    public static long earliestWordEnd(long peakEndSample) {
        return peakEndSample - Pcm.samples(LAST_AFTER_END_SECONDS);
    }

    /**
     * One enrolled take as this template keeps it: the embeddings of the recording whose windows end from
     * {@link #FIRST_AFTER_START_SECONDS} into the spoken word to {@link #LAST_AFTER_END_SECONDS} after it.
     */
    public static float[][] take(float[][] recordingEmbeddings, SpeechSpan span) {
        return Kept.of(recordingEmbeddings.length, span).of(recordingEmbeddings);
    }

    /** Which of a recording's embeddings a take keeps: {@code count} from index {@code first}. */
    private record Kept(int first, int count) {
        static Kept of(int embeddings, SpeechSpan span) {
            long start = (long) span.startFrame() * Pcm.FRAME_SAMPLES, end = (long) span.endFrame() * Pcm.FRAME_SAMPLES;
            long from = start + Pcm.samples(FIRST_AFTER_START_SECONDS), to = end + Pcm.samples(LAST_AFTER_END_SECONDS);
            int first = -1, count = 0;
            for (int k = 0; k < embeddings; k++) {
                long windowEnd = (long) (k + 1) * FeatureModels.STEP_SAMPLES;
                if (windowEnd >= from && windowEnd <= to) {
                    if (first < 0) first = k;
                    count++;
                }
            }
            return count < MIN_TAKE_EMBEDDINGS ? nearestTo(embeddings, end) : new Kept(first, count);
        }

        /** For a very short word: the two embeddings whose windows end nearest the word's end. */
        private static Kept nearestTo(int embeddings, long endSample) {
            int last = (int) Math.clamp(Math.round((double) endSample / FeatureModels.STEP_SAMPLES), MIN_TAKE_EMBEDDINGS, embeddings);
            return new Kept(last - MIN_TAKE_EMBEDDINGS, MIN_TAKE_EMBEDDINGS);
        }

        float[][] of(float[][] embeddings) {
            return Arrays.copyOfRange(embeddings, first, first + count);
        }
    }

    /**
     * How well the takes agree ({@link Enroller#agreementAsThreeTakes}), where take j is looked for anywhere in take i's
     * whole recording: 0 for identical takes.
     */
    public static double agreement(List<float[][]> takes, List<float[][]> recordings) {
        if (takes.size() != recordings.size()) throw new IllegalArgumentException("one recording per take");
        if (takes.size() < 2) return 0;
        var units = takes.stream().map(EmbeddingTemplate::unit).toList();
        double[][] distances = new double[takes.size()][takes.size()];
        var dtw = new Dtw(longest(units));
        for (int i = 0; i < takes.size(); i++) {
            float[][] recording = unit(recordings.get(i));
            for (int j = 0; j < takes.size(); j++)
                if (i != j) distances[i][j] = dtw.bestAnywhere(units.get(j), recording);
        }
        return Enroller.agreementAsThreeTakes(distances);
    }

    private static int longest(List<float[][]> takes) {
        return takes.stream().mapToInt(t -> t.length).max().orElseThrow();
    }

    private static float[][] unit(float[][] vectors) {
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = vectors[i].clone();
            UnitVectors.normalise(out[i]);
        }
        return out;
    }

    /**
     * Open-begin subsequence DTW on cosine distance between a take (m unit vectors) and a sequence of unit vectors.
     * Steps: both advance, the sequence advances (the take's vector is held), or the take advances; at each cell the
     * predecessor with the lowest mean cost per step is kept, and a distance is the mean cost along the path.
     */
    static final class Dtw {
        /** A match must span at least this share of the take's length in the sequence. */
        static final double MIN_SPAN = 0.5;
        private double[] prevCost, prevLength, cost, length, prevWorst, worst;
        private int[] prevStart, start;
        private int at;
        /** The worst single step of the match {@link #distanceEndingAtLast} last returned. */
        private double lastWorst;

        Dtw(int longestTake) {
            allocate(longestTake);
        }

        private void allocate(int m) {
            prevCost = new double[m];
            prevLength = new double[m];
            cost = new double[m];
            length = new double[m];
            prevStart = new int[m];
            start = new int[m];
            prevWorst = new double[m];
            worst = new double[m];
        }

        /** The distance of the best match that ends at the sequence's last vector. */
        double distanceEndingAtLast(float[][] take, float[][] sequence) {
            return distanceEndingAtLast(take, sequence, 0);
        }

        /** As {@link #distanceEndingAtLast(float[][], float[][])}, on the sequence from index {@code from} on. */
        double distanceEndingAtLast(float[][] take, float[][] sequence, int from) {
            double last = Double.POSITIVE_INFINITY;
            begin(take.length);
            for (int k = from; k < sequence.length; k++) last = step(take, sequence[k]);
            lastWorst = prevWorst[take.length - 1];
            return last;
        }

        /** The cosine distance of the worst step along the match {@link #distanceEndingAtLast} last returned. */
        double worstStepOfLast() {
            return lastWorst;
        }

        /** The distance of the best match ending anywhere in the sequence. */
        double bestAnywhere(float[][] take, float[][] sequence) {
            double best = Double.POSITIVE_INFINITY;
            begin(take.length);
            for (float[] x : sequence) best = Math.min(best, step(take, x));
            return best;
        }

        private void begin(int m) {
            if (m > cost.length) allocate(m);
            Arrays.fill(prevCost, 0, m, Double.POSITIVE_INFINITY);
            Arrays.fill(prevLength, 0, m, 1);
            Arrays.fill(prevWorst, 0, m, 0);
            at = 0;
        }

        /**
         * Adds one vector of the sequence; returns the distance of the best match of the whole take ending here, or
         * infinity if that match spans less than {@link #MIN_SPAN} of the take (the take would be squeezed onto a
         * moment, which matches onsets and clicks).
         */
        private double step(float[][] take, float[] x) {
            int m = take.length;
            for (int i = 0; i < m; i++) {
                double c = 1 - UnitVectors.dot(take[i], x);
                if (i == 0) {
                    cost[0] = c;
                    length[0] = 1;
                    start[0] = at;
                    worst[0] = c;
                    continue;
                }
                int from = i - 1;   // 0: diagonal, from the previous vector's cell i-1
                double bestCost = prevCost[i - 1], bestLength = prevLength[i - 1], bestWorst = prevWorst[i - 1];
                int bestStart = prevStart[i - 1];
                if (prevCost[i] / prevLength[i] < bestCost / bestLength) {   // the take's vector held
                    bestCost = prevCost[i];
                    bestLength = prevLength[i];
                    bestStart = prevStart[i];
                    bestWorst = prevWorst[i];
                }
                if (cost[from] / length[from] < bestCost / bestLength) {     // the take advanced on this vector
                    bestCost = cost[from];
                    bestLength = length[from];
                    bestStart = start[from];
                    bestWorst = worst[from];
                }
                cost[i] = bestCost + c;
                length[i] = bestLength + 1;
                start[i] = bestStart;
                worst[i] = Math.max(bestWorst, c);
            }
            double distance = at - start[m - 1] + 1 >= MIN_SPAN * m ? cost[m - 1] / length[m - 1] : Double.POSITIVE_INFINITY;
            swap();
            at++;
            return distance;
        }

        private void swap() {
            double[] t = prevCost;
            prevCost = cost;
            cost = t;
            t = prevLength;
            prevLength = length;
            length = t;
            int[] s = prevStart;
            prevStart = start;
            start = s;
            t = prevWorst;
            prevWorst = worst;
            worst = t;
        }
    }
}
