package dev.wakegate.detect.vosk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PhraseMatchTest {
    private static final Phrase HEY_COMPUTER = Phrase.parse("hey computer");

    private static VoskResult.Word w(String word, double start, double conf) {
        return new VoskResult.Word(word, start, start + 0.3, conf);
    }

    @Test
    void thePhraseMustBeConsecutiveWordsInOrder() {
        assertNull(PhraseMatch.find(List.of(w("computer", 0, 1), w("hey", 0.3, 1)), HEY_COMPUTER, 0));
        assertNull(PhraseMatch.find(List.of(w("hey", 0, 1), w("[unk]", 0.3, 1), w("computer", 0.6, 1)), HEY_COMPUTER, 0));
        var m = PhraseMatch.find(List.of(w("so", 0, 1), w("hey", 0.3, 0.9), w("computer", 0.6, 0.7)), HEY_COMPUTER, 0);
        assertEquals(0.3, m.start(), 1e-9);
        assertEquals(0.9, m.end(), 1e-9);
        assertEquals(0.7, m.minConf(), 1e-9);
        assertEquals("computer", m.weakest());
    }

    @Test
    void voskWordsAreComparedNormalised() {
        var m = PhraseMatch.find(List.of(w("Hey", 0, 1), w("COMPUTER", 0.3, 1)), HEY_COMPUTER, 0);
        assertEquals(1.0, m.score());
    }

    @Test
    void occurrencesBeforeTheGivenTimeAreSkipped() {
        var words = List.of(w("hey", 0, 1), w("computer", 0.3, 1), w("hey", 2, 0.8), w("computer", 2.3, 0.8));
        assertEquals(2.0, PhraseMatch.find(words, HEY_COMPUTER, 0.1).start(), 1e-9);
        assertNull(PhraseMatch.find(words, HEY_COMPUTER, 2.1));
    }

    @Test
    void theBestOccurrenceIsTheOneWithTheMostConfidentWeakestWord() {
        var words = List.of(w("hey", 0, 0.4), w("computer", 0.3, 1), w("hey", 2, 0.8), w("computer", 2.3, 0.9));
        assertEquals(0.8, PhraseMatch.best(words, HEY_COMPUTER).minConf(), 1e-9);
    }
}
