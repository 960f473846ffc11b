package dev.wakegate.detect.template;

import dev.wakegate.detect.Sensitivity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One wake word's templates as the matcher uses them: each enrolled take, dry and with a modelled room
 * reverberation, kept as linear mel spectra and turned into unit cepstra for the current background noise and
 * speech level (parallel model combination: the template is heard "through" the same noise as the input).
 *
 * <p>Thresholds come from how well the takes agreed at enrollment: a voice whose takes vary more gets
 * proportionally wider thresholds, so a sensitivity means the same for every voice.
 */
final class WordModel {
    /** Late reverberation modelled on each take: as much reverberant as direct energy, 0.4 s RT60. */
    private static final double REVERB_RATIO = 1.0, REVERB_RT60_FRAMES = 40;
    /** Thresholds on mean and worst-part distance for perfectly consistent takes, tuned on the dev corpus. */
    static final double MEAN_LIMIT = 0.14, PART_LIMIT = 0.20;
    /** Loudness-contour correlation at the default threshold. */
    static final double CONTOUR_LIMIT = 0.35;
    /** Agreement at which calibration starts to widen the thresholds, and the widest factor. */
    private static final double AGREEMENT_REFERENCE = 0.1, MAX_WIDENING = 2.0;
    /**
     * The widest the confirmation look's mean criterion goes for how far a voice's own takes lie apart (its parts go
     * {@link #MAX_WIDENING} at most): chosen on the real recordings' tuning half among 2, 3 and 4 (3 and 4 alike).
     */
    static final double MAX_MEAN_WIDENING = 3.0;
    /** A match may span 0.6-1.7 times the template's length. */
    private static final double MIN_SPAN = 0.6, MAX_SPAN = 1.7;
    /** Frames of input kept on each side of a dip for its exact re-score (the re-score's matrices are made for them). */
    static final int RESCORE_MARGIN_FRAMES = 10;

    final String name;
    /** Whose voice each take is, in take order; null when the template reports no voice ({@link WakeTemplate#labelled}). */
    private final List<String> voices;
    /** The takes of each enrolled voice (indices, in the order the voices were added); one group for a single voice. */
    final int[][] takesByVoice;
    private final int[] allTakes;
    /** The index in {@link #takesByVoice} of each take's voice. */
    private final int[] voiceGroup;
    /** The limits of the loosest voice's takes: every distance is scaled to them ({@link #tightening}). */
    final double meanLimit, partLimit;
    /** Per take, how far its thresholds are widened for its voice's agreement ({@link #wideningFor}). */
    private final double[] takeWidening;
    /**
     * Per take, how far the confirmation look's limits are widened: at least {@link #takeWidening}, see
     * {@link #wideningsForHeldOutTakes}. Made at the first look: a detector's models never confirm.
     */
    private ConfirmationWidening[] confirmationWidening;
    /**
     * Per take, the factor that brings its distances to the loosest voice's limits: exactly 1 for a take of that
     * voice (every take of a one-voice template), more for a take of a voice whose takes agreed better.
     */
    private final float[] tightening;
    final int maxFrames;
    /** Whether a take ends in a hiss ("hey atlas"): then nothing after the word is taken for a plural's s. */
    final boolean endsInSibilant;
    private final List<float[][]> linear = new ArrayList<>();
    private final List<Float> peaks = new ArrayList<>();
    /** The compensated cepstra of each dry take, which its streaming matcher reads. */
    private final float[][][] dryCepstra;
    /** Streaming matchers, one per dry take; the reverberant variants are only used by the exact re-score. */
    final SubsequenceDtw[] dtws;
    /** Work space of the exact looks, made once: this model is used by one matcher on one thread. */
    private final Aligner aligner;
    private final float[] melScratch = new float[Mfcc.MELS];
    private final float[][] oneFrame = new float[1][];
    /** Each variant as the input would hold it (steady noise), and each dry take through a background. */
    private final float[][][] heard, heardInBackground;
    private volatile Sensitivity sensitivity;

