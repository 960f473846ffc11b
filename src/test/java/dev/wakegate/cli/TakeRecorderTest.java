package dev.wakegate.cli;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Capture;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.internal.UserError;
import dev.wakegate.audio.ShortArraySource;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recording takes without a microphone: a capture that hands out prepared takes, scripted answers. */
class TakeRecorderTest {
    private static final short[] T1 = take("enroll/1.wav"), T2 = take("enroll/2.wav"), T3 = take("enroll/3.wav");
    private static final short[] OTHER = TestData.samples(TestData.file("real/raven-templates/hey-mycroft/hey-mycroft-00.wav"));

    private static short[] take(String file) {
        return TestData.samples(TestData.dev(TestData.VOICE, file));
    }

    /** Each open() gives the next prepared take (a copy: the recorder's buffers are its own). */
    private static final class Prepared implements Capture {
        final ArrayDeque<short[]> takes;
        int opened;

        Prepared(short[]... takes) {
            this.takes = new ArrayDeque<>(List.of(takes));
        }

        @Override
        public AudioSource open() {
            opened++;
            return new ShortArraySource("take", takes.removeFirst().clone());
        }

        @Override
        public boolean live() {
            return true;
        }

        @Override
        public String describe() {
            return "prepared takes";
        }
    }

    private final StringWriter out = new StringWriter();

    private TakeRecorder recorder(Capture capture, String answers) {
        return new TakeRecorder(capture, new BufferedReader(new StringReader(answers)), new PrintWriter(out, true), 3, s -> {});
    }

    @Test
    void aTakeUnlikeTheEarlierOnesIsAskedForAgainAndEverythingIsWipedOnClose() throws Exception {
        // given
        var capture = new Prepared(T1, T2, OTHER, T3);
        List<Enroller.Recording> takes;
        TakeRecorder recorder;
        try (var r = recorder(capture, "\n\n\n\n")) {
            recorder = r;
            // when
            takes = r.record(3);
            // then
            assertEquals(List.of("recorded take 1", "recorded take 2", "recorded take 3"), takes.stream().map(Enroller.Recording::source).toList());
            assertTrue(takes.stream().allMatch(t -> java.util.Arrays.stream(toInts(t.samples())).anyMatch(v -> v != 0)), "real audio until closed");
        }
        assertEquals(4, capture.opened);
        String text = out.toString();
        assertTrue(text.contains("3... 2... 1... Say the wake word now (take 1 of 3)..."), text);
        assertTrue(text.contains("Not usable: take 3 does not sound like the other takes"), text);
        assertTrue(text.contains("Let's record take 3 again."), text);
        for (short[] b : recorder.buffers()) assertTrue(java.util.Arrays.stream(toInts(b)).allMatch(v -> v == 0), "every buffer zeroed");
        assertTrue(takes.stream().allMatch(t -> java.util.Arrays.stream(toInts(t.samples())).allMatch(v -> v == 0)), "the returned takes too");
    }

    @Test
    void nearMissesNeedOnlyBeUsableSpeechAndAreWipedOnCloseWithTheTakes() throws Exception {
        // given: after the takes, a silent recording, then a phrase unlike the takes (allowed: they are meant to differ),
        // then a 4-second sentence (longer than a take may be: a near miss is said in conversation)
        short[] sentence = new short[4 * 16_000];
        for (int i = 0; i < sentence.length; i++) sentence[i] = OTHER[i % OTHER.length];
        var capture = new Prepared(T1, T2, T3, new short[16_000], OTHER, sentence);
        List<short[]> nearMisses;
        TakeRecorder recorder;
        try (var r = recorder(capture, "\n\n\n\n\n\n")) {
            recorder = r;
            r.record(3);
            // when
            nearMisses = r.recordNearMisses(2);
            // then
            assertEquals(2, nearMisses.size());
            assertTrue(nearMisses.get(1).length > TakeRecorder.MAX_TAKE_SECONDS * 16_000, "the sentence whole: " + nearMisses.get(1).length);
            assertTrue(nearMisses.stream().allMatch(m -> java.util.Arrays.stream(toInts(m)).anyMatch(v -> v != 0)), "real audio until closed");
        }
        String text = out.toString();
        assertTrue(text.contains("3... 2... 1... Say it now (near miss 1 of 2)..."), text);
        assertTrue(text.contains("Not usable: near miss 1 is silent or almost"), text);
        assertEquals(6, capture.opened);
        for (short[] b : recorder.buffers()) assertTrue(java.util.Arrays.stream(toInts(b)).allMatch(v -> v == 0), "every buffer zeroed");
        assertTrue(nearMisses.stream().allMatch(m -> java.util.Arrays.stream(toInts(m)).allMatch(v -> v == 0)), "the near misses too");
    }

    @Test
    void whenTheSecondTakeTwiceDisagreesWithTheFirstTheFirstIsRecordedAgainToo() throws Exception {
        var capture = new Prepared(OTHER, T1, T2, T3, T1, T2);
        try (var r = recorder(capture, "")) { // end of input: every prompt goes on
            var takes = r.record(3);
            assertEquals(3, takes.size());
        }
        assertEquals(6, capture.opened);
        assertTrue(out.toString().contains("Not usable: the takes do not sound like the same words"), out.toString());
        assertTrue(out.toString().contains("The takes keep disagreeing; starting again from take 1."), out.toString());
    }

    @Test
    void aTakeStillSpeakingWhenTheTimeRunsOutIsCutOffAndAskedAgain() throws Exception {
        // given: a quiet moment, then 3 s of steady loud noise the VAD calls speech to the end
        short[] endless = new short[16_000 * 3 + 4_800];
        System.arraycopy(Signals.whiteNoise(1, 16_000 * 3, -20), 0, endless, 4_800, 16_000 * 3);
        var capture = new Prepared(endless, T1, T2, T3);
        try (var r = recorder(capture, "")) {
            r.record(3);
        }
        assertTrue(out.toString().contains("Not usable: take 1 was cut off: you were still speaking after 2.5 s."), out.toString());
    }

    @Test
    void qStopsAndTooManyBadTakesGiveUp() {
        var stop = assertThrows(UserError.class, () -> recorder(new Prepared(T1), "q\n").record(3));
        assertTrue(stop.getMessage().startsWith("enrollment stopped; nothing was written."), stop.getMessage());
        short[][] silent = new short[20][];
        for (int i = 0; i < silent.length; i++) silent[i] = new short[16_000];
        var capture = new Prepared(silent);
        var tooMany = assertThrows(UserError.class, () -> recorder(capture, "").record(3));
        assertTrue(tooMany.getMessage().startsWith("too many unusable takes (12)."), tooMany.getMessage());
        assertEquals(12, capture.opened);
    }

    private static int[] toInts(short[] s) {
        int[] v = new int[s.length];
        for (int i = 0; i < s.length; i++) v[i] = s[i];
        return v;
    }
}
