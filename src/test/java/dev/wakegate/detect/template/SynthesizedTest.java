package dev.wakegate.detect.template;

import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.testing.LiveThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What enroll's verifier learns besides the takes: the wake phrase and its confusables said by the real espeak-ng,
 * several at a time, and an espeak-ng that fails or stalls turned into an error rather than a wrong verifier or a hang.
 */
class SynthesizedTest {
    private static FeatureModels models;
    private static Espeak espeak;

    @BeforeAll
    static void open() {
        espeak = Espeak.find();
        assertNotNull(espeak, "espeak-ng must be installed (apt install espeak-ng; .ci/run installs it)");
        models = FeatureModels.open(Path.of(FeatureModels.DEFAULT_DIR));
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void renditionsSaidSideBySideComeBackInTheOrderAskedAsIfSaidOneByOne() throws IOException {
        var oneByOne = VerifierBank.Synthesized.of(espeak, "hey jasper", models, 1);
        var sideBySide = VerifierBank.Synthesized.of(espeak, "hey jasper", models, 4);

        assertEquals(4 * VerifierBank.Synthesized.PHRASE_VOICES.size(), sideBySide.phrase().size());
        assertEquals(oneByOne.phrase().size(), sideBySide.phrase().size());
        for (int i = 0; i < oneByOne.phrase().size(); i++) {
            assertTrue(Arrays.deepEquals(oneByOne.phrase().get(i).embeddings(), sideBySide.phrase().get(i).embeddings()), "rendition " + i);
            assertEquals(oneByOne.phrase().get(i).span(), sideBySide.phrase().get(i).span(), "rendition " + i);
        }
        assertFalse(sideBySide.confusables().isEmpty());
        assertEquals(oneByOne.confusables().size(), sideBySide.confusables().size());
        for (int i = 0; i < oneByOne.confusables().size(); i++)
            assertTrue(Arrays.deepEquals(oneByOne.confusables().get(i), sideBySide.confusables().get(i)), "confusable " + i);
    }

    @Test
    void anEspeakThatFailsForOneVoiceFailsTheWholeSynthesisAndLeavesNoThreadBehind(@TempDir Path dir) throws Exception {
        var failing = new Espeak(script(dir, "case \"$*\" in *en-gb-x-rp*) exit 3;; *) exec espeak-ng \"$@\";; esac").toString());

        var failed = assertThrows(IOException.class, () -> VerifierBank.Synthesized.of(failing, "hey jasper", models, 4));

        assertTrue(failed.getMessage().endsWith("failed (exit 3)"), failed.getMessage());
        assertEquals(0, LiveThreads.named("wg-enroll-synthesis"), "a synthesis thread outlived the synthesis");
    }

    @Test
    void anEspeakThatStallsHoldingItsOutputOpenIsKilledAtItsTimeout(@TempDir Path dir) throws Exception {
        var stalling = new Espeak(script(dir, "case \"$*\" in *--stdout*) exec sleep 600;; *) exec espeak-ng \"$@\";; esac").toString(),
                Duration.ofSeconds(1));

        var failed = assertTimeoutPreemptively(Duration.ofMinutes(2),
                () -> assertThrows(IOException.class, () -> VerifierBank.Synthesized.of(stalling, "hey jasper", models, 4)),
                "before the fix a stalled espeak-ng kept enroll waiting forever");

        assertTrue(failed.getMessage().endsWith("did not finish in 1 s"), failed.getMessage());
        assertEquals(0, LiveThreads.named("wg-enroll-synthesis"), "a synthesis thread outlived the synthesis");
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(p -> p.info().command().orElse("").endsWith("sleep")).count(),
                "every stalled espeak-ng killed");
    }

    private static Path script(Path dir, String body) throws IOException {
        Path script = dir.resolve("espeak-ng");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
