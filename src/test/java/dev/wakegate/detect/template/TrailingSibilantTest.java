package dev.wakegate.detect.template;

import dev.wakegate.testing.Signals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hiss right after the word is a plural's s: a word that goes on in one is told from a word followed by a pause, by a
 * click, or by a faint hiss of the room.
 */
class TrailingSibilantTest {
    private static final double WORD_SECONDS = 0.5;
    private static final int WORD_END_FRAME = (int) (WORD_SECONDS * 100) - 1;

    /** A voiced vowel: the harmonics of 150 Hz up to 3 kHz, at a normal speaking level. */
    private static short[] vowel(double seconds) {
        double[] x = new double[(int) (seconds * Signals.RATE)];
        for (int k = 1; k <= 20; k++) {
            double[] h = Signals.tone(150 * k, Signals.RATE, seconds, 0.1);
            for (int i = 0; i < x.length; i++) x[i] += h[i];
        }
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Signals.clip(Math.round(x[i] * 32767 * 0.5));
        return out;
    }

    /** An s: white noise differenced twice, which leaves its power above ~4 kHz, at {@code levelDb} dBFS. */
    private static short[] hiss(double seconds, double levelDb, long seed) {
        short[] white = Signals.whiteNoise(seed, (int) (seconds * Signals.RATE) + 2, 0);
        double[] x = new double[white.length - 2];
        for (int i = 0; i < x.length; i++) x[i] = white[i + 2] - 2.0 * white[i + 1] + white[i];
        double scale = Math.pow(10, levelDb / 20) * 32767 / Math.pow(10, Signals.rmsDbfs(x) / 20);
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Signals.clip(Math.round(x[i] * scale));
        return out;
    }

    /** A clink: a hiss that decays by 10 dB in every 20 ms, as a dish touching another does. */
    private static short[] clink(double levelDb) {
        short[] h = hiss(0.1, levelDb, 3);
        short[] out = new short[h.length];
        for (int i = 0; i < h.length; i++) out[i] = (short) Math.round(h[i] * Math.pow(10, -i / 640.0));
        return out;
    }

