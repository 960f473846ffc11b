package dev.wakegate.detect.template;

import dev.wakegate.internal.UserError;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.wakegate.testing.UserErrors.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Enrollment makes a template from good takes and refuses every take that would make a poor one, naming it. */
class EnrollerTest {
    private static final String VOICE = TestData.VOICE;

    private static Enroller.Recording take(int i) {
        return Engine.recording(TestData.dev(VOICE, "enroll/" + i + ".wav"));
    }

    private static List<Enroller.Recording> goodTakes() {
        return List.of(take(1), take(2), take(3));
    }

    private static List<Enroller.Recording> with(List<Enroller.Recording> takes, Enroller.Recording... more) {
        var all = new ArrayList<>(takes);
        all.addAll(List.of(more));
        return all;
    }

    private static Enroller.Recording rhasspy(int i) {
        return Engine.recording(TestData.file("real/raven-templates/okay-rhasspy/okay-rhasspy-0" + i + ".wav"));
    }

    /** A segment of the dev stream, cut with 0.2 s of its surroundings as a user's take would have. */
    private static Enroller.Recording streamCut(String name, Labels.Segment segment) {
        short[] stream = TestData.samples(Labels.streamWav(VOICE));
        return new Enroller.Recording(name, Signals.cut(stream, segment.span().start() - 0.2, segment.span().end() + 0.2));
    }

    private static Labels.Segment sentence(double minSeconds, double maxSeconds) {
        return Labels.streamSegments(VOICE, "sentence").stream()
                .filter(s -> s.span().seconds() >= minSeconds && s.span().seconds() <= maxSeconds).findFirst().orElseThrow();
    }

    private static String enrollFailure(List<Enroller.Recording> takes, String... mentions) {
        return assertUserError(() -> new Enroller(Engine.CLOCK).enroll("hey-computer", takes), mentions);
    }

    @Test
    void threeGoodTakesMakeATemplateThatReportsEachTake() {
        // given
        var takes = goodTakes();
        // when
        var enrollment = new Enroller(Engine.CLOCK).enroll("hey-computer", takes);
        // then
        var template = enrollment.template();
        assertEquals("hey-computer", template.name());
        assertEquals(List.of("1.wav", "2.wav", "3.wav"), template.takes().stream().map(WakeTemplate.Take::source).toList());
        assertEquals(Engine.CLOCK.instant(), template.created());
        assertTrue(template.agreement() >= 0 && template.agreement() < 0.1, "synthetic takes agree closely: " + template.agreement());
        for (var report : enrollment.takes()) {
            assertTrue(report.speechSeconds() >= 0.25 && report.speechSeconds() <= 2.5, report.toString());
            assertTrue(report.snrDb() > 20, report.toString());
        }
        for (var t : template.takes()) assertTrue(t.frames() >= 25 && t.frames() <= 250, "speech-trimmed: " + t);
    }

    @Test
    void fewerThanThreeTakesAreRefused() {
        // given
        var takes = List.of(take(1), take(2));
        // when / then
        enrollFailure(takes, "at least 3 takes", "got 2");
    }

    @Test
    void silentTakeIsRefusedNamingTheTake() {
        // given: take 2 is digital silence
        var takes = List.of(take(1), new Enroller.Recording("silent.wav", Signals.silence(1.5)), take(3));
        // when / then
        enrollFailure(takes, "take 2 (silent.wav)", "silent");
    }

    @Test
    void takeOfOnlyRoomNoiseIsRefusedAsSilentNamingTheTake() {
        // given: take 3 is 1.5 s of steady noise at -50 dBFS
        var takes = List.of(take(1), take(2), new Enroller.Recording("room.wav", Signals.whiteNoise(4, 24_000, -50)));
        // when / then
        enrollFailure(takes, "take 3 (room.wav)", "silent");
    }

    @Test
    void clippedTakeIsRefusedNamingTheTake() {
        // given: take 3 recorded 20 dB too hot
        var hot = new Enroller.Recording("hot.wav", Signals.gain(take(3).samples(), 20));
        var takes = List.of(take(1), take(2), hot);
        // when / then
        enrollFailure(takes, "take 3 (hot.wav)", "clipped");
    }

