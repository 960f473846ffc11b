package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static dev.wakegate.detect.oww.OwwTestData.OWW_CLIPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwwDetectorTest {
    private short[] alexa;
    private OwwDetector detector;

    @BeforeAll
    void open() {
        alexa = TestData.samples(OWW_CLIPS.resolve("alexa_test.wav"));
        detector = OwwTestData.detector(0.5, ALEXA);
    }

    @AfterAll
    void close() {
        detector.close();
    }

    /** Feeds every frame from index {@code first} (no VAD), as a new stream when {@code first} is 0. */
    private List<Detection> feed(short[] audio, long first) {
        var found = new ArrayList<Detection>();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; (i + 1) * Pcm.FRAME_SAMPLES <= audio.length; i++) {
            System.arraycopy(audio, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
            detector.accept(frame, first + i, found::add);
        }
        return found;
    }

    @Test
    void oneUtteranceGivesOneDetectionThoughTheScoreStaysHighForAbout1s() {
        var found = feed(OwwTestData.padded(alexa, 1, 3), 0);
        assertEquals(1, found.size(), found.toString());
    }

    @Test
    void twoUtterancesThreeSecondsApartGiveTwoDetections() {
        short[] once = OwwTestData.padded(alexa, 1, 2);
        short[] twice = new short[once.length * 2];
        System.arraycopy(once, 0, twice, 0, once.length);
        System.arraycopy(once, 0, twice, once.length, once.length);
        assertEquals(2, feed(twice, 0).size());
    }

    @Test
    void theDetectionSpansTheWordAndEndsWhereTheScoreFirstCrossedTheThreshold() {
        var d = feed(OwwTestData.padded(alexa, 1, 1), 0).getFirst();
        long wordStart = Pcm.SAMPLE_RATE, wordEnd = wordStart + alexa.length;   // the clip is the word, tightly cut
        assertEquals(0, d.endSample() % OwwPipeline.STEP_SAMPLES, "ends on an 80 ms step of the stream");
        assertTrue(d.endSample() > wordEnd - Pcm.samples(0.3) && d.endSample() <= wordEnd + Pcm.samples(0.1), d.toString());
        assertEquals(OwwDetector.WORD_SAMPLES, d.endSample() - d.startSample());
        assertTrue(d.startSample() <= wordStart + Pcm.samples(0.1), "starts at or before the word: " + d);
        assertEquals(d.endSample() + 4 * OwwPipeline.STEP_SAMPLES, d.atSample(), "decides 4 steps after the first step at or over the threshold");
        assertTrue(d.score() >= 0.5 && d.score() <= 1);
    }

    @Test
    void aWordThatEndsTheInputIsPlacedAsIfASecondOfSilenceHadFollowedIt() {
        var followedBySilence = feed(OwwTestData.padded(alexa, 1, 1), 0);
        var cutAtTheWord = feed(OwwTestData.padded(alexa, 1, 0), 0);
        assertEquals(List.of(), cutAtTheWord, "test setup: the input ends before the score crosses the threshold");
        detector.endOfStream(cutAtTheWord::add);
        assertEquals(1, followedBySilence.size(), followedBySilence.toString());
        assertEquals(spans(followedBySilence), spans(cutAtTheWord));
        assertTrue(cutAtTheWord.getFirst().atSample() > Pcm.SAMPLE_RATE + alexa.length, "test setup: decided in the silence after the input: " + cutAtTheWord);
    }

    private static List<List<Long>> spans(List<Detection> found) {
        return found.stream().map(d -> List.of(d.startSample(), d.endSample(), d.atSample())).toList();
    }

    @Test
    void sensitivityIsOneMinusOpenWakeWordsThreshold() {
        assertEquals(0.5, Sensitivity.of(0.5).threshold(), 1e-12);
        assertEquals(0.3, Sensitivity.of(0.7).threshold(), 1e-12);
        try {
            detector.setSensitivity(ALEXA, Sensitivity.of(0));                      // threshold 1: no score reaches it
            assertEquals(0, feed(OwwTestData.padded(alexa, 1, 2), 0).size());
            assertEquals(Sensitivity.of(0), detector.sensitivity(ALEXA));
        } finally {
            detector.setSensitivity(ALEXA, Sensitivity.of(0.5));
        }
        assertEquals(1, feed(OwwTestData.padded(alexa, 1, 2), 0).size());
    }

    @Test
    void aHigherTriggerLevelFiresLaterButKeepsTheEndAtTheFirstStepOverTheThreshold() {
        var once = feed(OwwTestData.padded(alexa, 1, 1), 0).getFirst();   // the default: trigger level 1
        var models = OwwTestData.open(ALEXA);
        try (var patient = new OwwDetector(models.features(), models.wakeModels(), List.of(Sensitivity.of(0.5)), OwwDecision.OPENWAKEWORD.withTriggerSteps(3))) {
            var found = new ArrayList<Detection>();
            short[] audio = OwwTestData.padded(alexa, 1, 1), frame = new short[Pcm.FRAME_SAMPLES];
            for (int i = 0; (i + 1) * Pcm.FRAME_SAMPLES <= audio.length; i++) {
                System.arraycopy(audio, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
                patient.accept(frame, i, found::add);
            }
            assertEquals(1, found.size());
            assertEquals(once.endSample(), found.getFirst().endSample());
            assertEquals(once.endSample() + 2 * OwwPipeline.STEP_SAMPLES, found.getFirst().atSample(), "3 steps in a row, not held");
        }
    }

    /** The first {@code seconds} of a shared recording, scanned like {@code wakegate scan} by a detector deciding as {@code decision}. */
    private static List<Detection> scanStart(OwwDecision decision, String recording, double seconds) {
        short[] audio = TestData.samples(OwwTestData.SHARED.resolve(recording));
        try (var d = OwwTestData.detector(decision, 0.5, ALEXA)) {
            return Engine.scan(d, java.util.Arrays.copyOf(audio, (int) Pcm.samples(seconds)));
        }
    }

    @Test
    void oneStepBlipsThatOnlyOneStepGridHearsAreRejected() {
        // given two of the blips openWakeWord's own decision fires on (kitchen noise, read speech; bench-oww.sh)
        for (String blip : List.of("real/noise/doing_the_dishes.wav", "real/librispeech/2817-142371-0000.wav")) {
            assertEquals(1, scanStart(OwwDecision.OPENWAKEWORD, blip, 3).size(), "openWakeWord's decision fires on " + blip);
            // then the default decision, which wants the word on 3 of the 4 step grids, does not
            assertEquals(List.of(), scanStart(OwwDecision.DEFAULT, blip, 3), blip);
        }
    }

    @Test
    void aRejectedBlipDoesNotMakeTheWordRightAfterItWaitForTheRefractoryTime() {
        // given the kitchen-noise blip (at 0.96 s) and, 0.3 s after it, the word
        short[] noise = java.util.Arrays.copyOf(TestData.samples(OwwTestData.SHARED.resolve("real/noise/doing_the_dishes.wav")), (int) Pcm.samples(1.3));
        short[] word = OwwTestData.padded(alexa, 0, 1);
        short[] audio = java.util.Arrays.copyOf(noise, noise.length + word.length);
        System.arraycopy(word, 0, audio, noise.length, word.length);
        // then openWakeWord's decision fires on the blip and is deaf to the word; the default hears the word only
        try (var owwDecision = OwwTestData.detector(OwwDecision.OPENWAKEWORD, 0.5, ALEXA); var ours = OwwTestData.detector(0.5, ALEXA)) {
            var theirs = Engine.scan(owwDecision, audio);
            assertEquals(1, theirs.size(), theirs.toString());
            assertTrue(theirs.getFirst().endSeconds() < 1.1, "the blip: " + theirs);
            var found = Engine.scan(ours, audio);
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.getFirst().endSeconds() > 1.3, "the word: " + found);
        }
    }

    @Test
    void asksTheVadStageForHalfASecondAfterSpeech() {
        assertEquals(50, detector.tailFrames());
    }

    @Test
    void afterAGapTheWordIsOnlyHeardOnceTheFeaturesAreRebuilt() {
        // given: a stream that jumps to frame 10 000 (the VAD skipped audio) right before the word
        var early = feed(OwwTestData.padded(alexa, 0.5, 0.5), 10_000);
        // then: 1.6 s of audio in all is too little to rebuild 2.08 s of features, so the word is never scored
        assertEquals(List.of(), early);
        // and with the context DetectionStage replays before an onset, it is
        double context = detector.contextFrames() / (double) Pcm.FRAMES_PER_SECOND;
        assertEquals(2.08, context, 1e-9);
        assertEquals(1, feed(OwwTestData.padded(alexa, context, 1), 20_000).size());
    }

    @Test
    void aWordAfterLongSilenceIsFoundThroughTheVadWithReplayedContext() {
        // 6 s of digital silence the VAD skips, then the word: the scan path replays 2.08 s before the onset
        var found = Engine.scan(detector, OwwTestData.padded(alexa, 6, 1));
        assertEquals(1, found.size());
        assertTrue(found.getFirst().startSeconds() > 5.5, found.toString());
    }

    @Test
    void liveScoreFollowsTheModel() {
        feed(OwwTestData.padded(alexa, 1, 0.25), 0);
        assertTrue(detector.liveScore(ALEXA) > 0.5, "score right after the word: " + detector.liveScore(ALEXA));
        feed(new short[Pcm.SAMPLE_RATE * 3], 0);
        assertTrue(detector.liveScore(ALEXA) < 0.1);
    }
}