    private static short[] quieter(short[] x, double dB) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (short) Math.round(x[i] * Math.pow(10, -dB / 20));
        return out;
    }

    private static boolean follows(short[] audio) {
        return follows(audio, WORD_END_FRAME);
    }

    /** Whether a plural's s follows a word matched up to {@code wordEndFrame} of {@code audio}. */
    private static boolean follows(short[] audio, int wordEndFrame) {
        short[] padded = Signals.concat(Signals.whiteNoise(9, 8000, -70), audio, Signals.silence(0.05));
        var heard = MelAnalysis.of(padded);
        return TrailingSibilant.follows(heard, wordEndFrame + 50, heard.speechPeak(0, heard.frames()));
    }

    @Test
    void aHissRightAfterTheWordIsAPluralsS() {
        assertTrue(follows(Signals.concat(vowel(WORD_SECONDS), hiss(0.12, -30, 1), Signals.silence(0.2))));
    }

    @Test
    void aSoftlySaidSIsStillAPluralsS() {
        // 23 dB under the word's loudest, as some voices say it
        assertTrue(follows(Signals.concat(vowel(WORD_SECONDS), hiss(0.12, -46, 1), Signals.silence(0.2))));
    }

    @Test
    void aHissAfterTheShortestPauseIsABreathNotAPlural() {
        // 60 ms of quiet, then a loud 30 ms hiss: someone breathing out after the word
        assertFalse(follows(Signals.concat(vowel(WORD_SECONDS), Signals.silence(0.06), hiss(0.03, -30, 1), Signals.silence(0.2)), WORD_END_FRAME + 3));
    }

    @Test
    void aHissAfterABreathIsTheNextWord() {
        assertFalse(follows(Signals.concat(vowel(WORD_SECONDS), Signals.silence(0.15), hiss(0.12, -30, 1))));
    }

    @Test
    void anSTheMatchRanOnIntoIsStillAPluralsS() {
        // the takes' quiet tail lined up with the s and the pause after it: the match ends 130 ms after the vowel
        assertTrue(follows(Signals.concat(vowel(WORD_SECONDS), hiss(0.08, -30, 1), Signals.silence(0.2)), WORD_END_FRAME + 13));
    }

    @Test
    void anSThatFadesOutThroughAFaintVoicedFrameIsStillAPluralsS() {
        // the s ends in 10 ms of faint voicing 27 dB under the word, then quiet; the match ran on 170 ms past the vowel
        short[] fading = quieter(vowel(0.01), 27);
        assertTrue(follows(Signals.concat(vowel(WORD_SECONDS), hiss(0.08, -30, 1), fading, Signals.silence(0.2)), WORD_END_FRAME + 17));
    }

    @Test
    void anSInsideTheWordBeforeAWeakLastVowelIsNoPlural() {
        // "rhasspy" said with its last vowel 25 dB under the first: the match ends on that vowel, after the word's own s
        short[] word = Signals.concat(vowel(0.3), hiss(0.1, -30, 1), quieter(vowel(0.1), 25));
        assertFalse(follows(Signals.concat(word, Signals.silence(0.2)), WORD_END_FRAME));
        var take = MelAnalysis.of(word).mel();
        assertFalse(TrailingSibilant.endsIn(take, peakOf(take)));
    }

    @Test
    void aClinkRightAfterTheWordIsNoS() {
        assertFalse(follows(Signals.concat(vowel(WORD_SECONDS), clink(-20), Signals.silence(0.2))));
    }

    @Test
    void aHissFarBelowTheWordIsTheRoom() {
        assertFalse(follows(Signals.concat(vowel(WORD_SECONDS), hiss(0.12, -62, 1), Signals.silence(0.2))));
    }

    @Test
    void aWordThatEndsInAnSIsToldFromOneThatDoesNot() {
        var ending = MelAnalysis.of(Signals.concat(vowel(WORD_SECONDS), hiss(0.12, -30, 1))).mel();
        var plain = MelAnalysis.of(vowel(WORD_SECONDS)).mel();
        assertTrue(TrailingSibilant.endsIn(ending, peakOf(ending)));
        assertFalse(TrailingSibilant.endsIn(plain, peakOf(plain)));
    }

    /** Where a speech-embedding match that ends on a word ending at {@code wordEndSeconds} peaks: the latest window it allows. */
    private static int peakEndOfEmbeddingMatch(double wordEndSeconds) {
        return (int) Math.round((wordEndSeconds + EmbeddingTemplate.LAST_AFTER_END_SECONDS) * Signals.RATE);
    }

    private static WakeTemplate template(short[] take) {
        float[][] logMel = MelAnalysis.of(take).mel();
        for (float[] frame : logMel)
            for (int b = 0; b < frame.length; b++) frame[b] = (float) Math.log(Math.max(frame[b], 1e-10f));
        return new WakeTemplate("w", List.of(new WakeTemplate.Take("take.wav", WakeTemplate.FIRST_VOICE, logMel)), 0, Instant.EPOCH);
    }

    @Test
    void afterASpeechEmbeddingMatchAnSRunningStraightIntoTheNextWordIsStillAPluralsS() {
        // "hey jaspers are ...": the embedding match may put the word's end in "are", whose vowel is no hiss
        short[] audio = Signals.concat(Signals.silence(0.5), vowel(WORD_SECONDS), hiss(0.06, -30, 1), vowel(0.3), Signals.silence(0.3));
        var plurals = new PluralCheck(List.of(template(vowel(WORD_SECONDS))));
        assertTrue(plurals.sibilantAfter("w", audio, peakEndOfEmbeddingMatch(1.0)));
    }

    @Test
    void afterASpeechEmbeddingMatchAnSAfterABreathIsTheNextWord() {
        short[] audio = Signals.concat(Signals.silence(0.5), vowel(WORD_SECONDS), Signals.silence(0.2), hiss(0.12, -30, 1), vowel(0.3));
        var plurals = new PluralCheck(List.of(template(vowel(WORD_SECONDS))));
        assertFalse(plurals.sibilantAfter("w", audio, peakEndOfEmbeddingMatch(1.0)));
    }

    @Test
    void aWordWhoseTakesEndInAnSIsNotCheckedAfterASpeechEmbeddingMatch() {
        short[] word = Signals.concat(vowel(WORD_SECONDS), hiss(0.12, -30, 1));
        short[] audio = Signals.concat(Signals.silence(0.5), word, hiss(0.1, -30, 2), Signals.silence(0.3));
        assertFalse(new PluralCheck(List.of(template(word))).sibilantAfter("w", audio, peakEndOfEmbeddingMatch(1.12)));
    }

    private static float peakOf(float[][] mel) {
        float peak = 0;
        for (float[] frame : mel) peak = Math.max(peak, WordModel.energy(frame));
        return peak;
    }
}
