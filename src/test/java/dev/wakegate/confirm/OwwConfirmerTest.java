package dev.wakegate.confirm;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static dev.wakegate.detect.oww.OwwTestData.HEY_MYCROFT;
import static dev.wakegate.detect.oww.OwwTestData.OWW_CLIPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwwConfirmerTest {

    private static OwwConfirmer confirmer(double sensitivity, String... words) {
        var m = OwwTestData.open(words);
        return new OwwConfirmer(new OwwScorer(m.features(), m.wakeModels()), Sensitivity.of(sensitivity));
    }

    /** What the gate hands over: the word as the detector placed it, with half a second before it. */
    private static HeardWord candidate(String word, String clip) {
        short[] audio = OwwTestData.padded(TestData.samples(OWW_CLIPS.resolve(clip)), 0.5, 0);
        long base = 100_000;                                   // anywhere in a long stream
        var d = new Detection(word, base + Pcm.SAMPLE_RATE / 2, base + audio.length, 0.8, base + audio.length);
        return new HeardWord(d, audio, base);
    }

    @Test
    void confirmsTheWakeWordInTheBufferedAudioAtTheStricterThreshold() {
        try (var c = confirmer(0.3, ALEXA)) {
            assertEquals(0.7, c.threshold(), 1e-12);
            var v = c.confirm(candidate(ALEXA, "alexa_test.wav"));
            assertTrue(v.confirmed(), v.reason());
            assertTrue(v.score() >= 0.7 && v.reason().startsWith("oww alexa_v0.1 score"), v.reason());
        }
    }

    @Test
    void rejectsACandidateWhoseAudioHoldsAnotherPhrase() {
        try (var c = confirmer(0.3, ALEXA)) {
            var v = c.confirm(candidate(ALEXA, "hey_jane.wav"));
            assertFalse(v.confirmed(), v.reason());
            assertTrue(v.score() < 0.5);
        }
    }

    @Test
    void withSeveralModelsChecksTheOneNamedLikeTheDetectedWord() {
        try (var c = confirmer(0.3, ALEXA, HEY_MYCROFT)) {
            assertTrue(c.confirm(candidate(HEY_MYCROFT, "hey_mycroft_test.wav")).confirmed());
            assertFalse(c.confirm(candidate(ALEXA, "hey_mycroft_test.wav")).confirmed(), "alexa's model hears no alexa");
            var unknown = c.confirm(candidate("hey-computer", "hey_mycroft_test.wav"));
            assertFalse(unknown.confirmed());
            assertEquals("no openWakeWord model for 'hey-computer'", unknown.reason());
        }
    }

    @Test
    void scoresTheClipOnFourStepGridsAndKeepsTheHighest() {
        var m = OwwTestData.open(ALEXA);
        try (var scorer = new OwwScorer(m.features(), m.wakeModels())) {
            short[] audio = candidate(ALEXA, "alexa_test.wav").audio();
            double one = scorer.score(audio).getFirst().score(), four = scorer.score(audio, 4).getFirst().score();
            assertTrue(four >= one, one + " on one grid, " + four + " on four");
            assertEquals(one, scorer.score(audio, 1).getFirst().score(), 1e-9, "one grid is openWakeWord's predict_clip");
        }
        try (var c = confirmer(0.6, ALEXA)) {
            assertEquals(4, c.grids());
            assertEquals(0.4, c.threshold(), 1e-12);
        }
    }

    @Test
    void withOneModelStandsBehindAnyEngine() {
        try (var c = confirmer(0.3, ALEXA)) {
            assertTrue(c.confirm(candidate("hey-computer", "alexa_test.wav")).confirmed(), "the template engine's word, checked by alexa's model");
        }
    }
}
