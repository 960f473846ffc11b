package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.DetectionStage;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.ring.AudioRing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.wakegate.detect.vosk.VoskFixtures.partial;
import static dev.wakegate.detect.vosk.VoskFixtures.result;
import static dev.wakegate.detect.vosk.VoskFixtures.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector's plumbing (chunks, skipped silence, stream times) against a scripted recognizer. */
class VoskDetectorTest {
    private static final Phrase HEY_COMPUTER = Phrase.parse("hey computer");
    private static final short[] FRAME = new short[Pcm.FRAME_SAMPLES];

    /** A recognizer that, once it has been fed 1.5 s, hears "hey computer" at 0.8-1.4 s of what it was fed. */
    private static FakeDecoder heyComputerAfter(double fedSeconds) {
        String heard = partial(word("hey", 0.8, 1.0, 1), word("computer", 1.0, 1.4, 0.9));
        String said = result(word("hey", 0.8, 1.0, 1), word("computer", 1.0, 1.4, 0.9));
        return new FakeDecoder(fed -> fed >= Pcm.samples(fedSeconds) ? heard : partial(),
                fed -> fed >= Pcm.samples(fedSeconds) ? said : result());
    }

    @Test
    void audioGoesToVoskInChunksWithAPartialResultJudgedAfterEach() {
        var decoder = heyComputerAfter(99);
        var detector = new VoskDetector(decoder, List.of(HEY_COMPUTER), List.of(Sensitivity.of(0.5)));
        for (int f = 0; f < 2 * VoskDetector.CHUNK_FRAMES; f++) detector.accept(FRAME, f, d -> {});
        int chunk = VoskDetector.CHUNK_FRAMES * Pcm.FRAME_SAMPLES;
        assertEquals(List.of("accept " + chunk, "partial", "accept " + chunk, "partial"), decoder.calls);
    }

    @Test
    void aDetectionSpansThePhraseWordsInStreamTimeAcrossSkippedSilence() {
        var decoder = heyComputerAfter(1.5);
        var detector = new VoskDetector(decoder, List.of(HEY_COMPUTER), List.of(Sensitivity.of(0.8)));
        List<Detection> found = new ArrayList<>();
        // 0.5 s of speech at the stream's start, then silence skipped, then speech again from 10 s
        for (int f = 0; f < 50; f++) detector.accept(FRAME, f, found::add);
        for (int f = 1000; f < 1200; f++) detector.accept(FRAME, f, found::add);
        assertEquals(1, found.size());
        Detection d = found.get(0);
        assertEquals("hey computer", d.word());
        // recognizer time 0.8 s = 0.3 s into the second stretch, which began at 10 s
        assertEquals(Pcm.samples(10.3), d.startSample());
        assertEquals(Pcm.samples(10.9), d.endSample());
        assertEquals(0.9, d.score(), 1e-9);
        assertEquals(Pcm.samples(11.0), d.atSample(), "decided once 1.5 s had been fed");
    }

    @Test
    void theEndOfAStretchOfSpeechEndsTheUtteranceAndJudgesTheFinalResult() {
        // partials never show the phrase; the final result, taken when speech stops, does
        var decoder = new FakeDecoder(fed -> partial(), fed -> result(word("hey", 0.1, 0.3, 0.95), word("computer", 0.3, 0.7, 0.92)));
        var detector = new VoskDetector(decoder, List.of(HEY_COMPUTER), List.of(Sensitivity.of(0.5)));
        List<Detection> found = new ArrayList<>();
        for (int f = 0; f < 73; f++) detector.accept(FRAME, f, found::add);      // 0.73 s: the last 3 frames wait in the chunk
        assertTrue(found.isEmpty());
        detector.accept(FRAME, 150, found::add);                                  // silence was skipped
        assertEquals(1, found.size());
        assertEquals(Pcm.samples(0.1), found.get(0).startSample());
        assertEquals(Pcm.samples(1.5), found.get(0).atSample(), "decided when speech resumed");
        assertEquals(List.of("accept " + 3 * Pcm.FRAME_SAMPLES, "result"), decoder.calls.subList(decoder.calls.size() - 2, decoder.calls.size()),
                "the pending frames were decoded first");
    }

    @Test
    void aPhraseFinalisedLongAfterItWasSaidIsNotReported() {
        var decoder = new FakeDecoder(fed -> partial(), fed -> result(word("hey", 0.1, 0.3, 0.95), word("computer", 0.3, 0.7, 0.92)));
        var detector = new VoskDetector(decoder, List.of(HEY_COMPUTER), List.of(Sensitivity.of(0.5)));
        List<Detection> found = new ArrayList<>();
        for (int f = 0; f < 75; f++) detector.accept(FRAME, f, found::add);
        detector.accept(FRAME, 75 + 100 * 5, found::add);                         // speech again 5 s later
        assertTrue(found.isEmpty(), found.toString());
    }

    @Test
    void oneUtteranceGivesOneDetectionThroughTheDetectionStage() {
        var decoder = heyComputerAfter(1.0);
        var detector = new VoskDetector(decoder, List.of(HEY_COMPUTER), List.of(Sensitivity.of(0.8)));
        var ring = new AudioRing(4 * Pcm.SAMPLE_RATE);
        var stage = new DetectionStage(detector, ring);
        List<Detection> found = new ArrayList<>();
        for (int f = 0; f < 300; f++) {
            ring.write(FRAME, 0, FRAME.length);
            stage.offer(FRAME, f, true, found::add);
        }
        assertEquals(1, found.size());
    }

    @Test
    void sensitivityIsPerPhraseAndClosingClosesTheRecognizer() {
        var decoder = heyComputerAfter(1.0);
        var detector = new VoskDetector(decoder, List.of(HEY_COMPUTER, Phrase.parse("ok house")), List.of(Sensitivity.of(0.5), Sensitivity.of(0.5)));
        detector.setSensitivity("ok house", Sensitivity.of(0.9));
        assertEquals(0.9, detector.sensitivity("ok house").value());
        assertEquals(0.5, detector.sensitivity("hey computer").value());
        assertEquals(List.of("hey computer", "ok house"), detector.words());
        detector.close();
        assertTrue(decoder.closed);
    }
}
