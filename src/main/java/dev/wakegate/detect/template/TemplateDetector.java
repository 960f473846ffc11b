package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.vad.EnergyVad;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The personal wake-word engine. Per 10 ms frame: MFCC, a noise estimate, and one streaming subsequence-DTW
 * step per template variant (O(template length)). When a word's streaming distance dips under its threshold the
 * dip is followed to its lowest point, then re-scored exactly on the buffered features (mean and worst part of
 * the word); only that exact score can fire a detection. In continuous noise such as babble both stages widen their
 * spectral thresholds by what that {@link Background background} is expected to cost the true word. A detection
 * starts a refractory period for the word and restarts its matchers, so one utterance gives one detection.
 */
public final class TemplateDetector implements WakeDetector {
    /** Frames after the lowest point of a dip before it is judged: long enough to be sure it was the lowest. */
    private static final int SETTLE_FRAMES = 10;
    /**
     * The streaming distance runs on running noise and level estimates and is cruder than the exact re-score,
     * so dips are followed up to this factor above the threshold; only the re-score decides.
     */
    private static final double CANDIDATE_SLACK = 1.8;
    /** Frames of input kept around a match for the exact re-score. */
    private static final int MARGIN_FRAMES = WordModel.RESCORE_MARGIN_FRAMES;
    private static final int HISTORY = 1024;
    /** Half a second before each speech onset: the word's start, and enough background for the noise estimate. */
    private static final int CONTEXT_FRAMES = 50;
    /** The speech-level estimate falls by 3 dB per second. */
    private static final float PEAK_DECAY = (float) Math.pow(10, -0.03 / 10);
    private static final int COMPENSATE_EVERY = 10;
    private static final double COMPENSATE_STEP_DB = 3, MAX_SNR_DB = 35;
    /** The streaming stage looks at the background twice a second, and simulates again after a 3 dB move. */
    private static final int ALLOWANCE_EVERY = 50;
    private static final double ALLOWANCE_STEP_DB = 3;
    /** Compensation assumes speech at least 5 dB above the noise. */
    private static final float MIN_SNR = (float) Math.pow(10, 5 / 10.0);

    private final List<WordModel> words = new ArrayList<>();
    private final WordState[] states;
    private final int triggerFrames;
    private final int refractoryFrames;
    private final Mfcc mfcc = new Mfcc();
    private final NoiseTracker noise = new NoiseTracker(Mfcc.MELS);
    private final MelStream melStream = new MelStream(mfcc);
    private final float[] mel = new float[Mfcc.MELS];
    private final float[] melScratch = new float[Mfcc.MELS];
    private final float[][] features = new float[HISTORY][Mfcc.COEFFS];
    private final float[] frameEnergy = new float[HISTORY];
    /** The window an exact re-score looks at: views of the feature history, and their energies. */
    private final float[][] rescoreWindow = new float[HISTORY][];
    private final float[] rescoreEnergy = new float[HISTORY];
    private final float[][] melHistory = new float[HISTORY][Mfcc.MELS];
    private final Background background = new Background();
    /** The first frame of the current run of contiguous input: the history before it is from other audio. */
    private long contiguousFrom;
    private float allowanceBackground = -1, allowancePeak = -1;
    private long framesSinceAllowance = ALLOWANCE_EVERY;
    private float speechPeak;
    private double compensatedSnrDb = Double.NaN;
    private long framesSinceCompensation = COMPENSATE_EVERY;
    private long expected = -1;

    /**
     * @param templates        the wake words
     * @param sensitivities    one per template, each in [0, 1]
     * @param triggerFrames    frames a dip must stay under the threshold before it is considered (1 or more)
     * @param refractorySeconds how long a word stays silent after it fired
     */
    public TemplateDetector(List<WakeTemplate> templates, List<Sensitivity> sensitivities, int triggerFrames, double refractorySeconds) {
        if (templates.isEmpty()) throw new IllegalArgumentException("no wake words");
        if (templates.size() != sensitivities.size()) throw new IllegalArgumentException("one sensitivity per wake word");
        for (int i = 0; i < templates.size(); i++) words.add(new WordModel(templates.get(i), sensitivities.get(i)));
        states = new WordState[words.size()];
        for (int i = 0; i < states.length; i++) states[i] = new WordState(words.get(i));
        this.triggerFrames = Math.max(1, triggerFrames);
        this.refractoryFrames = (int) Math.round(refractorySeconds * Pcm.FRAMES_PER_SECOND);
        int longest = words.stream().mapToInt(w -> w.maxFrames).max().orElseThrow();
        if (longest + 2 * MARGIN_FRAMES + SETTLE_FRAMES > HISTORY)
            throw new IllegalArgumentException("template too long: " + longest + " frames");
    }

