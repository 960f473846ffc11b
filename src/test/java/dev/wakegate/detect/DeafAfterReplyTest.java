package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.confirm.TemplateConfirmer;
import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import dev.wakegate.vad.EnergyVad;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After wakegate played a reply the detectors are deaf for a while; a household may be talking on when they hear again.
 * Heard on a dev voice's stream with the template confirmation. {@code RestartBench} sweeps the other voices, and
 * other ways of coming back.
 */
class DeafAfterReplyTest {
    private static final String VOICE = "flite_kal16";

    @Test
    void comingBackInTheMiddleOfASentenceTheDefaultTemplateTakesNothingForTheWakeWord(@TempDir Path dir) throws IOException {
        // given: the template enroll writes where the feature models run, and the reply ending every 0.3 s inside each of
        // the stream's ordinary sentences (767 times). A log-mel-only template (32-bit Arm, --no-embeddings) confirmed
        // "hey computer" after 7 of them ("yes, this is", confirmation 0.97): scripts/restart-check.sh
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        short[] stream = TestData.samples(TestData.dev(VOICE, "stream.wav"));
        var segments = RestartBench.segments(TestData.dev(VOICE, "stream.segments.tsv"));
        // when
        int confirmed = RestartBench.confirmedAfterStarts(template, stream, segments, "deaf", 1.0, new int[1]);
        // then
        assertEquals(0, confirmed);
    }

    @Test
    void aWakePhraseAfterTheSentenceUnderWayIsHeard() {
        // given: the reply ends inside "My umbrella must be somewhere behind the door." (0.50-2.88 s); "hey computer" follows
        // a pause later (3.91-4.81 s)
        // when
        var confirmed = listen(0, 1.0, 2.0, 6.0);
        // then
        assertEquals(1, confirmed.size(), "confirmed: " + confirmed);
        assertEquals(3.91, confirmed.get(0).startSeconds(), 0.3);
    }

    @Test
    void aWakePhraseRightAfterTheReplyIsHeard() {
        // given: the reply ends in the pause before "hey computer" (3.91 s)
        // when
        var confirmed = listen(0, 2.8, 3.7, 6.0);
        // then
        assertEquals(1, confirmed.size(), "confirmed: " + confirmed);
        assertTrue(confirmed.get(0).startSeconds() >= 3.7);
    }

    /** The voice's stream from {@code from} to {@code to} seconds, deaf in [{@code deafFrom}, {@code deafTo}); what is confirmed. */
    private static List<Detection> listen(double from, double deafFrom, double deafTo, double to) {
        short[] stream = TestData.samples(TestData.dev(VOICE, "stream.wav"));
        var template = Engine.heyComputer(VOICE);
        Confirmer confirmer = new TemplateConfirmer(List.of(template), Sensitivity.of(Confirmers.TEMPLATE_DEFAULT));
        var ear = new FrontEnd(new AudioRing(8 * Pcm.SAMPLE_RATE), new EnergyVad(), List.of(Engine.detector(template, 0.5)), 0);
        var confirmed = new ArrayList<Detection>();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (long f = frame(from); f < frame(to); f++) {
            if (f == frame(deafFrom)) ear.playback(true);
            if (f == frame(deafTo)) ear.playback(false);
            System.arraycopy(stream, (int) (f * Pcm.FRAME_SAMPLES), frame, 0, frame.length);
            ear.hear(frame, f);
            for (int i = 0; i < ear.found(); i++) {
                if (Confirmers.judge(confirmer, HeardWord.around(ear.found(i), ear.ring())).confirmed()) confirmed.add(ear.found(i));
                else ear.refused(i);
            }
        }
        return confirmed;
    }

    private static long frame(double seconds) {
        return Math.round(seconds * Pcm.FRAMES_PER_SECOND);
    }
}
