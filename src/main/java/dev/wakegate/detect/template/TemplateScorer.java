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
     */
    public record Result(double score, double ratio, int startSample, int endSample) {
        static final Result NONE = new Result(0, Double.POSITIVE_INFINITY, 0, 0);
    }

    /** The best match of the word anywhere in {@code audio} (16 kHz mono). */
    public Result score(short[] audio) {
        float[][] mel = Enroller.melFrames(audio);
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
        int end = Math.min(audio.length, (m.endFrame() + 1) * Pcm.FRAME_SAMPLES);
        return new Result(WordModel.score(m.ratio()), m.ratio(), start, end);
    }
}
