package dev.wakegate.detect;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source may send digital silence (a microphone muted in software, a capture that sends zeros while it settles): it
 * says nothing about the room's noise. Heard on a dev voice's stream (flite kal16) with its template and confirmation.
 */
class DigitalSilenceTest {
    private static final String VOICE = "flite_kal16";

    @Test
    void aWakePhraseSaidRightAfterASecondOfDigitalSilenceIsFoundAsOftenAsInTheRoomsOwnQuiet(@TempDir Path dir) throws IOException {
        // given: each of the stream's 16 wake phrases, the second that ends 0.2 s before it replaced by zeros; before the
        // detector's noise estimate carried on through digital silence, 1 of them was found
        Path template = Engine.heyComputerFile(VOICE, dir);
        short[] stream = TestData.samples(TestData.dev(VOICE, "stream.wav"));
        var segments = RestartBench.segments(TestData.dev(VOICE, "stream.segments.tsv"));
        // when
        int afterZeros = RestartBench.wakePhrasesFound("zeros", template, stream, segments, 0.2, 1.0);
        int throughout = RestartBench.wakePhrasesFound("listening", template, stream, segments, 0.2, 1.0);
        // then
        assertTrue(throughout >= 15, "test setup: found listening throughout: " + throughout);
        assertTrue(afterZeros >= throughout - 1, afterZeros + " found after digital silence, " + throughout + " listening throughout");
    }
}
