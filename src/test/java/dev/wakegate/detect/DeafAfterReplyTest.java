package dev.wakegate.detect;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
        short[] stream = stream();
        var segments = RestartBench.segments(TestData.dev(VOICE, "stream.segments.tsv"));
        // when
        int confirmed = RestartBench.confirmedAfterStarts(template, stream, segments, "deaf", 1.0, new int[1]);
        // then
        assertEquals(0, confirmed);
    }

    @Test
    void aWakePhraseAfterTheSentenceUnderWayIsHeard(@TempDir Path dir) {
        // given: the reply ends inside "My umbrella must be somewhere behind the door." (0.50-2.88 s); "hey computer" follows
        // a pause later (3.91-4.81 s)
        // when
        var first = RestartBench.firstConfirmedAfter(Engine.heyComputerFile(VOICE, dir), stream(), "deaf", 0, 2.0, 6.0, 1.0);
        // then
        assertNotNull(first);
        assertEquals(3.91, first.startSeconds(), 0.3);
    }

    @Test
    void aWakePhraseRightAfterTheReplyIsHeard(@TempDir Path dir) {
        // given: the reply ends in the pause before "hey computer" (3.91 s)
        // when
        var first = RestartBench.firstConfirmedAfter(Engine.heyComputerFile(VOICE, dir), stream(), "deaf", 0, 3.7, 6.0, 0.9);
        // then
        assertNotNull(first);
        assertEquals(3.91, first.startSeconds(), 0.3);
    }

    private static short[] stream() {
        return TestData.samples(TestData.dev(VOICE, "stream.wav"));
    }
}
