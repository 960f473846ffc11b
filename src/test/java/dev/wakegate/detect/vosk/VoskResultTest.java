package dev.wakegate.detect.vosk;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.wakegate.detect.vosk.VoskFixtures.partial;
import static dev.wakegate.detect.vosk.VoskFixtures.result;
import static dev.wakegate.detect.vosk.VoskFixtures.word;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vosk's JSON as its recognizer prints it (json.h: keys sorted, numbers with six decimals, pretty-printed). */
class VoskResultTest {
    @Test
    void aPartialResultWithPartialWordsGivesWordsWithTimesAndConf() throws IOException {
        var r = VoskResult.parse(partial(word("hey", 0.6, 0.84, 1), word("computer", 0.84, 1.38, 0.87)));
        assertTrue(r.partial());
        assertEquals("hey computer", r.text());
        assertEquals(2, r.words().size());
        assertEquals(new VoskResult.Word("computer", 0.84, 1.38, 0.87), r.words().get(1));
    }

    @Test
    void anEmptyPartialResultHasNoWords() throws IOException {
        var r = VoskResult.parse(partial());
        assertTrue(r.partial());
        assertEquals("", r.text());
        assertTrue(r.words().isEmpty());
    }

    @Test
    void aPartialResultWithoutWordListStillGivesItsText() throws IOException {
        var r = VoskResult.parse("{\"partial\" : \"hey\"}");
        assertEquals("hey", r.text());
        assertTrue(r.words().isEmpty());
    }

    @Test
    void aFinalResultGivesResultWordsAndText() throws IOException {
        var r = VoskResult.parse(result(word("hey", 12.03, 12.27, 0.991), word("computer", 12.27, 12.9, 0.634)));
        assertFalse(r.partial());
        assertEquals("hey computer", r.text());
        assertEquals(0.634, r.words().get(1).conf(), 1e-9);
        assertEquals(12.03, r.words().get(0).start(), 1e-9);
    }

    @Test
    void voskEmptyResultIsAFinalWithNoWords() throws IOException {
        var r = VoskResult.parse("{\"text\": \"\"}");
        assertFalse(r.partial());
        assertEquals("", r.text());
        assertTrue(r.words().isEmpty());
    }

    @Test
    void unknownWordsArriveAsTheUnkToken() throws IOException {
        var r = VoskResult.parse(result(word("[unk]", 3.1, 3.6, 1)));
        assertEquals("[unk]", r.text());
        assertEquals("[unk]", r.words().get(0).word());
    }

    @Test
    void aMissingConfIsNaNNotZero() throws IOException {
        var r = VoskResult.parse("{\"partial\": \"hey\", \"partial_result\": [{\"word\": \"hey\", \"start\": 1, \"end\": 1.2}]}");
        assertTrue(Double.isNaN(r.words().get(0).conf()));
        assertEquals(1.0, r.words().get(0).start());     // integers are numbers too
    }

    @Test
    void malformedResultsAreIOExceptions() {
        assertThrows(IOException.class, () -> VoskResult.parse("not json"));
        assertThrows(IOException.class, () -> VoskResult.parse("[1, 2]"));
        assertThrows(IOException.class, () -> VoskResult.parse("{\"text\": \"a\", \"result\": [{\"conf\": 1}]}"));
        assertThrows(IOException.class, () -> VoskResult.parse("{\"text\": \"a\", \"result\": [{\"word\": \"a\", \"conf\": \"high\"}]}"));
    }

    @Test
    void printingAResultNeverShowsWhatWasSaid() throws IOException {
        var r = VoskResult.parse(result(word("secret", 1, 2, 1)));
        assertFalse(r.toString().contains("secret"), r.toString());
    }
}