    WordModel(WakeTemplate template, Sensitivity sensitivity) {
        this.name = template.name();
        var labels = template.takes().stream().map(WakeTemplate.Take::voice).toList();
        this.voices = WakeTemplate.labelled(labels) ? labels : null;
        this.takesByVoice = groupedByVoice(labels);
        this.allTakes = IntStream.range(0, labels.size()).toArray();
        this.voiceGroup = new int[labels.size()];
        for (int g = 0; g < takesByVoice.length; g++) for (int t : takesByVoice[g]) voiceGroup[t] = g;
        this.takeWidening = template.takes().stream().mapToDouble(t -> wideningFor(t.agreement())).toArray();
        double widening = Arrays.stream(takeWidening).max().orElseThrow();   // the loosest voice's
        this.tightening = new float[takeWidening.length];
        for (int t = 0; t < tightening.length; t++) tightening[t] = (float) (widening / takeWidening[t]);
        this.meanLimit = MEAN_LIMIT * widening;
        this.partLimit = PART_LIMIT * widening;
        this.sensitivity = sensitivity;
        for (var take : template.takes()) {
            float[][] dry = exp(take.logMel());
            linear.add(dry);
            linear.add(reverberant(dry));
        }
        for (float[][] v : linear) peaks.add(peak(v));
        this.endsInSibilant = TrailingSibilant.anyTakeEndsIn(template);
        int takes = template.takes().size();
        dryCepstra = new float[takes][][];
        dtws = new SubsequenceDtw[takes];
        for (int t = 0; t < takes; t++) {
            int m = variantFrames(dryVariant(t));
            dryCepstra[t] = new float[m][Mfcc.COEFFS];
            dtws[t] = new SubsequenceDtw(dryCepstra[t], (int) Math.floor(m * MIN_SPAN), (int) Math.ceil(m * MAX_SPAN));
        }
        int longest = linear.stream().mapToInt(v -> v.length).max().orElse(0);
        this.maxFrames = (int) Math.ceil(longest * MAX_SPAN);
        this.aligner = new Aligner(maxFrames + 2 * RESCORE_MARGIN_FRAMES + 1, longest); // a re-scored dip, with its margins
        heard = new float[linear.size()][][];
        for (int v = 0; v < heard.length; v++) heard[v] = new float[variantFrames(v)][Mfcc.COEFFS];
        heardInBackground = new float[takes][][];
        for (int t = 0; t < takes; t++) heardInBackground[t] = new float[variantFrames(dryVariant(t))][Mfcc.COEFFS];
    }

    /**
     * The confirmation look's widening of each take, for its mean over the word and for its worst parts: its voice's
     * {@link #takeWidening}, or more if that voice's takes do not confirm one another. Each take is held out and
     * compared with the voice's other takes as the confirmation compares a word; each criterion's limit widens (the
     * mean's at most {@link #MAX_MEAN_WIDENING} times, the parts' {@link #MAX_WIDENING}) until the median held-out take
     * lies on it. The confirmation's limits were chosen on synthetic voices, whose takes hold out at 0.1-0.3; a real
     * person's repetitions differ far more (0.9-5 times the limits) and were refused as another word would be: mostly
     * on the mean over the word, which another microphone or day moves as a whole, while a near miss differs in a part
     * ("hey jester" in its sixteenth), whose limit widens less.
     */
    private ConfirmationWidening[] wideningsForHeldOutTakes() {
        var widening = new ConfirmationWidening[takeWidening.length];
        for (int t = 0; t < widening.length; t++) widening[t] = new ConfirmationWidening(takeWidening[t], takeWidening[t]);
        for (int[] voice : takesByVoice) {
            if (voice.length < 2) continue;
            var heldOut = heldOut(voice);
            double mean = Math.min(MAX_MEAN_WIDENING, lowerMedian(Arrays.stream(heldOut).mapToDouble(HeldOut::mean).toArray()));
            double parts = Math.min(MAX_WIDENING, lowerMedian(Arrays.stream(heldOut).mapToDouble(HeldOut::parts).toArray()));
            for (int t : voice) widening[t] = new ConfirmationWidening(Math.max(widening[t].mean(), mean), Math.max(widening[t].parts(), parts));
        }
        return widening;
    }