    @Override
    public List<String> words() {
        return words.stream().map(w -> w.name).toList();
    }

    @Override
    public int contextFrames() {
        return CONTEXT_FRAMES;
    }

    @Override
    public void setSensitivity(String word, Sensitivity sensitivity) {
        model(word).setSensitivity(sensitivity);
    }

    @Override
    public Sensitivity sensitivity(String word) {
        return model(word).sensitivity();
    }

    /**
     * The word's refractory time is lifted. Its matchers restarted when it fired, so the next match is new audio;
     * but after a detection that only a raised sensitivity let through they go on until it is judged: at a high
     * sensitivity the detector fires on the noise just before the word, and the word is then under way in them. What
     * they found meanwhile is handed on now.
     */
    @Override
    public void refused(Detection detection) {
        for (var s : states) if (s.model.name.equals(detection.word())) s.refused();
    }

    @Override
    public double liveScore(String word) {
        for (var s : states) if (s.model.name.equals(word)) return s.liveScore;
        throw new IllegalArgumentException("unknown wake word: " + word);
    }

    private WordModel model(String word) {
        for (var w : words) if (w.name.equals(word)) return w;
        throw new IllegalArgumentException("unknown wake word: " + word);
    }

    @Override
    public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
        if (frameIndex != expected) restart(frameIndex);
        expected = frameIndex + 1;
        melStream.push(frame, 0, mel);
        if (audible(frame)) noise.update(mel);
        else noise.carryOn();
        int slot = (int) (frameIndex % HISTORY);
        System.arraycopy(mel, 0, melHistory[slot], 0, Mfcc.MELS);
        trackSpeechPeak(frameIndex);
        compensateIfChanged();
        widenForBackgroundIfChanged(frameIndex);
        mfcc.cepstrum(mel, features[slot], 0);
        UnitVectors.normalise(features[slot]);
        for (var state : states) state.step(features[slot], frameIndex, detections);
    }

    @Override
    public void endOfStream(Consumer<Detection> detections) {
        if (expected <= 0) return;
        for (var s : states) if (s.inDip) s.judge(expected - 1, detections);
    }

    /**
     * Whether the frame holds sound at all. Digital silence (a microphone muted in software, a source that sends zeros)
     * says nothing about the room's noise: taken for it, the running estimate drops to nothing, and the next word, heard
     * in the room's real noise against templates compensated for none, is missed.
     */
    private static boolean audible(short[] frame) {
        return EnergyVad.levelDb(frame, Pcm.FRAME_SAMPLES) > DIGITAL_SILENCE_DB;
    }

    /** 1 LSB RMS: only zeros, or dither, are this quiet; a real room through a real microphone is not. */
    private static final double DIGITAL_SILENCE_DB = -90;

    private void restart(long frameIndex) {
        contiguousFrom = frameIndex;
        for (var s : states) s.reset();
        speechPeak *= 0.5f;
    }

    private void trackSpeechPeak(long frameIndex) {
        float e = WordModel.energy(mel);
        frameEnergy[(int) (frameIndex % HISTORY)] = e;
        speechPeak = Math.max(speechPeak * PEAK_DECAY, e - noise.total());
    }

    /**
     * Speech power assumed for compensation: the tracked peak, but at least {@link #MIN_SNR} times the noise, so
     * that a template is never compensated into noise that would match noise.
     */
    private float assumedSpeechPeak() {
        return Math.max(speechPeak, MIN_SNR * noise.total());
    }

    /**
     * Cepstra ignore overall level, so the compensated templates only depend on the speech-to-noise ratio (and the
     * noise's colour): recompute when that ratio moved by more than a step. Above 40 dB noise no longer matters.
     */
    private void compensateIfChanged() {
        if (++framesSinceCompensation < COMPENSATE_EVERY) return;
        float n = noise.total(), p = assumedSpeechPeak();
        double snr = n <= 0 ? MAX_SNR_DB : Math.min(MAX_SNR_DB, db(p, n));
        if (!Double.isNaN(compensatedSnrDb) && Math.abs(snr - compensatedSnrDb) < COMPENSATE_STEP_DB) return;
        for (var w : words) w.compensate(mfcc, noise.noise(), p, melScratch);
        compensatedSnrDb = snr;
        framesSinceCompensation = 0;
    }

    /**
     * Streaming allowance, from the background of the last six seconds. Simulated again only when its level or the
     * speech level moved, so steady babble costs one simulation, and a quiet room none.
     */
    private void widenForBackgroundIfChanged(long now) {
        if (++framesSinceAllowance < ALLOWANCE_EVERY) return;
        framesSinceAllowance = 0;
        pickBackgroundBefore(now + 1);
        float peak = assumedSpeechPeak();
        boolean matters = background.matters(peak);
        if (matters) refreshAllowances(background.meanEnergy(), peak);
        for (var s : states) s.allowance = matters ? s.backgroundAllowance : 1;
    }

    /**
     * Each word's allowance for the background just picked. The simulation is the costly part, so it runs again only
     * when the background's level or the speech level moved by a step.
     */
    private void refreshAllowances(float level, float peak) {
        if (allowanceBackground > 0 && Math.abs(db(level, allowanceBackground)) < ALLOWANCE_STEP_DB
                && Math.abs(db(peak, allowancePeak)) < ALLOWANCE_STEP_DB) return;
        for (var s : states) s.backgroundAllowance = s.model.allowance(mfcc, background, noise.noise(), peak);
        allowanceBackground = level;
        allowancePeak = peak;
    }

    /** Picks the background in the {@link Background#LOOK_BACK_FRAMES} of contiguous input before frame {@code end}. */
    private void pickBackgroundBefore(long end) {
        long from = Math.max(contiguousFrom, end - HISTORY + 1);
        background.pick(melHistory, frameEnergy, from, end, TemplateDetector::slot);
    }

    private static int slot(long frame) {
        return (int) (frame % HISTORY);
    }

    private static double db(float a, float b) {
        return 10 * Math.log10(a / b);
    }

    /** Exact re-score of a dip on the buffered features around it; null if nothing aligns or nothing could pass. */
    private Match rescore(WordState state, long start, long end, long now) {
        WordModel model = state.model;
        long from = Math.max(Math.max(0, now - HISTORY + 1), start - MARGIN_FRAMES);
        long to = Math.min(now + 1, end + 1 + MARGIN_FRAMES);
        int n = (int) (to - from);
        float[][] window = rescoreWindow;
        float[] energy = rescoreEnergy;
        float peak = 0;
        for (int i = 0; i < n; i++) {
            int slot = (int) ((from + i) % HISTORY);
            window[i] = features[slot];
            energy[i] = frameEnergy[slot];
            peak = Math.max(peak, energy[i] - noise.total());
        }
        peak = Math.max(peak, MIN_SNR * noise.total());
        var m = model.bestMatch(mfcc, window, n, energy, noise.noise(), noise.total(), peak);
        // in noise most dips fail on their rhythm alone: no need to simulate the background for those
        if (m == null || model.failsAtAnyAllowance(m)) return null;
        long startFrame = from + m.startFrame();
        double ratio = model.widenedRatio(m, allowanceBefore(state, startFrame, peak, m.take()));
        return new Match(ratio, startFrame, from + m.endFrame(), model.voiceOf(m.take()));
    }

    /**
     * The word's allowance for the background before a match of take {@code take} that starts at {@code startFrame}:
     * simulated afresh, for that take's voice.
     */
    private double allowanceBefore(WordState state, long startFrame, float peak, int take) {
        pickBackgroundBefore(startFrame - Background.GAP_FRAMES);
        return state.model.allowance(mfcc, background, noise.noise(), peak, state.model.takesOfVoiceOf(take));
    }

    /** @param ratio the distance ratio D, its spectral criteria widened by the allowance the background gives */
    private record Match(double ratio, long startFrame, long endFrame, String voice) {}

    /** Detection state of one word: following a dip, or refractory after it fired. */
    private final class WordState {
        final WordModel model;
        boolean inDip;
        int framesUnder;
        float bestDistance;
        long bestStart, bestEnd;
        long quietUntil = -1;
        /**
         * The word fired only because the sensitivity is above the default (its D over 1): its matchers restart once
         * the detection has been judged (from frame {@link #judgedBy} on), unless the confirmation refused it.
         */
        boolean restartUnlessRefused;
        /** The first frame after the one in which the front end hands the last detection on to be judged. */
        long judgedBy;
        /** While a weak detection awaits its judgement: what the matchers found after it, handed on if it is refused. */
        Detection heldWhileJudged;
        boolean heldIsWeak;
        /** Where the detections of this word go (the same consumer every frame); a held one is handed on from {@link #refused}. */
        Consumer<Detection> downstream;
        double liveScore;
        /** How much the background widens this word's thresholds in the streaming stage (1 = not at all). */
        double allowance = 1;
        /** The allowance of the background last simulated, kept while its level and the speech level stay. */
        double backgroundAllowance = 1;

        WordState(WordModel model) {
            this.model = model;
        }

        void reset() {
            restartMatchers();
            inDip = false;
            framesUnder = 0;
            liveScore = 0;
        }

        void refused() {
            quietUntil = -1;
            restartUnlessRefused = false;
            var held = heldWhileJudged;
            heldWhileJudged = null;
            if (held != null && downstream != null) offer(held, heldIsWeak, held.atSample() / Pcm.FRAME_SAMPLES - 1, downstream);
        }

        void step(float[] x, long t, Consumer<Detection> detections) {
            downstream = detections;
            if (restartUnlessRefused && t >= judgedBy) restartMatchers();
            float distance = Float.POSITIVE_INFINITY;
            long start = -1;
            for (int take = 0; take < model.dtws.length; take++) {
                var dtw = model.dtws[take];
                dtw.step(x);
                float d = dtw.distance() * model.tightening(take);
                if (d < distance) {
                    distance = d;
                    start = t - dtw.matchSpan() + 1;
                }
            }
            liveScore = Float.isFinite(distance) ? WordModel.score(distance / model.meanLimit) : 0;
            if (model.sensitivity().value() <= 0) { // 0 switches the word off (maxRatio() clamps, so it would still fire on near-perfect matches)
                inDip = false;
                framesUnder = 0;
                return;
            }
            if (t < quietUntil && !restartUnlessRefused) return;   // a weak detection awaiting its judgement: follow the word under way
            double limit = CANDIDATE_SLACK * model.meanLimit * model.maxRatio() * allowance;
            if (distance <= limit) {
                framesUnder++;
                if (!inDip || distance < bestDistance) {
                    bestDistance = distance;
                    bestStart = start;
                    bestEnd = t;
                }
                inDip = true;
            }
            if (inDip && t - bestEnd >= SETTLE_FRAMES) judge(t, detections);
        }

        private void judge(long now, Consumer<Detection> detections) {
            boolean enough = framesUnder >= triggerFrames;
            inDip = false;
            framesUnder = 0;
            if (!enough) return;
            Match m = rescore(this, bestStart, bestEnd, now);
            if (m == null || m.ratio > model.maxRatio()) return;
            long startSample = Math.max(0, (m.startFrame - 1) * Pcm.FRAME_SAMPLES);
            long endSample = (m.endFrame + 1) * Pcm.FRAME_SAMPLES;
            var detection = new Detection(model.name, startSample, endSample, WordModel.score(m.ratio), (now + 1) * Pcm.FRAME_SAMPLES, m.voice);
            if (restartUnlessRefused) hold(detection, m.ratio > 1);
            else offer(detection, m.ratio > 1, now, detections);
        }

        private void offer(Detection detection, boolean weak, long now, Consumer<Detection> detections) {
            detections.accept(detection);
            quietUntil = now + refractoryFrames;
            if (weak) awaitJudgement(detection.endSample());
            else restartMatchers();
        }

        private void hold(Detection detection, boolean weak) {
            if (heldWhileJudged != null) return;   // the first is the word under way
            heldWhileJudged = detection;
            heldIsWeak = weak;
        }

        private void awaitJudgement(long endSample) {
            restartUnlessRefused = true;
            judgedBy = HeardWord.judgedBy(endSample);
        }

        private void restartMatchers() {
            restartUnlessRefused = false;
            heldWhileJudged = null;
            for (var d : model.dtws) d.reset();
        }
    }
}
