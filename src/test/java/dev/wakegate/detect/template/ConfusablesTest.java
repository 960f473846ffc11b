package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The phrases a verifier learns as not the wake word are one sound away from it: a consonant swapped for one of its
 * kind or dropped, a plural, the last sound dropped, each word alone, an article before the last; never the phrase
 * itself, and never a vowel changed (that is the same word in another accent).
 */
class ConfusablesTest {
    /** espeak-ng 1.51's spelling of "hey jasper" (espeak-ng -q -x -v en-us). */
    private static final List<String> HEY_JASPER = List.of("h'eI", "dZ'aasp3");

    @Test
    void oneConsonantSwappedOrDroppedAPluralAndTheWordsAlone() {
        var c = Confusables.of("hey jasper", HEY_JASPER);
        for (String expected : List.of("[[h'eI dZ'aast3]]", "[[h'eI dZ'aazp3]]", "[[h'eI tS'aasp3]]", "[[h'eI dZ'aas3]]", "[[h'eI dZ'aasp3z]]",
                "[[h'eI dZ'aasp3s]]", "[[h'eI dZ'aasp]]", "hey", "jasper", "a jasper", "the jasper"))
            assertTrue(c.contains(expected), expected + " in " + c);
    }

    @Test
    void neverThePhraseItselfNorAVowelChanged() {
        var c = Confusables.of("hey jasper", HEY_JASPER);
        assertFalse(c.contains("[[h'eI dZ'aasp3]]"));
        assertTrue(c.stream().filter(s -> s.startsWith("[[")).allMatch(s -> s.startsWith("[[h'eI ") && s.contains("'aa")), "the vowels stay: " + c);
        assertEquals(c.size(), c.stream().distinct().count(), "each once");
    }

    @Test
    void aOneWordPhraseHasNoWordsAloneToSay() {
        var c = Confusables.of("alexa", List.of("@l'Eks@"));
        assertFalse(c.contains("alexa"));
        assertTrue(c.containsAll(List.of("a alexa", "the alexa", "[[@l'Eks@z]]")), c.toString());
    }

    @Test
    void espeakSaysThePhraseAsA16kHzTakeWithSilenceAround() throws IOException {
        var espeak = Espeak.find();
        assertNotNull(espeak, "espeak-ng must be installed (apt install espeak-ng; .ci/run installs it)");
        assertEquals(HEY_JASPER, espeak.phonemes("hey jasper"));
        short[] said = espeak.say("hey jasper", "en-us", 160, 50);
        var span = SpeechSpan.find(said);
        double seconds = said.length / 16000.0, start = span.startFrame() / 100.0, end = span.endFrame() / 100.0;
        assertTrue(seconds > 1.3 && seconds < 2.5, seconds + " s");
        assertTrue(start >= 0.45 && end <= seconds - 0.45, "speech " + start + "-" + end + " s of " + seconds);
    }
}
