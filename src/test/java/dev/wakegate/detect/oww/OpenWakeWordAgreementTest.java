package dev.wakegate.detect.oww;

import dev.wakegate.detect.Detection;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static dev.wakegate.detect.oww.OwwTestData.HEY_JARVIS;
import static dev.wakegate.detect.oww.OwwTestData.HEY_MYCROFT;
import static dev.wakegate.detect.oww.OwwTestData.OWW_CLIPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openWakeWord's own model test ({@code tests/test_models.py}) on its own clips: each clip, padded with 1 s of
 * silence on both sides as {@code predict_clip} does, must reach 0.5 on the model it is named after and stay under
 * 0.5 on the others. Checked twice: by the clip scorer, and through the streaming scan path (VAD and all).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenWakeWordAgreementTest {
    private static final String HEY_RHASSPY = "hey_rhasspy_v0.1";
    private static final List<String> WORDS = List.of(ALEXA, HEY_MYCROFT, HEY_JARVIS, HEY_RHASSPY);
    private OwwScorer scorer;
    private OwwDetector detector;

    @BeforeAll
    void openModels() {
        var m = OwwTestData.open(WORDS.toArray(String[]::new));
        scorer = new OwwScorer(m.features(), m.wakeModels());
        detector = OwwTestData.detector(0.5, WORDS.toArray(String[]::new));
    }

    @AfterAll
    void closeModels() {
        scorer.close();
        detector.close();
    }

    private List<OwwScorer.Peak> peaks(String clip) {
        return scorer.score(OwwTestData.padded(TestData.samples(OWW_CLIPS.resolve(clip)), 1, 0));
    }

    private List<Detection> streamed(String clip) {
        return Engine.scan(detector, OwwTestData.padded(TestData.samples(OWW_CLIPS.resolve(clip)), 1, 1));
    }

    private static void assertOnlyFires(String expected, List<OwwScorer.Peak> peaks) {
        for (var p : peaks) {
            if (p.word().equals(expected)) assertTrue(p.score() >= 0.5, p.word() + " should reach 0.5: " + p);
            else assertTrue(p.score() < 0.5, p.word() + " should stay under 0.5: " + p);
        }
    }

    @Test
    void alexaTestClipFiresAlexaOnly() {
        assertOnlyFires(ALEXA, peaks("alexa_test.wav"));                                   // scorer adds the 1 s tail
        var found = streamed("alexa_test.wav");
        assertEquals(List.of(ALEXA), found.stream().map(Detection::word).toList(), "one alexa detection while streaming");
        assertTrue(found.getFirst().score() >= 0.5);
    }

    @Test
    void heyMycroftTestClipFiresHeyMycroftOnly() {
        assertOnlyFires(HEY_MYCROFT, peaks("hey_mycroft_test.wav"));
        assertEquals(List.of(HEY_MYCROFT), streamed("hey_mycroft_test.wav").stream().map(Detection::word).toList());
    }

    @Test
    void heyJaneFiresNoWakeWord() {
        for (var p : peaks("hey_jane.wav")) assertTrue(p.score() < 0.5, p.toString());
        assertEquals(List.of(), streamed("hey_jane.wav"));
    }
}
