package dev.wakegate.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeerTextTest {
    @Test
    void printableShowsControlCharactersAsQuestionMarksAndKeepsFortyCharacters() {
        assertEquals("a?b?c", PeerText.printable("a\nb\u001bc"));
        assertEquals("x".repeat(40) + "…", PeerText.printable("x".repeat(41)));
        assertEquals("x".repeat(40), PeerText.printable("x".repeat(40)));
    }

    @Test
    void oneLineFoldsWhiteSpaceButStillHidesEscapeSequencesFromTheTerminal() {
        assertEquals("Turned off the lights. ?[2JDone", PeerText.oneLine("  Turned off\n the\tlights.\r\n \u001b[2JDone \n", 100));
        assertEquals("abcde…", PeerText.oneLine("abcdefgh", 5));
    }
}
