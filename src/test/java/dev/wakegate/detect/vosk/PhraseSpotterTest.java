package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Sensitivity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.function.DoubleToLongFunction;

import static dev.wakegate.detect.vosk.VoskFixtures.partial;
import static dev.wakegate.detect.vosk.VoskFixtures.result;
import static dev.wakegate.detect.vosk.VoskFixtures.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class PhraseSpotterTest {
    private static final Phrase HEY_COMPUTER = Phrase.parse("hey computer");
    /** Recognizer time = stream time, for these tests. */
    private static final DoubleToLongFunction SAME = Pcm::samples;

    private static VoskResult json(String s) throws IOException {
        return VoskResult.parse(s);
    }

    private static PhraseSpotter spotter(double sensitivity) {
        return new PhraseSpotter(List.of(HEY_COMPUTER), List.of(Sensitivity.of(sensitivity)));
    }

    private static final String HEARD = partial(word("hey", 1.0, 1.3, 1), word("computer", 1.3, 1.9, 0.8));

    @Test
    void sensitivityMapsOntoConfThresholdAndTriggerLevel() {
        assertEquals(0.5, Sensitivity.of(0.5).threshold(), 1e-9);
        assertEquals(0.1, Sensitivity.of(0.9).threshold(), 1e-9);
        assertEquals(1, PhraseSpotter.triggerLevel(Sensitivity.of(0.9)));
        assertEquals(1, PhraseSpotter.triggerLevel(Sensitivity.of(2.0 / 3)));
        assertEquals(2, PhraseSpotter.triggerLevel(Sensitivity.of(0.5)));
        assertEquals(2, PhraseSpotter.triggerLevel(Sensitivity.of(1.0 / 3)));
        assertEquals(3, PhraseSpotter.triggerLevel(Sensitivity.of(0.2)));
    }

    @Test
    void atHighSensitivityTheFirstPartialWithThePhraseFires() throws IOException {
        var hit = spotter(0.8).onPartial(json(HEARD), SAME);
        assertNotNull(hit);
        assertEquals(Pcm.samples(1.0), hit.startSample());
        assertEquals(Pcm.samples(1.9), hit.endSample());
        assertEquals(0.8, hit.score(), 1e-9);
    }

    @Test
    void atDefaultSensitivityThePhraseMustHoldInTwoConsecutivePartials() throws IOException {
        var s = spotter(0.5);
        assertNull(s.onPartial(json(HEARD), SAME));
        assertNotNull(s.onPartial(json(HEARD), SAME));
    }

    @Test
    void aPartialWithoutThePhraseResetsTheCount() throws IOException {
        var s = spotter(0.2);
        assertNull(s.onPartial(json(HEARD), SAME));
        assertNull(s.onPartial(json(HEARD), SAME));
        assertNull(s.onPartial(json(partial(word("hey", 1.0, 1.3, 1), word("[unk]", 1.3, 1.9, 1))), SAME));
        assertNull(s.onPartial(json(HEARD), SAME));
        assertNull(s.onPartial(json(HEARD), SAME));
        assertNotNull(s.onPartial(json(HEARD), SAME));
    }

    @Test
    void aWordBelowTheConfThresholdDoesNotFire() throws IOException {
        var s = spotter(0.9);   // conf ≥ 0.1 needed
        assertNull(s.onPartial(json(partial(word("hey", 1, 1.3, 1), word("computer", 1.3, 1.9, 0.05))), SAME));
        assertEquals(0.05, s.liveScore(0), 1e-9);
    }

    @Test
    void oneUtteranceGivesOneDetection() throws IOException {
        var s = spotter(0.8);
        assertNotNull(s.onPartial(json(HEARD), SAME));
        assertNull(s.onPartial(json(HEARD), SAME), "the same words again");
        assertNull(s.onPartial(json(partial(word("hey", 1.02, 1.3, 1), word("computer", 1.3, 1.95, 0.9))), SAME), "times moved a little");
        assertNull(s.onFinal(json(result(word("hey", 1.0, 1.3, 1), word("computer", 1.3, 1.9, 0.9))), SAME, Pcm.samples(2.2)),
                "the final result of the same utterance");
    }

    @Test
    void aLaterOccurrenceFiresAgain() throws IOException {
        var s = spotter(0.8);
        assertNotNull(s.onPartial(json(HEARD), SAME));
        var again = s.onPartial(json(partial(word("hey", 1.0, 1.3, 1), word("computer", 1.3, 1.9, 0.8),
                word("hey", 4.0, 4.3, 1), word("computer", 4.3, 4.9, 0.9))), SAME);
        assertNotNull(again);
        assertEquals(Pcm.samples(4.0), again.startSample());
    }

    @Test
    void aFinalResultFiresWhatPartialsDidNotWithItsConf() throws IOException {
        var s = spotter(0.2);   // trigger level 3, conf ≥ 0.8
        assertNull(s.onPartial(json(HEARD), SAME));
        var hit = s.onFinal(json(result(word("hey", 1.0, 1.3, 0.97), word("computer", 1.3, 1.9, 0.91))), SAME, Pcm.samples(2.3));
        assertNotNull(hit);
        assertEquals(0.91, hit.score(), 1e-9);
    }

    @Test
    void aFinalResultNeverReportsAPhraseLongAfterItWasSaid() throws IOException {
        var s = spotter(0.8);
        assertNull(s.onFinal(json(result(word("hey", 1.0, 1.3, 1), word("computer", 1.3, 1.9, 1))), SAME,
                Pcm.samples(1.9 + PhraseSpotter.FINAL_MAX_AGE_SECONDS + 0.1)));
    }

    @Test
    void emptyAndUnknownResultsFireNothing() throws IOException {
        var s = spotter(1.0);
        assertNull(s.onPartial(json(partial()), SAME));
        assertNull(s.onFinal(json("{\"text\": \"\"}"), SAME, 0));
        assertNull(s.onFinal(json(result(word("[unk]", 0.5, 1.0, 1))), SAME, Pcm.samples(1.0)));
    }

    @Test
    void theLongerPhraseWinsOnSharedWords() throws IOException {
        var s = new PhraseSpotter(List.of(Phrase.parse("computer"), HEY_COMPUTER), List.of(Sensitivity.of(0.8), Sensitivity.of(0.8)));
        var hit = s.onPartial(json(HEARD), SAME);
        assertEquals("hey computer", hit.phrase().text());
        assertNull(s.onPartial(json(HEARD), SAME), "'computer' inside it does not fire afterwards");
    }

    @Test
    void partialWordsWithoutConfLeaveTheDecisionToTheTriggerLevel() throws IOException {
        var s = spotter(0.5);
        String noConf = "{\"partial\": \"hey computer\", \"partial_result\": [{\"word\": \"hey\", \"start\": 1.0, \"end\": 1.3},"
                + " {\"word\": \"computer\", \"start\": 1.3, \"end\": 1.9}]}";
        assertNull(s.onPartial(json(noConf), SAME));
        assertEquals(1.0, s.onPartial(json(noConf), SAME).score());
    }
}
