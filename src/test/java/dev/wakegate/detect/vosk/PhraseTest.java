package dev.wakegate.detect.vosk;

import dev.wakegate.internal.Json;
import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhraseTest {
    @Test
    void typedPhrasesAreNormalisedLikeAVoskVocabulary() {
        assertEquals("hey computer", Phrase.parse("  Hey,  Computer! ").text());
        assertEquals(List.of("what's", "up"), Phrase.parse("What\u2019s up?").words());
        assertEquals("hallo küche", Phrase.parse("Hallo Küche").text());
        assertEquals("ok house", Phrase.parse("'ok' house.").text());
    }

    @Test
    void templateNamesBecomePhrasesWithDashesAndUnderscoresAsSpaces() {
        assertEquals("hey computer", Phrase.fromWordName("hey-computer").text());
        assertEquals("ok rhasspy", Phrase.fromWordName("ok_rhasspy").text());
    }

    @Test
    void aPhraseWithoutWordsIsAUserError() {
        var e = assertThrows(UserError.class, () -> Phrase.parse(" ?! "));
        assertTrue(e.getMessage().contains("--phrase"), e.getMessage());
    }

    @Test
    void theGrammarListsEveryPhraseThenTheUnknownToken() throws Exception {
        String grammar = Phrase.grammar(List.of(Phrase.parse("hey computer"), Phrase.parse("ok house")), "[unk]");
        assertEquals("[\"hey computer\", \"ok house\", \"[unk]\"]", grammar);
        assertEquals(List.of("hey computer", "ok house", "[unk]"), com.fasterxml.jackson.jr.ob.JSON.std.listFrom(grammar));
        assertTrue(Json.quote("x").startsWith("\""));
    }

    @Test
    void voskSpecialTokensAreNeverPhraseWords() {
        assertTrue(Phrase.isSpecialToken("[unk]"));
        assertTrue(Phrase.isSpecialToken("<UNK>"));
        assertFalse(Phrase.isSpecialToken("computer"));
    }
}