    /** How far the confirmation look widens a take's limit on the mean over the word, and on its worst parts (1 = as chosen). */
    record ConfirmationWidening(double mean, double parts) {}

    /** A held-out take's confirmation criteria, unwidened, each against the best variant of the voice's other takes for it. */
    record HeldOut(double mean, double parts) {}

    /** For each take of {@code voice}: its confirmation criteria held out against the voice's other takes. */
    HeldOut[] heldOut(int[] voice) {
        var mfcc = new Mfcc();
        float[][][] loudness = new float[linear.size()][][];   // the look's representation of this voice's variants
        for (int t : voice) for (int v = dryVariant(t); v <= dryVariant(t) + 1; v++) loudness[v] = LoudnessCepstra.of(mfcc, linear.get(v));
        var heldOut = new HeldOut[voice.length];
        for (int k = 0; k < voice.length; k++) heldOut[k] = heldOut(loudness, voice[k], voice);
        return heldOut;
    }

    private HeldOut heldOut(float[][][] loudness, int take, int[] voice) {
        float[][] held = loudness[dryVariant(take)];
        double mean = Double.POSITIVE_INFINITY, parts = Double.POSITIVE_INFINITY;
        for (int t : voice) {
            if (t == take) continue;
            for (int v = dryVariant(t); v <= dryVariant(t) + 1; v++) {
                var a = aligner.align(held, 0, held.length, loudness[v]);
                if (!a.found()) continue;
                mean = Math.min(mean, meanRatio(a));
                parts = Math.min(parts, partsRatio(a));
            }
        }
        return new HeldOut(mean, parts);
    }

