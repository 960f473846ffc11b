package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.vosk.FakeDecoder;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.detect.vosk.VoskResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static dev.wakegate.detect.vosk.VoskFixtures.result;
import static dev.wakegate.detect.vosk.VoskFixtures.word;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoskConfirmerTest {
    private static final Phrase HEY_COMPUTER = Phrase.parse("hey computer");

    private static VoskResult transcript(String json) throws IOException {
        return VoskResult.parse(json);
    }

    @Test
    void thePhraseWithConfidentWordsConfirms() throws IOException {
        var v = VoskConfirmer.judge(transcript(result(word("hey", 0.5, 0.7, 0.98), word("computer", 0.7, 1.2, 0.91),
                word("lights", 1.5, 1.9, 0.6))), HEY_COMPUTER, 0.7);
        assertTrue(v.confirmed(), v.reason());
        assertEquals(0.91, v.score(), 1e-9);
    }

    @Test
    void aPhraseWordBelowTheThresholdRejectsAndIsNamed() throws IOException {
        var v = VoskConfirmer.judge(transcript(result(word("hey", 0.5, 0.7, 0.98), word("computer", 0.7, 1.2, 0.52))), HEY_COMPUTER, 0.7);
        assertFalse(v.confirmed());
        assertEquals("'hey computer' heard, but conf 0.52 < 0.70 on 'computer'", v.reason());
    }

    @Test
    void aSimilarSoundingPhraseTranscribedAsItWasRejects() throws IOException {
        var v = VoskConfirmer.judge(transcript(result(word("hey", 0.5, 0.7, 0.97), word("commuter", 0.7, 1.2, 0.88))), HEY_COMPUTER, 0.7);
        assertFalse(v.confirmed());
        assertEquals(0, v.score());
    }

    @Test
    void anEmptyOrUnknownTranscriptRejects() throws IOException {
        assertFalse(VoskConfirmer.judge(transcript("{\"text\": \"\"}"), HEY_COMPUTER, 0.1).confirmed());
        assertFalse(VoskConfirmer.judge(transcript(result(word("[unk]", 0.2, 0.9, 1))), HEY_COMPUTER, 0.1).confirmed());
    }

    @Test
    void aWordWithoutConfNeverConfirms() throws IOException {
        var t = transcript("{\"text\": \"hey computer\", \"result\": [{\"word\": \"hey\"}, {\"word\": \"computer\"}]}");
        assertFalse(VoskConfirmer.judge(t, HEY_COMPUTER, 0).confirmed());
    }

    @Test
    void theReasonNeverRepeatsWhatElseWasSaid() throws IOException {
        var v = VoskConfirmer.judge(transcript(result(word("my", 0.1, 0.2, 1), word("pin", 0.2, 0.4, 1), word("is", 0.4, 0.5, 1))),
                HEY_COMPUTER, 0.7);
        assertFalse(v.reason().contains("pin"), v.reason());
    }

    @Test
    void theCandidatesAudioIsDecodedWithoutGrammarAndJudgedOnTheFinalResult() {
        var decoder = new FakeDecoder(fed -> "{\"partial\": \"\"}",
                fed -> result(word("hey", 0.5, 0.7, 0.95), word("computer", 0.7, 1.2, 0.9)));
        short[] audio = new short[32_000];
        audio[100] = 1234;
        var candidate = new HeardWord(new Detection("hey-computer", 8000, 24000, 0.9, 26000), audio, 0);
        try (var confirmer = new VoskConfirmer(decoder, Map.of("hey-computer", HEY_COMPUTER), Sensitivity.of(0.3))) {
            var v = confirmer.confirm(candidate);
            assertTrue(v.confirmed(), v.reason());
            assertEquals("vosk", confirmer.name());
        }
        assertArrayEquals(audio, decoder.lastAudio);
        assertEquals(java.util.List.of("accept 32000", "final"), decoder.calls);
        assertTrue(decoder.closed);
    }

    @Test
    void withSeveralPhrasesTheDetectedWordsPhraseIsRequired() {
        var decoder = new FakeDecoder(fed -> "", fed -> result(word("ok", 0.5, 0.7, 0.95), word("house", 0.7, 1.2, 0.9)));
        var confirmer = new VoskConfirmer(decoder, Map.of("hey computer", HEY_COMPUTER, "ok house", Phrase.parse("ok house")), Sensitivity.of(0.3));
        var audio = new short[16_000];
        assertFalse(confirmer.confirm(new HeardWord(new Detection("hey computer", 0, 100, 1, 200), audio, 0)).confirmed());
        assertTrue(confirmer.confirm(new HeardWord(new Detection("ok house", 0, 100, 1, 200), audio, 0)).confirmed());
        assertFalse(confirmer.confirm(new HeardWord(new Detection("alexa", 0, 100, 1, 200), audio, 0)).confirmed());
    }

    @Test
    void anUnreadableResultRejectsInsteadOfThrowing() {
        var decoder = new FakeDecoder(fed -> "", fed -> "garbage");
        var confirmer = new VoskConfirmer(decoder, Map.of("hey computer", HEY_COMPUTER), Sensitivity.of(0.3));
        var v = confirmer.confirm(new HeardWord(new Detection("hey computer", 0, 100, 1, 200), new short[1600], 0));
        assertFalse(v.confirmed());
    }
}
