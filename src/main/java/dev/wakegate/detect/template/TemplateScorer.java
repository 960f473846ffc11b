package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;

/**
 * Scores a short piece of audio against one wake word with the exact look the detector uses for its final
 * decision, computed afresh from the samples: the basis of the template confirmation stage.
 */
public final class TemplateScorer {
    private final WordModel model;
    private final Mfcc mfcc = new Mfcc();

    public TemplateScorer(WakeTemplate template) {
        this.model = new WordModel(template, 0.5);
    }

    public String word() {
        return model.name;
    }

    /**
     * @param score       in [0, 1], as the detector reports it; 0 when the word is not in the audio
     * @param ratio       distance from the default threshold (1 = on it)
     * @param startSample first sample of the match within the audio
     * @param endSample   one past its last sample
     * @param mean        mean spectral distance of the best alignment
     * @param worstPart   distance of the worst quarter of the word
     * @param contour     loudness-contour correlation
     */
    public record Result(double score, double ratio, int startSample, int endSample, double mean, double worstPart, double contour) {
        static final Result NONE = new Result(0, Double.POSITIVE_INFINITY, 0, 0, 2, 2, 0);
    }

    /** The best match of the word anywhere in {@code audio} (16 kHz mono). */
    public Result score(short[] audio) {
        return score(Enroller.melFrames(audio), audio.length);
    }

    private Result score(float[][] mel, int audioLength) {
        if (mel.length < 3) return Result.NONE;
        var noise = new NoiseTracker(Mfcc.MELS);
        float[][] window = new float[mel.length][Mfcc.COEFFS];
        float[] energy = new float[mel.length];
        for (int i = 0; i < mel.length; i++) {
            noise.update(mel[i]);
            energy[i] = WordModel.energy(mel[i]);
            mfcc.cepstrum(mel[i], window[i], 0);
            WordModel.normalise(window[i]);
        }
        float noiseTotal = noise.total(), peak = 0;
        for (float e : energy) peak = Math.max(peak, e - noiseTotal);
        peak = Math.max(peak, 3 * noiseTotal);
        var m = model.bestMatch(mfcc, window, energy, noise.noise(), noiseTotal, peak);
        if (m == null) return Result.NONE;
        int start = Math.max(0, (m.startFrame() - 1) * Pcm.FRAME_SAMPLES);
        int end = Math.min(audioLength, (m.endFrame() + 1) * Pcm.FRAME_SAMPLES);
        return new Result(WordModel.score(m.ratio()), m.ratio(), start, end, m.mean(), m.worstPart(), m.contour());
    }

    /**
     * The confirmation look, stricter than the detector's and computed on a different representation: the word
     * is located as by {@link #score}, cut tightly, and compared again with cepstra normalised over the word
     * (CMN) plus its loudness contour relative to its peak. Loudness tells a stop from a nasal ("computer" has
     * a closure before the p, "commuter" has none), which the gain-free cepstra of the detector cannot.
     *
     * @return the verification's own result; score 0 if the word is not found
     */
    public Result verify(short[] audio) {
        float[][] mel = Enroller.melFrames(audio);
        Result located = score(mel, audio.length);
        if (located.ratio() == Double.POSITIVE_INFINITY) return Result.NONE;
        int from = Math.max(0, located.startSample() / Pcm.FRAME_SAMPLES - VERIFY_MARGIN_FRAMES);
        int to = Math.min(mel.length, located.endSample() / Pcm.FRAME_SAMPLES + VERIFY_MARGIN_FRAMES);
        if (to - from < 3) return Result.NONE;
        var noise = new NoiseTracker(Mfcc.MELS);
        for (float[] frame : mel) noise.update(frame);
        float noiseTotal = noise.total(), peak = 0;
        for (int i = from; i < to; i++) peak = Math.max(peak, WordModel.energy(mel[i]) - noiseTotal);
        peak = Math.max(peak, 3 * noiseTotal);
        float[][] input = LoudnessCepstra.of(mfcc, java.util.Arrays.copyOfRange(mel, from, to));
        var m = model.verify(mfcc, input, noise.noise(), peak);
        if (m == null) return Result.NONE;
        int start = (from + m.startFrame() - 1) * Pcm.FRAME_SAMPLES, end = (from + m.endFrame() + 1) * Pcm.FRAME_SAMPLES;
        return new Result(WordModel.score(m.ratio()), m.ratio(), Math.max(0, start), Math.min(audio.length, end), m.mean(), m.worstPart(), located.contour());
    }

    private static final int VERIFY_MARGIN_FRAMES = 5;
}
