package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Sensitivity;

import java.util.Arrays;

/**
 * Scores a short piece of audio against one wake word with the exact look the detector uses for its final
 * decision, computed afresh from the samples: the basis of the template confirmation stage.
 */
public final class TemplateScorer {
    private final WordModel model;
    private final Mfcc mfcc = new Mfcc();

    public TemplateScorer(WakeTemplate template) {
        this.model = new WordModel(template, Sensitivity.DEFAULT);
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
     * @param sibilantAfter the confirmation look only: a hiss follows the word without a pause, as in a plural
     *                    ({@link TrailingSibilant})
     */
    public record Result(double score, double ratio, int startSample, int endSample, double mean, double worstPart, double contour, boolean sibilantAfter) {
        static final Result NONE = new Result(0, Double.POSITIVE_INFINITY, 0, 0, 2, 2, 0, false);
    }

    /** The best match of the word anywhere in {@code audio} (16 kHz mono). */
    public Result score(short[] audio) {
        return score(MelAnalysis.of(audio));
    }

    /** {@link #score(short[])} on audio already analysed: for callers that score the same audio more than once. */
    Result score(MelAnalysis heard) {
        return heard.frames() < 3 ? Result.NONE : locate(heard, unitCepstra(heard), model.allTakes());
    }

    private float[][] unitCepstra(MelAnalysis heard) {
        float[][] mel = heard.mel();
        float[][] window = new float[mel.length][Mfcc.COEFFS];
        for (int i = 0; i < mel.length; i++) {
            mfcc.cepstrum(mel[i], window[i], 0);
            UnitVectors.normalise(window[i]);
        }
        return window;
    }

    /** The best match of these takes in the whole of {@code heard}. */
    private Result locate(MelAnalysis heard, float[][] window, int[] takes) {
        var m = model.bestMatch(mfcc, window, window.length, heard.energy(), heard.noise(), heard.noiseTotal(), heard.speechPeak(0, window.length), takes);
        if (m == null) return Result.NONE;
        int start = Math.max(0, (m.startFrame() - 1) * Pcm.FRAME_SAMPLES);
        int end = Math.min(heard.samples(), (m.endFrame() + 1) * Pcm.FRAME_SAMPLES);
        return new Result(WordModel.score(m.ratio()), m.ratio(), start, end, m.mean(), m.worstPart(), m.contour(), false);
    }

    /**
     * The confirmation look, stricter than the detector's and computed on a different representation: the word
     * is located as by {@link #score}, cut tightly, and compared again with cepstra normalised over the word
     * (CMN) plus its loudness contour relative to its peak. Loudness tells a stop from a nasal ("computer" has
     * a closure before the p, "commuter" has none), which the gain-free cepstra of the detector cannot. In
     * continuous noise its limits widen as the detector's do, for the background the audio holds before the word. It also
     * reports whether the word goes on in a hiss, as a plural does ("hey jaspers"), unless the word itself ends in one.
     *
     * @return the verification's own result; score 0 if the word is not found
     */
    public Result verify(short[] audio) {
        var heard = MelAnalysis.of(audio);
        if (heard.frames() < 3) return Result.NONE;
        float[][] window = unitCepstra(heard);
        Result best = Result.NONE;
        for (int[] takes : model.takesByVoice) {
            Result r = verify(heard, window, takes);
            if (r.ratio() < best.ratio()) best = r;
        }
        return best;
    }

    /**
     * The confirmation look with one voice's takes: located by them and compared with them. In a household, another
     * voice's takes may place the word elsewhere (a syllable earlier, or shorter), and this voice's takes, compared
     * inside that cut, miss their own word.
     */
    private Result verify(MelAnalysis heard, float[][] window, int[] takes) {
        Result located = locate(heard, window, takes);
        if (located.ratio() == Double.POSITIVE_INFINITY) return Result.NONE;
        int from = Math.max(0, located.startSample() / Pcm.FRAME_SAMPLES - VERIFY_MARGIN_FRAMES);
        int to = Math.min(heard.frames(), located.endSample() / Pcm.FRAME_SAMPLES + VERIFY_MARGIN_FRAMES);
        if (to - from < 3) return Result.NONE;
        float[][] input = LoudnessCepstra.of(mfcc, Arrays.copyOfRange(heard.mel(), from, to));
        float peak = heard.speechPeak(from, to);
        var m = model.verify(mfcc, input, heard.noise(), peak, allowanceBefore(heard, located.startSample() / Pcm.FRAME_SAMPLES, peak, takes), takes);
        if (m == null) return Result.NONE;
        int start = (from + m.startFrame() - 1) * Pcm.FRAME_SAMPLES, end = (from + m.endFrame() + 1) * Pcm.FRAME_SAMPLES;
        boolean sibilantAfter = !model.endsInSibilant && TrailingSibilant.follows(heard, from + m.endFrame(), peak);
        return new Result(WordModel.score(m.ratio()), m.ratio(), Math.max(0, start), Math.min(heard.samples(), end), m.mean(), m.worstPart(), located.contour(),
                sibilantAfter);
    }

    private static final int VERIFY_MARGIN_FRAMES = 5;

    /** As the detector widens for the background before a word, from what the audio holds of it (its margin), for these takes' voice. */
    private double allowanceBefore(MelAnalysis heard, int wordStartFrame, float speechPeak, int[] voiceTakes) {
        var background = new Background();
        background.pick(heard.mel(), heard.energy(), 0, wordStartFrame - Background.GAP_FRAMES, i -> (int) i);
        return model.allowance(mfcc, background, heard.noise(), speechPeak, voiceTakes);
    }
}