    @Test
    void takeWithLessThanAQuarterSecondOfSpeechIsRefusedNamingTheTake() {
        // given: 0.12 s around the loudest moment of a take, with silence around it
        short[] x = take(1).samples();
        var span = SpeechSpan.find(x);
        double middle = (span.startFrame() + span.endFrame()) / 2.0 / 100;
        short[] blip = Signals.concat(Signals.silence(0.5), Signals.cut(x, middle - 0.06, middle + 0.06), Signals.silence(0.5));
        var takes = List.of(take(1), new Enroller.Recording("blip.wav", blip), take(3));
        // when / then
        enrollFailure(takes, "take 2 (blip.wav)", "too short");
    }

    @Test
    void takeWithMoreThanTwoAndAHalfSecondsOfSpeechIsRefusedNamingTheTake() {
        // given: a long sentence cut from the dev stream
        var longSentence = streamCut("sentence.wav", sentence(4.0, 10.0));
        var takes = with(goodTakes(), longSentence);
        // when / then
        enrollFailure(takes, "take 4 (sentence.wav)", "too long", "at most 2.5 s");
    }

    @Test
    void takeOfOtherWordsIsRefusedNamingTheTake() {
        // given: three takes of the wake word and an ordinary short sentence from the same voice's stream
        var other = streamCut("other-words.wav", sentence(1.5, 2.2));
        var takes = List.of(take(1), other, take(2), take(3));
        // when / then
        enrollFailure(takes, "take 2 (other-words.wav)", "does not sound like");
    }

    @Test
    void oneTakeOfAnotherWakeWordIsRefusedNamingTheTake() {
        // given: three takes of "hey computer" and one of "okay rhasspy"
        var takes = with(goodTakes(), rhasspy(0));
        // when / then
        enrollFailure(takes, "take 4 (okay-rhasspy-00.wav)", "does not sound like");
    }

    @Test
    void takesOfTwoDifferentWakeWordsMixedAreRefusedNamingATakeOfTheMinority() {
        // given: three takes of "hey computer" mixed with two of "okay rhasspy" (each of which matches the other)
        var takes = List.of(take(1), rhasspy(0), take(2), take(3), rhasspy(1));
        // when
        String message = enrollFailure(takes, "does not sound like");
        // then
        assertTrue(message.contains("take 2 (okay-rhasspy-00.wav)") || message.contains("take 5 (okay-rhasspy-01.wav)"), message);
    }

    @Test
    void takesOfTwoWakeWordsInEqualNumbersAreRefusedNamingATake() {
        // given: three takes of each word: every take has a close match, but only among half of the takes
        var takes = Stream.concat(goodTakes().stream(), Stream.of(rhasspy(0), rhasspy(1), rhasspy(2))).toList();
        // when
        String message = enrollFailure(takes, "does not sound like");
        // then: it names a take, and does not claim to know which of two causes it is (a real person's take through
        // another microphone lies as far off as another word), each with its fix
        assertTrue(message.matches(".*take [1-6] \\([^)]+\\.wav\\).*"), "names a take: " + message);
        assertTrue(message.contains("another word, or the word through another microphone") && message.contains("Fix: record the same wake word each time")
                && message.contains("enroll --add"), message);
    }

    @Test
    void realTakesOfOneSpeakerAreAccepted() {
        // given: three real recordings of "hey mycroft" by one person, and of "okay rhasspy"
        // when
        var mycroft = Engine.heyMycroft();
        var rhasspy = new Enroller(Engine.CLOCK).enroll("okay-rhasspy", List.of(rhasspy(0), rhasspy(1), rhasspy(2))).template();
        // then
        assertEquals(3, mycroft.takes().size());
        assertEquals(3, rhasspy.takes().size());
        assertTrue(rhasspy.agreement() > mycroft.agreement() * 0.5, "both have a measured agreement");
    }

    @Test
    void threeTakesAgreeAsTheirNearestDistancesSay() {
        // given: take i's distance to take j; each take's nearest other take is 0.2, 0.3 and 0.4 away
        double[][] distances = {{0, 0.2, 0.5}, {0.3, 0, 0.6}, {0.7, 0.4, 0}};
        // then: the median of the nearest distances, as three takes always were
        assertEquals(0.3, Enroller.agreementAsThreeTakes(distances), 1e-12);
    }

