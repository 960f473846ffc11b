package dev.wakegate.detect.template;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact scorer behind the template confirmer: the wake word scores above a near miss of the same voice. */
class TemplateScorerTest {
    private static final String VOICE = TestData.VOICE;
    /** Audio kept around a labelled span, as the confirmer gets it from the ring. */
    private static final double MARGIN = 0.3;

    private static short[] around(short[] audio, Labels.Span span) {
        return Signals.cut(audio, span.start() - MARGIN, span.end() + MARGIN);
    }

    @Test
    void scoresTheWakeWordAboveANearMissOfTheSameVoice() {
        // given: the labelled phrase of a clean positive, and a "hey commuter" from the same voice's stream
        var scorer = new TemplateScorer(Engine.heyComputer(VOICE));
        var positive = Labels.positive(VOICE, "04.wav");
        short[] wake = around(TestData.samples(TestData.dev(VOICE, "positives/04.wav")), positive.wake());
        var nearMiss = Labels.streamSegments(VOICE, "near").stream().filter(s -> s.text().equals("hey commuter")).findFirst().orElseThrow();
        short[] commuter = around(TestData.samples(Labels.streamWav(VOICE)), nearMiss.span());
        // when
        var wakeScore = scorer.score(wake);
        var nearScore = scorer.score(commuter);
        // then
        assertTrue(wakeScore.score() > nearScore.score(), "wake " + wakeScore + " vs near miss " + nearScore);
        assertTrue(wakeScore.score() >= 0.5, "the wake word passes the default threshold: " + wakeScore);
        assertEquals("hey-computer", scorer.word());
    }

    @Test
    void theMatchLiesOnTheWordInsideTheAudio() {
        // given
        var scorer = new TemplateScorer(Engine.heyComputer(VOICE));
        var positive = Labels.positive(VOICE, "07.wav");
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/07.wav"));
        // when
        var result = scorer.score(audio);
        // then
        assertTrue(positive.wake().overlaps(result.startSample() / 16_000.0, result.endSample() / 16_000.0), result.toString());
        assertTrue(result.startSample() >= 0 && result.endSample() <= audio.length && result.startSample() < result.endSample());
        assertTrue(result.ratio() < 1, "better than the default threshold: " + result);
    }

    @Test
    void verificationWidensForTheBabbleBeforeTheWordAndOnlyForIt() {
        // given: a phrase 10 dB over four other talkers, with the babble before it, and cut to the phrase alone
        var scorer = new TemplateScorer(Engine.heyComputer(VOICE));
        var positive = Labels.positive(VOICE, "12.wav");
        assertEquals("babble", positive.noise(), "test setup");
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/12.wav"));
        short[] withBabbleBefore = Signals.cut(audio, 0, positive.wake().end() + MARGIN);
        short[] phraseOnly = Signals.cut(audio, positive.wake().start() - 0.05, positive.wake().end() + MARGIN);
        // when
        var widened = scorer.verify(withBabbleBefore);
        var notWidened = scorer.verify(phraseOnly);
        // then: the same word, judged against what babble is expected to cost it only when the babble was heard
        assertTrue(widened.ratio() < notWidened.ratio() / 2, widened + " vs " + notWidened);
        assertTrue(widened.score() >= 0.5, "passes a confirmation at sensitivity 0.5: " + widened);
    }

    @Test
    void silenceAndNoiseScoreNearZero() {
        // given
        var scorer = new TemplateScorer(Engine.heyComputer(VOICE));
        // when
        var silence = scorer.score(Signals.silence(2));
        var noise = scorer.score(Signals.pinkNoise(3, 32_000, -40));
        var tooShort = scorer.score(new short[300]);
        // then
        assertTrue(silence.score() < 0.1, silence.toString());
        assertTrue(noise.score() < 0.1, noise.toString());
        assertEquals(0, tooShort.score());
    }

    @Test
    void aWordThatGoesOnInAnSWithoutAPauseIsAPluralAndOneFollowedByACommandIsNot() {
        // given: a clean positive, "hey computer" and after 0.3 s "set an alarm"; and the same voice's "hey computer"
        // with the s of "set" moved up against the word: "hey computers"
        var scorer = new TemplateScorer(Engine.heyComputer(VOICE));
        var positive = Labels.positive(VOICE, "04.wav");
        double sOfSet = 1.97; // the command is labelled from 1.944; its s begins 30 ms later
        double wordFaded = positive.wake().end() - 0.05; // the label's last 50 ms are the last vowel fading out
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
        short[] withCommand = Signals.cut(audio, positive.wake().start() - 0.5, positive.wake().end() + MARGIN);
        short[] plural = Signals.concat(Signals.cut(audio, positive.wake().start() - 0.5, wordFaded),
                Signals.cut(audio, sOfSet, sOfSet + 0.1), Signals.silence(0.2));
        // when
        var word = scorer.verify(withCommand);
        var plurals = scorer.verify(plural);
        // then
        assertTrue(word.score() >= 0.7 && !word.sibilantAfter(), "the word, then a breath: " + word);
        assertTrue(plurals.score() >= 0.7, "the plural matches the takes as well as the word does: " + plurals);
        assertTrue(plurals.sibilantAfter(), "but an s follows it: " + plurals);
    }

    @Test
    void aCommandThatStartsWithAnSAfterATenthOfASecondIsNoPlural() {
        // given: "hey computer", 100 ms of pause, "switch off the ceiling fan", in pink noise 20 dB under the speech
        var scorer = new TemplateScorer(Engine.heyComputer(VOICE));
        var positive = Labels.positive(VOICE, "01.wav");
        assertEquals("pink", positive.noise(), "test setup");
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/01.wav"));
        // when
        var result = scorer.verify(Signals.cut(audio, positive.wake().start() - 0.5, positive.wake().end() + MARGIN));
        // then
        assertTrue(result.score() >= 0.5 && !result.sibilantAfter(), result.toString());
    }

    @Test
    void aWordThatEndsInAnSIsNotTakenForItsOwnPlural() {
        // given: "hey computers" enrolled from the voice's three takes, each with the s of "set" right after it; and
        // the positive said the same way, its s held three times as long as the takes'
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
        short[] s = Signals.cut(audio, 1.97, 2.07), longerS = Signals.concat(s, s, s);
        var takes = TestData.enrollTakes(VOICE).stream()
                .map(take -> new Enroller.Recording(take.getFileName().toString(), withSAfterTheWord(TestData.samples(take), s))).toList();
        var scorer = new TemplateScorer(new Enroller(Engine.CLOCK).enroll("hey-computers", takes).template());
        var positive = Labels.positive(VOICE, "04.wav");
        short[] plural = Signals.concat(Signals.cut(audio, positive.wake().start() - 0.5, positive.wake().end()), longerS, Signals.silence(0.3));
        // when
        var result = scorer.verify(plural);
        // then
        assertTrue(result.score() >= 0.5, result.toString());
        assertFalse(result.sibilantAfter(), "the s is part of the word: " + result);
    }

    /** The take with its trailing quiet replaced by {@code s}, right where its word ends. */
    private static short[] withSAfterTheWord(short[] take, short[] s) {
        int end = take.length;
        while (end > 0 && Math.abs(take[end - 1]) < 300) end--;
        return Signals.concat(java.util.Arrays.copyOf(take, end), s, Signals.silence(0.3));
    }
}
