package dev.wakegate.detect.vosk;

import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening a model that is not there or not whole is a {@link UserError} decided in Java. (What Vosk's own loader does
 * with a model that passes these checks but is not one is tested in a separate JVM: see {@code VoskLoadingTest}.)
 */
class VoskModelTest {
    private static final List<Phrase> HEY_COMPUTER = List.of(Phrase.parse("hey computer"));

    @TempDir
    Path tmp;

    private UserError opening(Path dir) {
        return assertThrows(UserError.class, () -> VoskModel.open(dir, DecoderSettings.MODEL_DEFAULTS, HEY_COMPUTER, true));
    }

    @Test
    void aMissingDirectoryIsAUserError() {
        assertTrue(opening(tmp.resolve("vosk-model-small-en-us-0.15")).getMessage().contains("scripts/fetch-model.sh vosk-model-small-en-us-0.15"));
    }

    @Test
    void anEmptyFolderIsAUserError() throws IOException {
        assertTrue(opening(Files.createDirectory(tmp.resolve("empty"))).getMessage().contains("not a complete Vosk model"));
    }

    @Test
    void aGarbageAcousticModelIsAUserError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("garbage/am"));
        Files.write(dir.resolve("final.mdl"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1});
        Files.createDirectories(tmp.resolve("garbage/conf"));
        Files.writeString(tmp.resolve("garbage/conf/model.conf"), "--beam=10\n");
        Files.writeString(tmp.resolve("garbage/conf/mfcc.conf"), "--use-energy=false\n");
        assertTrue(opening(tmp.resolve("garbage")).getMessage().contains("am/final.mdl is not a Kaldi acoustic model"));
    }

    @Test
    void phraseWordsOutsideTheVocabularyFailBeforeTheModelLoads() throws IOException {
        Path dir = VoskFixtures.dynamicModel(tmp.resolve("m"), List.of("hey", "[unk]"));
        assertTrue(opening(dir).getMessage().contains("does not know the word 'computer'"));
    }

    @Test
    void aGrammarOnAStaticGraphFailsBeforeTheModelLoads() throws IOException {
        Path dir = VoskFixtures.staticModel(tmp.resolve("m"), List.of("hey", "computer"));
        assertTrue(opening(dir).getMessage().contains("static graph"));
    }
}
