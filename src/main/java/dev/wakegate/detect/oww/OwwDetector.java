package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The openWakeWord engine: pretrained or custom openWakeWord models on ONNX Runtime. The 10 ms frames are
 * gathered into 80 ms steps; each step runs the shared features once and every wake model on its newest
 * embeddings ({@link OwwPipeline}).
 *
 * <p>Deciding, per word ({@link OwwDecision}): a word becomes a candidate when its score is at or above its threshold
 * ({@code 1 - sensitivity}, so the default sensitivity 0.5 is openWakeWord's default threshold 0.5) for
 * {@code triggerSteps} steps in a row, as openWakeWord and openWakeWord-cpp trigger. The decision waits
 * {@code holdSteps} after the candidate's first step, and then the candidate must reach the threshold on
 * {@code gridsNeeded} of the four 80 ms step grids ({@link OwwGridCheck}). A word that fired stays quiet for the
 * refractory time and until its score has dropped under the threshold again, so one utterance gives one detection.
 *
 * <p>Where the word is: the pretrained models' score rises to a plateau as the word ends and stays there for up to
 * a second while the word slides through the model's window, so the plateau's maximum says little about timing but
 * its first step does. The detection's end is the end of the first 80 ms step at or above the threshold: on the
 * tightly cut Picovoice "alexa" recordings a median 0.12 s before the end of the word's energy (p10-p90 -0.26 to
 * +0.02 s; the last vowel is still sounding, so an uplink that starts at the end loses none of the command).
 * Its start is the end minus {@link #WORD_SAMPLES}, a typical wake phrase (there a median 0.28 s before the
 * word); the score is the highest step from the first one at or above the threshold to the decision, and
 * {@code atSample} is the decision. {@code scripts/bench-oww.sh} measures all three.
 *
 * <p>After a gap in the frames (silence the VAD skipped) the features are rebuilt from the frames that follow;
 * scoring resumes after {@link #contextFrames()} frames, which {@code DetectionStage} replays before each speech
 * onset. At the start of a stream the past is taken as digital silence, as openWakeWord pads clips.
 *
 * <p>Owns the models it is given and closes them. Called on the pipeline thread only.
 */
public final class OwwDetector implements WakeDetector {
    /** A typical wake phrase ("alexa" 0.6 s, "hey jarvis" 0.9 s; the models' window holds about 1.3 s). */
    public static final long WORD_SAMPLES = Pcm.samples(0.8);

    /**
     * Audio the detector still wants after the VAD has closed (0.5 s): in noise the score can cross the threshold
     * a few hundred ms after the word, later than the VAD's hangover (on the Picovoice "alexa" recordings at
     * 10 dB SNR, 2 of 164 words were lost without it).
     */
    public static final int TAIL_FRAMES = 50;

    /** openWakeWord's own default: the first step at or above the threshold starts a candidate. */
    public static final int DEFAULT_TRIGGER_STEPS = 1;

    /** Silence fed after the input's end. */
    static final int END_SILENCE_FRAMES = (int) (END_SILENCE_SECONDS * Pcm.FRAMES_PER_SECOND);

    private static final int FRAMES_PER_STEP = OwwPipeline.STEP_SAMPLES / Pcm.FRAME_SAMPLES;

    private final FeatureModels features;
    private final List<? extends EmbeddingWord> models;
    private final OwwPipeline pipeline;
    private final Word[] words;
    private final OwwDecision decision;
    private final OwwGridCheck grids;
    private final short[] step = new short[OwwPipeline.STEP_SAMPLES];
    /** Embeddings are computed every {@code stride}-th step while no word is near its threshold (1: every step). */
    private final int stride;
    private int phase, exactSteps;
    private int stepFill;
    private long expected = -1;
    private long lastStepEnd;
    private boolean closed;

    /** @param sensitivities one per model, each in [0, 1] */
    public OwwDetector(FeatureModels features, List<? extends EmbeddingWord> models, List<Sensitivity> sensitivities, OwwDecision decision) {
        this(features, models, sensitivities, decision, 1);
    }

    /**
     * A detector that computes the speech embedding, most of the cost, only every {@code stride}-th step while every
     * word's score stays under {@link #SCREEN_SHARE} of its threshold on those estimated windows; once one comes near,
     * the skipped embeddings are computed from their own mel windows and every step is exact until
     * {@link #EXACT_HOLD_STEPS} steps after the last near one. Decisions are only ever taken on exact scores. Where the
     * embedding model streams ({@link FeatureModels#streams}), a computed step also computes the skipped ones before it,
     * three in one run.
     */
    public OwwDetector(FeatureModels features, List<? extends EmbeddingWord> models, List<Sensitivity> sensitivities, OwwDecision decision,
                       int stride) {
        if (stride < 1) throw new IllegalArgumentException("stride must be positive");
        this.stride = stride;
        if (models.isEmpty()) throw new IllegalArgumentException("no wake models");
        if (models.size() != sensitivities.size()) throw new IllegalArgumentException("one sensitivity per wake model");
        this.features = features;
        this.models = List.copyOf(models);
        this.decision = decision;
        this.pipeline = new OwwPipeline(features, models);
        this.grids = decision.gridsNeeded() > 1 ? new OwwGridCheck(features, models, decision.decisionDelaySteps() + 2) : null;
        this.words = new Word[models.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = new Word(i, models.get(i).name(), models.get(i).wordSamples(), new OwwTrigger(decision, 0.5));
            setSensitivity(words[i], sensitivities.get(i));
        }
    }

    public OwwDecision decision() {
        return decision;
    }

    @Override
    public List<String> words() {
        var names = new ArrayList<String>(words.length);
        for (var w : words) names.add(w.name);
        return names;
    }

    /** Enough audio before a speech onset to fill every buffer: about 2.1 s for the pretrained models. */
    @Override
    public int contextFrames() {
        return pipeline.warmUpSteps() * FRAMES_PER_STEP;
    }

    @Override
    public int tailFrames() {
        return TAIL_FRAMES;
    }

    @Override
    public void setSensitivity(String word, Sensitivity sensitivity) {
        setSensitivity(word(word), sensitivity);
    }

    @Override
    public void refused(Detection detection) {
        word(detection.word()).trigger.refused();
    }

    private static void setSensitivity(Word w, Sensitivity sensitivity) {
        w.sensitivity = sensitivity;
        w.trigger.threshold(sensitivity.threshold());
    }

    @Override
    public Sensitivity sensitivity(String word) {
        return word(word).sensitivity;
    }

    @Override
    public double liveScore(String word) {
        return word(word).score;
    }

    private Word word(String name) {
        for (var w : words) if (w.name.equals(name)) return w;
        throw new IllegalArgumentException("unknown wake word: " + name);
    }

    @Override
    public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
        if (frameIndex != expected) restart(frameIndex, detections);
        expected = frameIndex + 1;
        if (grids != null) grids.add(frame);
        System.arraycopy(frame, 0, step, stepFill, Pcm.FRAME_SAMPLES);
        stepFill += Pcm.FRAME_SAMPLES;
        if (stepFill < step.length) return;
        stepFill = 0;
        pipeline.step(step, 0, computeThisStep());
        if (stride > 1) screen();
        lastStepEnd = (frameIndex + 1) * Pcm.FRAME_SAMPLES;
        for (var w : words) {
            w.score = pipeline.ready(w.index) ? pipeline.score(w.index) : 0;
            if (!pipeline.ready(w.index)) continue;
            boolean due = w.trigger.step(w.score, lastStepEnd);
            if (w.score >= w.trigger.threshold() && w.score == w.trigger.peak()) w.peakVoice = pipeline.voice(w.index);
            if (due) decide(w, detections);
        }
    }

    /**
     * A word's estimated score at or above this share of its threshold makes the scores exact: at the default
     * threshold a window within 2.5 times an embedding template's distance limit. Chosen on the dev streams as the
     * highest share whose detections were identical, start for start, to exact scoring (0.15 and 0.3 moved or lost
     * some); the real-voices figures were re-measured with it.
     */
    static final double SCREEN_SHARE = 0.05;
    /** Steps that stay exact after the last one near a threshold (about 1 s). */
    static final int EXACT_HOLD_STEPS = 12;

    private boolean computeThisStep() {
        if (stride == 1 || exactSteps > 0) return true;
        phase = (phase + 1) % stride;
        return phase == 0;
    }

    /** After a step: if a word is near its threshold (or a candidate is held), the window is made exact and kept so. */
    private void screen() {
        if (!anyWordNear()) {
            if (exactSteps > 0) exactSteps--;
            return;
        }
        pipeline.refine();
        exactSteps = EXACT_HOLD_STEPS;
    }

    private boolean anyWordNear() {
        for (var w : words)
            if (w.trigger.holding() || pipeline.ready(w.index) && pipeline.score(w.index) >= SCREEN_SHARE * w.trigger.threshold()) return true;
        return false;
    }

    /**
     * Decides a due candidate at the last step: it fires if enough step grids reach the threshold. The window the
     * other grids are searched in runs from the step before the candidate's first one to now.
     */
    private void decide(Word w, Consumer<Detection> detections) {
        var t = w.trigger;
        boolean ok = true;
        if (grids != null) {
            int windowSteps = (int) ((lastStepEnd - t.firstEnd()) / OwwPipeline.STEP_SAMPLES) + 2;
            int needed = decision.gridsNeeded() - 1;   // the detector's own grid reached it
            ok = grids.gridsReaching(w.index, t.threshold(), windowSteps, needed) >= needed;
        }
        if (!ok) {
            t.rejected();
            return;
        }
        long end = t.firstEnd();
        detections.accept(new Detection(w.name, Math.max(0, end - w.wordSamples), end, Math.min(1, t.peak()), lastStepEnd, w.peakVoice));
        t.fired(lastStepEnd);
    }

    /**
     * A gap in the frames; an index that went back (or 0) starts a new stream, whose past is silence. A candidate
     * still held is decided on what was heard before the gap.
     */
    private void restart(long frameIndex, Consumer<Detection> detections) {
        for (var w : words) if (w.trigger.holding()) decide(w, detections);
        boolean newStream = frameIndex < expected || frameIndex == 0;
        pipeline.reset(frameIndex == 0);
        if (grids != null) grids.restart();
        stepFill = 0;
        for (var w : words) {
            w.trigger.restart(newStream);
            w.score = 0;
        }
        phase = 0;
        exactSteps = 0;
    }

    /**
     * The input ended. What follows it is taken as digital silence, as openWakeWord pads a clip with a second of it:
     * the embeddings' 775 ms windows only take in a word that ends the input once they move past it. A word found
     * there is placed where the match put it, which may be partly in that silence (the confirmation judges the same
     * audio); a candidate still held is then decided.
     */
    @Override
    public void endOfStream(Consumer<Detection> detections) {
        if (expected > 0) {
            short[] silence = new short[Pcm.FRAME_SAMPLES];
            for (int i = 0; i < END_SILENCE_FRAMES; i++) accept(silence, expected, detections);
        }
        for (var w : words) if (w.trigger.holding()) decide(w, detections);
    }

    /** Closes it once; again, nothing (its share of feature models that other stages hold must not be closed twice). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        pipeline.close();
        if (grids != null) grids.close();
        for (var m : models) m.close();
        features.close();
    }

    /** One word: its model's index, name, live score and decision state. */
    private static final class Word {
        final int index;
        final String name;
        final long wordSamples;
        final OwwTrigger trigger;
        volatile Sensitivity sensitivity;
        double score;
        /** The enrolled voice matched best at the candidate's peak step (null for trained models). */
        String peakVoice;

        Word(int index, String name, long wordSamples, OwwTrigger trigger) {
            this.index = index;
            this.name = name;
            this.wordSamples = wordSamples;
            this.trigger = trigger;
        }
    }
}
