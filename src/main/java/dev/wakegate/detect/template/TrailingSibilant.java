package dev.wakegate.detect.template;

/**
 * Whether the word goes on in a hiss: a sibilant right after the matched word, with no pause before it. That is how a
 * plural sounds ("hey jaspers", "okay rhasspies"), and a template cannot see it: the takes end where the s begins, so
 * the plural matches them as well as the word itself does.
 *
 * <p>A frame hisses when its high bands (above ~3.7 kHz) carry far more power than its low bands (below ~1.7 kHz), the
 * noise taken off both, and it stands over the noise in the high bands and near the word's loudness. The hiss must
 * begin within 50 ms of the word's end and hold for 30 ms within a few dB of its own peak: a dish's clink after the
 * word is as bright, but it decays in a frame or two. A command that starts with an s after a breath ("hey jasper,
 * stop") begins later than that. The thresholds were chosen on the dev corpus's voices (near-miss streams in quiet and
 * with kitchen and exercise-bike recordings at 10 dB) and the real recordings' tuning half; the level, 25 dB under the
 * word's loudest, on a voice that says its s softly (espeak-ng's en-us+john, 22-24 dB under the word: 22 dB let 17 of
 * its 25 "hey jaspers" through).
 */
final class TrailingSibilant {
    static final double HISS_DB = 15, LEVEL_DB = -25, OVER_NOISE_DB = 10, STEADY_DB = 6;
    static final int HOLD_FRAMES = 3, WITHIN_FRAMES = 5;
    /** A sound of the word is within this of its loudest; quieter frames are its tail or silence. */
    static final double SOUND_DB = -30;
    /**
     * A pause this long after the word's last sound ends it: a hiss after it is a breath or the next word, not the word
     * going on (a plural's s follows its vowel without a gap).
     */
    static final int PAUSE_FRAMES = 3;
    /** How far back from the matched end the word's last sound is looked for: about the length of an s. */
    static final int BACK_FRAMES = 20;
    /** How long a hiss takes to fade out: the frames right after it are its edge, not the word's last sound. */
    static final int EDGE_FRAMES = 2;
    private static final int LOW_BANDS = bandsBelow(1700), HIGH_FROM = bandsBelow(3700);

    private TrailingSibilant() {}

    /**
     * @param wordEndFrame the word's last frame in {@code heard}
     * @param speechPeak   the word's loudest power above the noise ({@link MelAnalysis#speechPeak})
     */
    static boolean follows(MelAnalysis heard, int wordEndFrame, float speechPeak) {
        int f = Math.max(0, Math.min(wordEndFrame - 1, lastSoundBefore(heard, wordEndFrame, speechPeak) + 1));
        int quietInARow = 0;
        while (f < heard.frames() && f <= wordEndFrame + WITHIN_FRAMES) {
            if (!hisses(heard, f, speechPeak)) {
                quietInARow = quiet(heard, f, speechPeak) ? quietInARow + 1 : 0;
                if (quietInARow >= PAUSE_FRAMES) return false;
                f++;
                continue;
            }
            int end = f + 1;
            while (end < heard.frames() && hisses(heard, end, speechPeak)) end++;
            if (steadyFrames(heard, f, end) >= HOLD_FRAMES) return true;
            quietInARow = 0;
            f = end;
        }
        return false;
    }

    private static boolean quiet(MelAnalysis heard, int f, float speechPeak) {
        return dB(heard.energy()[f] / speechPeak) < SOUND_DB;
    }

    /**
     * The word's last sound that is not a hiss, looking back from the matched end at most {@link #BACK_FRAMES}: a
     * match can end past the word, its takes' quiet tail lined up with the s that follows and the pause after it
     * ("okay rhasspies"), and the s then begins before the matched end. Hisses, near-silence and the fading edge of a
     * hiss (a frame right after one) are passed over; a vowel, even a weak one, stops it.
     */
    private static int lastSoundBefore(MelAnalysis heard, int wordEndFrame, float speechPeak) {
        int f = Math.min(wordEndFrame, heard.frames() - 1);
        for (int back = 0; f > 0 && back < BACK_FRAMES; back++, f--) {
            if (!quiet(heard, f, speechPeak) && !hiss(heard, f) && !hissEndsAt(heard, f)) return f;
        }
        return f;
    }

    private static boolean hiss(MelAnalysis heard, int f) {
        return highOverLowDb(heard.mel()[f], heard.noise()) >= HISS_DB;
    }

    /** Whether a hiss fades out in frame {@code f}: one of the two frames before it hisses. */
    private static boolean hissEndsAt(MelAnalysis heard, int f) {
        for (int g = Math.max(0, f - EDGE_FRAMES); g < f; g++) if (hiss(heard, g)) return true;
        return false;
    }

    /** Frames of the hiss [from, to) within STEADY_DB of its loudest. */
    private static int steadyFrames(MelAnalysis heard, int from, int to) {
        float peak = 0;
        for (int f = from; f < to; f++) peak = Math.max(peak, heard.energy()[f]);
        int n = 0;
        for (int f = from; f < to; f++) if (dB(heard.energy()[f] / peak) >= -STEADY_DB) n++;
        return n;
    }

    private static boolean hisses(MelAnalysis heard, int f, float speechPeak) {
        float[] mel = heard.mel()[f], noise = heard.noise();
        double high = power(mel, noise, HIGH_FROM, Mfcc.MELS), highNoise = power(noise, null, HIGH_FROM, Mfcc.MELS);
        return highOverLowDb(mel, noise) >= HISS_DB && dB(high / highNoise) >= OVER_NOISE_DB
                && dB(heard.energy()[f] / speechPeak) >= LEVEL_DB;
    }

    /** How far the high bands' power stands over the low bands', the noise taken off both (none when null). */
    private static double highOverLowDb(float[] mel, float[] noise) {
        return dB(power(mel, noise, HIGH_FROM, Mfcc.MELS) / power(mel, noise, 0, LOW_BANDS));
    }

    /**
     * Whether a take ends in a hiss itself ("hey atlas"): then a longer s is the word, not a plural, and nothing is
     * checked. Its last sounds are its last frames within {@link #SOUND_DB} of its peak: a word's final vowel can be
     * quieter than an s inside the word ("rhasspy"), so the frames are not looked for at the plural's level.
     *
     * @param peak the take's loudest frame power
     */
    static boolean endsIn(float[][] take, float peak) {
        int sounds = 0;
        for (int f = take.length - 1; f >= 0 && sounds < HOLD_FRAMES; f--) {
            if (dB(WordModel.energy(take[f]) / peak) < SOUND_DB) continue;
            sounds++;
            if (highOverLowDb(take[f], null) >= HISS_DB) return true;
        }
        return false;
    }

    /** Whether any of the template's takes ends in a hiss ({@link #endsIn}). */
    static boolean anyTakeEndsIn(WakeTemplate template) {
        return template.takes().stream().map(take -> WordModel.exp(take.logMel())).anyMatch(linear -> endsIn(linear, WordModel.peak(linear)));
    }

    /** The power of bands [from, to), {@code noise} taken off each (none when null). */
    private static double power(float[] mel, float[] noise, int from, int to) {
        double sum = 0;
        for (int b = from; b < to; b++) sum += noise == null ? mel[b] : Math.max(0, mel[b] - noise[b]);
        return sum;
    }

    private static int bandsBelow(double hz) {
        int b = 0;
        while (b < Mfcc.MELS && Mfcc.centreHz(b) < hz) b++;
        return b;
    }

    private static double dB(double ratio) {
        return 10 * Math.log10(Math.max(ratio, 1e-12));
    }
}