    @Test
    void moreTakesOfTheSameVariedWordDoNotAgreeBetterThanThreeOfThem() {
        // given: five takes of one word said ever more differently, 0.1 apart in a row; three of them in a row
        double[][] five = new double[5][5], three = new double[3][3];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) five[i][j] = 0.1 * Math.abs(i - j);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) three[i][j] = five[i][j];
        // then: each take's nearest other is 0.1 away in both, and so is the agreement, but the five are not taken for closer than the three
        assertEquals(0.1, Enroller.agreementAsThreeTakes(three), 1e-12);
        assertTrue(Enroller.agreementAsThreeTakes(five) > 0.1, "five spread takes: " + Enroller.agreementAsThreeTakes(five));
    }

    @Test
    void twelveRealTakesGivenAtOnceAgreeAsLooselyAsTheirTriples() {
        // given: twelve takes of "athena" by one contributor on several devices, which enroll accepts together
        var athena = realAthenaTakes(12);
        // when
        double together = new Enroller(Engine.CLOCK).enroll("athena", athena).template().agreement();
        double[] triples = new double[4];
        for (int b = 0; b < 4; b++) triples[b] = new Enroller(Engine.CLOCK).enroll("athena", athena.subList(3 * b, 3 * b + 3)).template().agreement();
        // then: not much tighter (limits drawn from it would refuse their own voice) nor looser than the typical triple
        double typical = Enroller.median(triples);
        assertTrue(together >= 0.8 * typical && together <= 1.25 * typical, "twelve: " + together + ", triples " + Arrays.toString(triples));
    }

    /** The first {@code n} takes of the real "athena" set that enroll's checks of a single take pass (a few are too quiet). */
    private static List<Enroller.Recording> realAthenaTakes(int n) {
        var takes = new ArrayList<Enroller.Recording>();
        try (var files = Files.list(TestData.file("real/precise-community/athena-en"))) {
            for (var f : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                var r = Engine.recording(f);
                try {
                    Enroller.checkTake(r, r.source());
                } catch (UserError quiet) {
                    continue;
                }
                takes.add(r);
                if (takes.size() == n) return takes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("fewer than " + n + " usable athena takes");
    }

    private static WakeTemplate.Take checked(Enroller.Recording r) {
        return Enroller.checkTake(r, r.source());
    }

    @Test
    void takesRecordedOneByOneAgreeOrNameTheTakeToRecordAgain() {
        // given
        var goodRecordings = goodTakes();
        var good = goodRecordings.stream().map(EnrollerTest::checked).toList();
        var otherRecording = Engine.recording(TestData.file("real/raven-templates/hey-mycroft/hey-mycroft-00.wav"));
        var other = checked(otherRecording);
        // then: one take has nothing to agree with; good takes agree
        assertTrue(Enroller.checkAgreement(good.subList(0, 1), goodRecordings.subList(0, 1), List.of("take 1")).isEmpty());
        assertTrue(Enroller.checkAgreement(good, goodRecordings, List.of("take 1", "take 2", "take 3")).isEmpty());
        // a new take unlike the others is named
        var newest = Enroller.checkAgreement(List.of(good.get(0), good.get(1), other), List.of(goodRecordings.get(0), goodRecordings.get(1), otherRecording),
                List.of("take 1", "take 2", "take 3")).orElseThrow();
        assertEquals(2, newest.take());
        assertTrue(newest.reason().startsWith("take 3 does not sound like the other takes") && newest.reason().contains("Fix:"), newest.reason());
        // with two takes it cannot tell which one is odd
        var pair = Enroller.checkAgreement(List.of(other, good.get(0)), List.of(otherRecording, goodRecordings.get(0)), List.of("take 1", "take 2")).orElseThrow();
        assertEquals(-1, pair.take(), pair.reason());
        // with three it can, and an earlier take can be the odd one
        var earlier = Enroller.checkAgreement(List.of(other, good.get(0), good.get(1)), List.of(otherRecording, goodRecordings.get(0), goodRecordings.get(1)),
                List.of("take 1", "take 2", "take 3")).orElseThrow();
        assertEquals(0, earlier.take(), earlier.reason());
        assertEquals(new Enroller(Engine.CLOCK).enroll("x", goodRecordings).template().agreement(), Enroller.agreement(good, goodRecordings), 1e-12,
                "the agreement enroll stores");
    }
}
