package dev.wakegate.vad;

import dev.wakegate.audio.Pcm;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VAD only decides what the detector may skip, so it must never lose a wake word and should skip silence and
 * steady noise. The first frames of a word (a breathy "h" at the noise floor) cannot be told from the background by
 * energy; {@link #ONSET_ALLOWANCE_FRAMES} bounds that latency, far inside the 0.5 s the detection stage replays.
 */
class EnergyVadTest {
    /** 150 ms: how late after the labelled start of a word the VAD may open. */
    static final int ONSET_ALLOWANCE_FRAMES = 15;

    private static boolean[] classify(Vad vad, short[] audio) {
        int frames = audio.length / Pcm.FRAME_SAMPLES;
        boolean[] speech = new boolean[frames];
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(audio, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
            speech[i] = vad.isSpeech(frame);
        }
        return speech;
    }

    private static int count(boolean[] speech, int from, int to) {
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, speech.length); i++) if (speech[i]) n++;
        return n;
    }

    /** Asserts the VAD opens within the allowance after the labelled start and stays open to the labelled end. */
    private static void assertWholePhraseIsSpeech(boolean[] speech, Labels.Span wake) {
        int start = (int) Math.floor(wake.start() * Pcm.FRAMES_PER_SECOND), end = (int) Math.ceil(wake.end() * Pcm.FRAMES_PER_SECOND);
        int firstSpeech = start;
        while (firstSpeech < end && !speech[firstSpeech]) firstSpeech++;
        assertTrue(firstSpeech - start <= ONSET_ALLOWANCE_FRAMES,
                "VAD opened " + (firstSpeech - start) * 10 + " ms after the labelled start");
        for (int i = firstSpeech; i < end; i++)
            assertTrue(speech[i], "frame " + i + " (" + i / 100.0 + " s) inside the wake phrase was called silence");
    }

    @Test
    void digitalSilenceIsNeverSpeech() {
        // given: 10 s of zeros
        short[] zeros = Signals.silence(10);
        // when
        boolean[] speech = classify(new EnergyVad(), zeros);
        // then
        assertEquals(0, count(speech, 0, speech.length));
    }

    @Test
    void audioUnderTheAbsoluteFloorIsNeverSpeechEvenWhenItRisesAboveTheSilenceBefore() {
        // given: digital silence, then a faint hiss at -80 dBFS (a muted or unplugged input)
        short[] audio = Signals.concat(Signals.silence(2), Signals.whiteNoise(3, 5 * 16_000, -80));
        // when
        boolean[] speech = classify(new EnergyVad(), audio);
        // then
        assertEquals(0, count(speech, 0, speech.length));
    }

    @Test
    void labelledWakePhraseOfADevPositiveIsSpeech() {
        // given: a dev-corpus positive (pink noise at 20 dB SNR) and its label
        var positive = Labels.positive(TestData.VOICE, "01.wav");
        short[] audio = TestData.samples(TestData.dev(TestData.VOICE, "positives/01.wav"));
        // when
        boolean[] speech = classify(new EnergyVad(), audio);
        // then
        assertWholePhraseIsSpeech(speech, positive.wake());
        assertEquals(0, count(speech, 0, (int) (positive.wake().start() * 100) - 10), "the noise before the phrase is not speech");
    }

    @Test
    void everyCleanPositiveOfTheDevVoiceIsSpeechOverItsWholePhrase() {
        for (var positive : Labels.positives(TestData.VOICE)) {
            if (!positive.clean()) continue;
            // given
            short[] audio = TestData.samples(TestData.dev(TestData.VOICE, "positives/" + positive.file()));
            // when
            boolean[] speech = classify(new EnergyVad(), audio);
            // then
            try {
                assertWholePhraseIsSpeech(speech, positive.wake());
            } catch (AssertionError e) {
                throw new AssertionError(positive.file() + ": " + e.getMessage(), e);
            }
        }
    }

    @ParameterizedTest(name = "{0} noise at {1} dBFS is not speech after 0.5 s")
    @CsvSource({"white, -45", "white, -20", "pink, -45", "pink, -20"})
    void steadyNoiseAloneIsNotSpeechAfterAShortAdaptation(String colour, double dbfs) {
        // given: 20 s of steady noise, nothing else
        int n = 20 * 16_000;
        short[] noise = colour.equals("white") ? Signals.whiteNoise(11, n, dbfs) : Signals.pinkNoise(11, n, dbfs);
        // when
        boolean[] speech = classify(new EnergyVad(), noise);
        // then
        assertEquals(0, count(speech, 50, speech.length), "speech frames after the first 0.5 s of " + colour + " noise");
    }

    @Test
    void speechAtMinusFortyDbfsInAQuietRoomIsStillSpeech() {
        // given: a clean positive scaled so that its wake phrase is -40 dBFS RMS, over -75 dBFS room noise
        var positive = Labels.positive(TestData.VOICE, "04.wav");
        short[] quiet = withPhraseAt(positive, -40);
        short[] room = Signals.mix(quiet, Signals.whiteNoise(5, quiet.length, -75), 0);
        assertEquals(-40, Signals.rmsDbfs(room, samples(positive.wake().start()), samples(positive.wake().end())), 0.5, "test setup: phrase level");
        // when
        boolean[] speech = classify(new EnergyVad(), room);
        // then
        assertWholePhraseIsSpeech(speech, positive.wake());
    }

    @Test
    void aFaintWordRightAfterDigitalSilenceIsSpeech() {
        // given: a quiet microphone (the word at -62 dBFS RMS over a -85 dBFS noise floor, both below the absolute
        // floor's reach of a learnt room), after a second of digital silence, as a gated source or a take starts
        var positive = Labels.positive(TestData.VOICE, "04.wav");
        short[] faint = withPhraseAt(positive, -62);
        short[] take = Signals.concat(Signals.silence(1), Signals.mix(faint, Signals.whiteNoise(6, faint.length, -85), 0));
        // when
        boolean[] speech = classify(new EnergyVad(), take);
        // then
        assertWholePhraseIsSpeech(speech, new Labels.Span(positive.wake().start() + 1, positive.wake().end() + 1));
    }

    /** A dev positive scaled so that its wake phrase is {@code dbfs} RMS. */
    private static short[] withPhraseAt(Labels.Positive positive, double dbfs) {
        short[] original = TestData.samples(TestData.dev(TestData.VOICE, "positives/" + positive.file()));
        int from = samples(positive.wake().start()), to = samples(positive.wake().end());
        return Signals.gain(original, dbfs - Signals.rmsDbfs(original, from, to));
    }

    private static int samples(double seconds) {
        return (int) (seconds * 16_000);
    }

    @Test
    void aNoisyRoomAfterDigitalSilenceIsLearntWithinThreeSeconds() {
        // given: a mute (digital silence), then the room again: fan noise at -50 dBFS
        short[] audio = Signals.concat(Signals.silence(5), Signals.pinkNoise(7, 10 * 16_000, -50));
        // when
        boolean[] speech = classify(new EnergyVad(), audio);
        // then: the detector is not fed the fan for long (it used to be, for up to 40 s, when zeros set the floor)
        assertEquals(0, count(speech, 800, speech.length), "speech frames more than 3 s after the room came back");
    }

    @Test
    void speechInSteadyNoiseIsStillSpeechAfterTheNoiseWasLearnt() {
        // given: 3 s of pink noise at -45 dBFS, then the clean positive on top of it at 15 dB SNR
        var positive = Labels.positive(TestData.VOICE, "04.wav");
        short[] word = TestData.samples(TestData.dev(TestData.VOICE, "positives/04.wav"));
        int from = (int) (positive.wake().start() * 16_000), to = (int) (positive.wake().end() * 16_000);
        word = Signals.gain(word, -30 - Signals.rmsDbfs(word, from, to));
        short[] noise = Signals.pinkNoise(2, 3 * 16_000 + word.length, -45);
        short[] audio = Signals.mix(noise, word, 3 * 16_000);
        // when
        boolean[] speech = classify(new EnergyVad(), audio);
        // then
        assertEquals(0, count(speech, 50, 300), "the noise alone is not speech");
        assertWholePhraseIsSpeech(speech, new Labels.Span(positive.wake().start() + 3, positive.wake().end() + 3));
    }

    @Test
    void resetForgetsTheLearntFloor() {
        // given: a VAD that learnt loud noise
        var vad = new EnergyVad();
        classify(vad, Signals.whiteNoise(1, 5 * 16_000, -20));
        // when
        vad.reset();
        // then: the floor is learnt afresh from the next input (here: quiet noise, not speech)
        boolean[] speech = classify(vad, Signals.whiteNoise(2, 3 * 16_000, -60));
        assertEquals(0, count(speech, 0, speech.length));
        assertEquals(-60, vad.floorDb(), 3);
    }

    @Test
    void levelIsTheRmsOfTheFrameInDbfs() {
        // given: a full-scale square wave is 0 dBFS; a half-scale one is -6 dBFS
        short[] square = new short[Pcm.FRAME_SAMPLES], half = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; i < square.length; i++) {
            square[i] = (short) (i % 2 == 0 ? 32767 : -32768);
            half[i] = (short) (i % 2 == 0 ? 16384 : -16384);
        }
        // when / then
        assertEquals(0, EnergyVad.levelDb(square, square.length), 0.01);
        assertEquals(-6.02, EnergyVad.levelDb(half, half.length), 0.01);
        assertEquals(-120, EnergyVad.levelDb(new short[Pcm.FRAME_SAMPLES], Pcm.FRAME_SAMPLES));
    }
}