    /**
     * The median, and for an even count the lower of the two middle values (not their mean, as {@link Enroller#median}):
     * the limits then widen to a take that was held out, not to a point between two.
     */
    private static double lowerMedian(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /** How far the confirmation look widens take {@code take}'s limits (1 = the limits as chosen). */
    ConfirmationWidening confirmationWidening(int take) {
        return confirmationWidenings()[take];
    }

    private ConfirmationWidening[] confirmationWidenings() {
        if (confirmationWidening == null) confirmationWidening = wideningsForHeldOutTakes();
        return confirmationWidening;
    }

    /** The factor that brings take {@code take}'s distances to the loosest voice's limits (1 for that voice's takes). */
    float tightening(int take) {
        return tightening[take];
    }

    /** How far takes that agreed this well widen their thresholds: not at all for consistent ones. */
    private static double wideningFor(double agreement) {
        return Math.clamp(Math.sqrt(agreement / AGREEMENT_REFERENCE), 1.0, MAX_WIDENING);
    }

    /** A steady noise as a background of one frame (the one slot is reused). */
    private float[][] steadyNoise(float[] noise) {
        oneFrame[0] = noise;
        return oneFrame;
    }

    /** Take indices grouped by voice label, in the order each voice first appears. */
    private static int[][] groupedByVoice(List<String> labels) {
        var groups = new LinkedHashMap<String, List<Integer>>();
        for (int t = 0; t < labels.size(); t++) groups.computeIfAbsent(labels.get(t), k -> new ArrayList<>()).add(t);
        return groups.values().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** Variants alternate: take 0 dry, take 0 reverberant, take 1 dry, … */
    private static int dryVariant(int take) {
        return 2 * take;
    }

    /** The take a variant was made from. */
    private static int takeOf(int variant) {
        return variant / 2;
    }

    Sensitivity sensitivity() {
        return sensitivity;
    }

    void setSensitivity(Sensitivity s) {
        this.sensitivity = s;
    }

    /** Largest normalised distance ratio D that still detects at the current sensitivity. */
    double maxRatio() {
        double s = Math.clamp(sensitivity.value(), 0.01, 0.99);
        return Math.pow(s / (1 - s), 0.25);
    }

    /**
     * D: how far a match is from this word's thresholds (1 = on the default threshold), the worst of three
     * criteria: mean spectral distance, the distance of the worst part of the word, and how poorly the input's
     * loudness follows the word's syllables (which rejects "matches" on noise and other rhythms). A sensitivity above
     * the default widens the spectral criteria only: another voice says the word with other spectra but the same
     * syllables, while a looser contour lets the noise just before a word pass for it.
     */
    double ratio(float mean, float worstPart, double contour) {
        return Math.max(Math.max(mean / meanLimit, worstPart / partLimit), contourRatio(contour) * contourHeldAtDefault());
    }

    /** Scales the contour criterion so that its limit stays the default's at any sensitivity above it. */
    private double contourHeldAtDefault() {
        return Math.max(1, maxRatio());
    }

    /** The loudness-contour criterion of D on its own. */
    private static double contourRatio(double contour) {
        return (1 - contour) / (1 - CONTOUR_LIMIT);
    }

    /**
     * D of a match with the spectral criteria's limits widened by {@code allowance} (1 = as {@link Match#ratio}). The
     * loudness contour is not widened: a background does not make the syllables follow the word's rhythm.
     */
    double widenedRatio(Match m, double allowance) {
        return ratio((float) (m.mean() / allowance), (float) (m.worstPart() / allowance), m.contour());
    }

    /**
     * Whether {@code m} fails the current sensitivity however far a background widens the spectral limits: its
     * loudness contour alone, which no allowance widens, is too far off.
     */
    boolean failsAtAnyAllowance(Match m) {
        return contourRatio(m.contour()) * contourHeldAtDefault() > maxRatio();
    }

    /** The score in [0, 1] for a ratio D: 0.5 at D = 1; the threshold on it is 1 - sensitivity. */
    static double score(double ratio) {
        double d4 = ratio * ratio * ratio * ratio;
        return 1 / (1 + d4);
    }

    /** Recomputes the dry takes' cepstra, which the streaming matchers read, for this noise (linear mel power per band) and speech peak power. */
    void compensate(Mfcc mfcc, float[] noise, float speechPeak, float[] scratch) {
        var steady = steadyNoise(noise);
        for (int t = 0; t < dtws.length; t++) {
            heardInto(mfcc, dryVariant(t), steady, 1, speechPeak, scratch, dryCepstra[t]);
            dtws[t].templateChanged();
        }
    }

    /**
     * A variant's unit cepstra as the input would hold them: at the input's speech level, over the background
     * frames (cycled; a single frame is a steady noise, which is compensation).
     */
    private void heardInto(Mfcc mfcc, int variant, float[][] background, int frames, float speechPeak, float[] scratch, float[][] out) {
        float[][] lin = linear.get(variant);
        float gain = gain(variant, speechPeak);
        for (int i = 0; i < lin.length; i++) {
            heard(lin[i], gain, background[i % frames], scratch);
            mfcc.cepstrum(scratch, out[i], 0);
            UnitVectors.normalise(out[i]);
        }
    }


    /** The gain that brings a variant to the input's speech peak power. */
    private float gain(int variant, float speechPeak) {
        // with no noise to add, the level does not matter: keep the template's own
        return speechPeak > 0 ? speechPeak / peaks.get(variant) : 1f;
    }

    /** A template frame (linear mel power) as the input would hold it: at the input's level, over its noise. */
    private static void heard(float[] templateFrame, float gain, float[] noise, float[] out) {
        for (int m = 0; m < Mfcc.MELS; m++) out[m] = gain * templateFrame[m] + noise[m];
    }

    /**
     * Pearson correlation between the input's loudness and the compensated template's loudness along an
     * alignment: near 1 when the syllables line up, near 0 when the "match" is noise or a different rhythm.
     *
     * @param inputEnergy mel power sum of each frame of the aligned window
     */
    double contourCorrelation(int variant, Aligner a, float[] inputEnergy, float speechPeak, float noiseTotal) {
        float[][] lin = linear.get(variant);
        float gain = gain(variant, speechPeak);
        int m = lin.length;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int j = 0; j < m; j++) {
            double x = Math.log(inputEnergy[a.inputFrame(j)] + 1e-3);
            double y = Math.log(gain * energy(lin[j]) + noiseTotal + 1e-3);
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
        }
        double cov = sxy - sx * sy / m, vx = sxx - sx * sx / m, vy = syy - sy * sy / m;
        return vx <= 0 || vy <= 0 ? 0 : cov / Math.sqrt(vx * vy);
    }

    /**
     * The exact second look: aligns every variant (compensated for this noise and speech level) inside a window
     * of unit cepstra, and returns the best match, or null if none aligns.
     *
     * @param window      unit cepstra of the input window, its first {@code n} frames
     * @param energy      mel power sum of each window frame
     */
    Match bestMatch(Mfcc mfcc, float[][] window, int n, float[] energy, float[] noise, float noiseTotal, float speechPeak) {
        return bestMatch(mfcc, window, n, energy, noise, noiseTotal, speechPeak, allTakes);
    }

    /** {@link #bestMatch(Mfcc, float[][], int, float[], float[], float, float)} of these takes' variants only. */
    Match bestMatch(Mfcc mfcc, float[][] window, int n, float[] energy, float[] noise, float noiseTotal, float speechPeak, int[] takes) {
        var steady = steadyNoise(noise);
        Match best = null;
        for (int t : takes) for (int v = dryVariant(t); v <= dryVariant(t) + 1; v++) {
            heardInto(mfcc, v, steady, 1, speechPeak, melScratch, heard[v]);
            var a = aligner;
            if (!a.run(window, 0, n, heard[v])) continue;
            double contour = contourCorrelation(v, a, energy, speechPeak, noiseTotal);
            float mean = a.mean() * tightening[t], worstPart = a.worstPart() * tightening[t];
            double ratio = ratio(mean, worstPart, contour);
            if (best == null || ratio < best.ratio()) best = new Match(ratio, a.startFrame(), a.endFrame(), mean, worstPart, contour, takeOf(v));
        }
        return best;
    }

    /** Margin on the simulated {@link #backgroundPenalty}: how far a word's spectral thresholds widen per unit of it. */
    private static final double BACKGROUND_MARGIN = 1.5;

    /**
     * How far this background widens the word's spectral thresholds: 1 + {@value #BACKGROUND_MARGIN} x the
     * {@link #backgroundPenalty}; exactly 1 when it does not {@link Background#matters matter}. For a household, the
     * widest of its voices'.
     */
    double allowance(Mfcc mfcc, Background background, float[] noise, float speechPeak) {
        if (!background.matters(speechPeak)) return 1;
        return 1 + BACKGROUND_MARGIN * backgroundPenalty(mfcc, background.picked(), background.size(), noise, speechPeak);
    }

    /** {@link #allowance(Mfcc, Background, float[], float)} for the word as one voice says it: {@code voiceTakes}, its takes. */
    double allowance(Mfcc mfcc, Background background, float[] noise, float speechPeak, int[] voiceTakes) {
        if (!background.matters(speechPeak)) return 1;
        return 1 + BACKGROUND_MARGIN * voicePenalty(mfcc, background.picked(), background.size(), noise, speechPeak, voiceTakes);
    }

    /** The takes of take {@code take}'s voice (one of {@link #takesByVoice}). */
    int[] takesOfVoiceOf(int take) {
        return takesByVoice[voiceGroup[take]];
    }

    /**
     * How much further from this word's thresholds the true word would be in this background than in the noise the
     * input is compensated for: each dry take heard through the background's real frames (at the input's speech
     * level), and heard through the noise estimate, is matched against the other takes compensated as the input is.
     * In steady noise the two agree; babble fills the template's valleys unevenly from frame to frame, so the
     * true word scores up to 2-3 there, which this predicts. Only takes of one voice are paired: how far another
     * person's take lies from the word says nothing of what the background does to it. For a household, the largest
     * of its voices' penalties.
     *
     * @param background frames of the background (linear mel power), cycled over the take's length
     * @return the mean increase in ratio D over all pairs of one voice's takes; 0 with fewer than two takes or no background
     */
    double backgroundPenalty(Mfcc mfcc, float[][] background, float[] noise, float speechPeak) {
        return backgroundPenalty(mfcc, background, background.length, noise, speechPeak);
    }

    /** {@link #backgroundPenalty(Mfcc, float[][], float[], float)} on the first {@code frames} frames of {@code background}. */
    private double backgroundPenalty(Mfcc mfcc, float[][] background, int frames, float[] noise, float speechPeak) {
        double widest = 0;
        for (int[] takes : takesByVoice) widest = Math.max(widest, voicePenalty(mfcc, background, frames, noise, speechPeak, takes));
        return widest;
    }

    /** One voice's mean increase in D over the pairs of its takes; 0 without a pair or a background. */
    private double voicePenalty(Mfcc mfcc, float[][] background, int frames, float[] noise, float speechPeak, int[] takes) {
        if (takes.length < 2 || frames == 0) return 0;
        var steady = steadyNoise(noise);
        // a take heard through the noise estimate is exactly that take compensated: one array serves as both
        for (int t : takes) {
            heardInto(mfcc, dryVariant(t), steady, 1, speechPeak, melScratch, heard[dryVariant(t)]);
            heardInto(mfcc, dryVariant(t), background, frames, speechPeak, melScratch, heardInBackground[t]);
        }
        double sum = 0;
        for (int a : takes)
            for (int b : takes) {
                if (a == b) continue;
                float[][] compensatedA = heard[dryVariant(a)], compensatedB = heard[dryVariant(b)];
                sum += pairRatio(heardInBackground[a], compensatedB, b) - pairRatio(compensatedA, compensatedB, b);
            }
        return Math.max(0, sum / (takes.length * (takes.length - 1)));
    }

    /** D of {@code heard} against {@code template}, a variant of take {@code take}, on the spectral criteria alone. */
    private double pairRatio(float[][] heard, float[][] template, int take) {
        if (!aligner.run(heard, 0, heard.length, template)) return 0;
        return Math.max(aligner.mean() * tightening[take] / meanLimit, aligner.worstPart() * tightening[take] / partLimit);
    }

    /**
     * Limits of the confirmation look ({@link TemplateScorer#verify}) at ratio 1, tuned on the dev corpus (the short
     * parts' on it and the real recordings' tuning half; the sixteenth's also on six American espeak-ng voices that
     * scripts/hey-jester.sh does not use): no eighth of the word may be further off than a quarter may, and no
     * sixteenth much further (one stop's burst for another's: "hey jester" for "hey jasper").
     */
    static final double VERIFY_MEAN_LIMIT = 0.15, VERIFY_PART_LIMIT = 0.25, VERIFY_SHORT_PART_LIMIT = 0.25, VERIFY_SHORTEST_PART_LIMIT = 0.35;

    /**
     * The confirmation look: every variant, compensated, in the loudness-cepstra representation.
     *
     * @param allowance how far the background widens the limits ({@link #allowance}; 1 = not at all)
     * @param takes     the takes whose variants are compared (one voice's: {@link #takesByVoice})
     */
    Match verify(Mfcc mfcc, float[][] input, float[] noise, float speechPeak, double allowance, int[] takes) {
        var widening = confirmationWidenings();
        Match best = null;
        for (int t : takes) for (int v = dryVariant(t); v <= dryVariant(t) + 1; v++) {
            float[][] lin = linear.get(v);
            float gain = gain(v, speechPeak);
            float[][] mel = new float[lin.length][Mfcc.MELS];
            for (int i = 0; i < lin.length; i++) heard(lin[i], gain, noise, mel[i]);
            var a = aligner.align(input, 0, input.length, LoudnessCepstra.of(mfcc, mel));
            if (!a.found()) continue;
            double ratio = Math.max(meanRatio(a) / widening[t].mean(), partsRatio(a) / widening[t].parts()) / allowance;
            if (best == null || ratio < best.ratio()) best = new Match(ratio, a.startFrame(), a.endFrame(), a.mean(), a.worstPart(), 1, takeOf(v));
        }
        return best;
    }

    /** A confirmation look's mean over the word against its limit, before its take's widening. */
    private static double meanRatio(Alignment a) {
        return a.mean() / VERIFY_MEAN_LIMIT;
    }

    /** A confirmation look's worst quarter, eighth and sixteenth against their limits (the worst of them), before its take's widening. */
    private static double partsRatio(Alignment a) {
        return Math.max(Math.max(a.worstPart() / VERIFY_PART_LIMIT, a.worstShortPart() / VERIFY_SHORT_PART_LIMIT),
                a.worstShortestPart() / VERIFY_SHORTEST_PART_LIMIT);
    }

    /** An exact match: its ratio D, its span in window frames (end inclusive), the three criteria behind D, and the take that matched. */
    record Match(double ratio, int startFrame, int endFrame, float mean, float worstPart, double contour, int take) {}

    /** Whose voice take {@code take} is, or null when the template reports no voice. */
    String voiceOf(int take) {
        return voices == null ? null : voices.get(take);
    }

    /** Every take's index: all voices' takes together. */
    int[] allTakes() {
        return allTakes;
    }

    int variantFrames(int v) {
        return linear.get(v).length;
    }

    static float energy(float[] mel) {
        float s = 0;
        for (float v : mel) s += v;
        return s;
    }

    static float peak(float[][] lin) {
        float p = 0;
        for (float[] f : lin) p = Math.max(p, energy(f));
        return Math.max(p, 1e-6f);
    }

    static float[][] exp(float[][] logMel) {
        float[][] out = new float[logMel.length][Mfcc.MELS];
        for (int i = 0; i < logMel.length; i++)
            for (int m = 0; m < Mfcc.MELS; m++) out[i][m] = (float) Math.exp(logMel[i][m]);
        return out;
    }

    /** Adds an exponentially decaying tail of the take's own energy, as a room would, and keeps the audible tail. */
    private static float[][] reverberant(float[][] dry) {
        double rho = Math.pow(10, -6.0 / REVERB_RT60_FRAMES);
        double weight = REVERB_RATIO * (1 - rho);
        int tail = (int) (REVERB_RT60_FRAMES / 3);
        float[][] out = new float[dry.length + tail][Mfcc.MELS];
        double[] acc = new double[Mfcc.MELS];
        for (int i = 0; i < out.length; i++) {
            for (int m = 0; m < Mfcc.MELS; m++) {
                if (i > 0) acc[m] = rho * (acc[m] + (i - 1 < dry.length ? dry[i - 1][m] : 0));
                double direct = i < dry.length ? dry[i][m] : 0;
                out[i][m] = (float) (direct + weight * acc[m]);
            }
        }
        float peak = peak(out);
        int end = out.length;
        while (end > dry.length && energy(out[end - 1]) < peak * 1e-3f) end--;
        return Arrays.copyOf(out, end);
    }
}
