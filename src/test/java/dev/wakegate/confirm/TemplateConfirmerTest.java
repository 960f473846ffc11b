package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The second local check re-scores the buffered audio of a candidate against the template. */
class TemplateConfirmerTest {
    private static final String VOICE = TestData.VOICE;

    private static HeardWord candidate(String word, short[] audio) {
        return new HeardWord(new Detection(word, 4_800, audio.length - 4_800, 0.9, audio.length), audio, 0);
    }

    private static short[] wakePhrase() {
        return PhraseThenQuiet.wakePhrase(VOICE);
    }

    @Test
    void confirmsTheWakeWordOfTheEnrolledVoice() {
        // given
        var confirmer = new TemplateConfirmer(List.of(Engine.heyComputer(VOICE)), Sensitivity.of(0.3));
        // when
        Verdict v = confirmer.confirm(candidate("hey-computer", wakePhrase()));
        // then
        assertTrue(v.confirmed(), v.toString());
        assertTrue(v.score() >= 0.7 && v.score() <= 1, v.toString());
    }

    @Test
    void refusesTheWordGoingOnInAnSAndSaysWhy() {
        // given: the enrolled voice's "hey computer" with the s of its own "set" right after it: "hey computers"
        var confirmer = new TemplateConfirmer(List.of(Engine.heyComputer(VOICE)), Sensitivity.of(0.3));
        var p = Labels.positive(VOICE, "04.wav");
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
        double wordFaded = p.wake().end() - 0.05; // the label's last 50 ms are the last vowel fading out: the s goes there
        short[] plural = Signals.concat(Signals.cut(audio, p.wake().start() - 0.3, wordFaded), Signals.cut(audio, 1.97, 2.07), Signals.silence(0.2));
        // when
        Verdict v = confirmer.confirm(candidate("hey-computer", plural));
        // then
        assertFalse(v.confirmed(), v.toString());
        assertTrue(v.reason().contains("an s follows the word without a pause"), v.reason());
    }

    @Test
    void confirmsOnlyTheWordTheDetectorFoundNotOneBesideIt() {
        // given: the wake phrase, then 0.7 s of quiet room, and a detection on that quiet stretch alone
        var confirmer = new TemplateConfirmer(List.of(Engine.heyComputer(VOICE)), Sensitivity.of(0.3));
        var heard = PhraseThenQuiet.of(VOICE, 11_200);
        // when
        Verdict beside = confirmer.confirm(heard.besideIt()), on = confirmer.confirm(heard.onIt());
        // then
        assertFalse(beside.confirmed(), beside.toString());
        assertTrue(beside.reason().contains("beside the detected word"), beside.reason());
        assertTrue(on.confirmed(), on.toString());
    }

    @Test
    void rejectsACandidateThatIsOnlyNoise() {
        // given
        var confirmer = new TemplateConfirmer(List.of(Engine.heyComputer(VOICE)), Sensitivity.of(0.3));
        // when
        Verdict v = confirmer.confirm(candidate("hey-computer", Signals.pinkNoise(8, 20_000, -35)));
        // then
        assertFalse(v.confirmed(), v.toString());
        assertTrue(v.reason().contains("<"), v.reason());
    }

    @Test
    void withSeveralTemplatesTheOneNamedLikeTheDetectedWordDecides() {
        // given: hey computer audio, but the detector claims "hey-mycroft"
        var confirmer = new TemplateConfirmer(List.of(Engine.heyComputer(VOICE), Engine.heyMycroft()), Sensitivity.of(0.3));
        // when
        Verdict asMycroft = confirmer.confirm(candidate("hey-mycroft", wakePhrase()));
        Verdict unknown = confirmer.confirm(candidate("hey-jarvis", wakePhrase()));
        // then
        assertFalse(asMycroft.confirmed(), asMycroft.toString());
        assertFalse(unknown.confirmed(), unknown.toString());
        assertTrue(unknown.reason().contains("no template for 'hey-jarvis'"), unknown.reason());
    }

    @Test
    void needsATemplate() {
        // when / then
        assertThrows(IllegalArgumentException.class, () -> new TemplateConfirmer(List.of(), Sensitivity.of(0.3)));
    }
}
