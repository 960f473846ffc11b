package dev.wakegate.detect.vosk;

import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything wakegate checks in Java before a model directory is handed to native code. */
class VoskModelLayoutTest {
    private static final List<String> VOCABULARY = List.of("hey", "computer", "[unk]", "kitchen");

    @TempDir
    Path tmp;

    private static String message(Runnable r) {
        var e = assertThrows(UserError.class, r::run);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aMissingModelDirectoryNamesTheFetchScript() {
        String m = message(() -> VoskModelLayout.check(tmp.resolve("vosk-model-small-en-us-0.15")));
        assertTrue(m.startsWith("no Vosk model at "), m);
        assertTrue(m.contains("scripts/fetch-model.sh vosk-model-small-en-us-0.15"), m);
    }

    @Test
    void anEmptyFolderIsAnIncompleteModel() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("vosk-model-small-de-0.15"));
        String m = message(() -> VoskModelLayout.check(dir));
        assertTrue(m.contains("is not a complete Vosk model: am/final.mdl is missing"), m);
        assertTrue(m.contains("scripts/fetch-model.sh vosk-model-small-de-0.15"), m);
    }

    @Test
    void aGarbageAcousticModelIsDamaged() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY);
        Files.write(dir.resolve("am/final.mdl"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        String m = message(() -> VoskModelLayout.check(dir));
        assertTrue(m.contains("is a damaged Vosk model: am/final.mdl is not a Kaldi acoustic model"), m);
        assertTrue(m.contains("scripts/fetch-model.sh --list"), "an unknown name points at the list: " + m);
    }

    @Test
    void anEmptyOrMissingGraphFileIsIncomplete() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY);
        Files.write(dir.resolve("graph/Gr.fst"), new byte[0]);
        assertTrue(message(() -> VoskModelLayout.check(dir)).contains("graph/Gr.fst is empty"));
        Files.delete(dir.resolve("graph/Gr.fst"));
        assertTrue(message(() -> VoskModelLayout.check(dir)).contains("graph/Gr.fst is missing"));
        Files.delete(dir.resolve("graph/HCLr.fst"));
        assertTrue(message(() -> VoskModelLayout.check(dir)).contains("no decoding graph"));
    }

    @Test
    void aGraphThatIsNotAnFstIsDamaged() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY);
        Files.writeString(dir.resolve("graph/HCLr.fst"), "<html>404 Not Found</html>");
        assertTrue(message(() -> VoskModelLayout.check(dir)).contains("graph/HCLr.fst is not an OpenFST graph"));
    }

    @Test
    void anIvectorExtractorNeedsAllItsFiles() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY);
        Files.createDirectories(dir.resolve("ivector"));
        Files.writeString(dir.resolve("ivector/final.ie"), "x");
        assertTrue(message(() -> VoskModelLayout.check(dir)).contains("ivector/final.dubm is missing"));
    }

    @Test
    void aSmallModelHasADynamicGraphAndItsVocabularyInGrFst() throws IOException {
        var layout = VoskModelLayout.check(VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY));
        assertTrue(layout.dynamicGraph());
        assertEquals(List.of("wakegate"), layout.missingWords(List.of("hey", "wakegate", "computer")));
        assertEquals("[unk]", layout.requireWords(List.of(Phrase.parse("hey computer"))));
    }

    @Test
    void missingPhraseWordsAreNamedInOneLine() throws IOException {
        var layout = VoskModelLayout.check(VoskFixtures.dynamicModel(tmp.resolve("vosk-model-x"), VOCABULARY));
        String m = message(() -> layout.requireWords(List.of(Phrase.parse("hey wakegate"), Phrase.parse("okay computer"))));
        assertEquals("the model vosk-model-x does not know the words 'wakegate', 'okay'. Fix: choose a wake phrase of words"
                + " the model knows, or a model of that language", m);
    }

    @Test
    void aModelsOwnUnknownTokenIsUsed() throws IOException {
        var layout = VoskModelLayout.check(VoskFixtures.dynamicModel(tmp.resolve("m"), List.of("hej", "dator", "<unk>")));
        assertEquals("<unk>", layout.requireWords(List.of(Phrase.parse("hej dator"))));
    }

    @Test
    void aBigModelHasAStaticGraphAndCannotTakeAGrammar() throws IOException {
        var layout = VoskModelLayout.check(VoskFixtures.staticModel(tmp.resolve("vosk-model-en-us-0.22"), VOCABULARY));
        assertFalse(layout.dynamicGraph());
        assertEquals(List.of(), layout.missingWords(List.of("kitchen")), "read from graph/words.txt");
        String m = message(layout::requireGrammarSupport);
        assertTrue(m.contains("has a static graph"), m);
        assertTrue(m.contains("--confirm-model-dir"), m);
    }

    @Test
    void aModelWithNoVocabularyAnywhereIsDamaged() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY);
        Files.write(dir.resolve("graph/Gr.fst"), VoskFixtures.fst("ngram", null));
        var layout = VoskModelLayout.check(dir);
        assertTrue(message(() -> layout.missingWords(List.of("hey"))).contains("has no vocabulary"));
    }

    @Test
    void aTruncatedSymbolTableIsDamagedNotAnException() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), VOCABULARY);
        byte[] full = VoskFixtures.fst("ngram", VOCABULARY);
        Files.write(dir.resolve("graph/Gr.fst"), java.util.Arrays.copyOf(full, full.length - 10));
        var layout = VoskModelLayout.check(dir);
        assertTrue(message(() -> layout.missingWords(List.of("kitchen"))).contains("vocabulary cannot be read"));
    }
}
