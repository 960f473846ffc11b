package dev.wakegate.cli;

import dev.wakegate.audio.WavWriter;
import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.detect.template.Espeak;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.WakegateProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier enroll learns (by default, where espeak-ng is) is for the word said by another voice, which log mel refuses; it cannot tell
 * a phrase one sound away said by the enrolled voice itself ("hey jester" for "hey jasper") from the word. So a word
 * said at the pitch of an enrolled take is left to log mel: the enrolled voice's "hey jester" is accepted no more often
 * than with no verifier at all, where the same template without the takes' pitches (as enrolled before they were kept)
 * takes most of them.
 */
class VerifierEnrolledVoiceTest {
    private static final String VOICE = "en-us+max";

    @TempDir
    static Path dir;
    private static Path withVerifier, withoutPitches, withoutVerifier;
    private static List<Path> heyJester;

    @BeforeAll
    static void enrollAndSayTheNearMiss() throws IOException {
        var espeak = Espeak.find();
        assertNotNull(espeak, "espeak-ng must be installed (.ci/run installs it)");
        var takes = new ArrayList<String>();
        for (int speed : new int[] {150, 165, 180}) takes.add(wav(espeak.say("hey jasper", VOICE, speed, 50), "take-" + speed).toString());
        heyJester = new ArrayList<>();
        int n = 0;
        for (int speed = 140; speed <= 190; speed += 10)
            for (String text : List.of("hey jester", "hey jester, what time is it", "so I said hey jester to him"))
                heyJester.add(wav(espeak.say(text, VOICE, speed, 50), "hey-jester-" + ++n));
        withVerifier = enroll("with-verifier.json", takes);  // the default where espeak-ng is
        withoutVerifier = enroll("without-verifier.json", takes, "--no-verifier");
        withoutPitches = dir.resolve("without-pitches.json");
        Files.writeString(withoutPitches, Files.readString(withVerifier).replaceAll(", \"pitch_hz\": [0-9.]+", ""));
    }

    private static Path wav(short[] samples, String name) throws IOException {
        Path file = dir.resolve(name + ".wav");
        WavWriter.write(file, samples);
        return file;
    }

    private static Path enroll(String name, List<String> takes, String... options) {
        Path out = dir.resolve(name);
        var args = new ArrayList<>(List.of("enroll", "--name", "hey-jasper", "--out", out.toString(), "--oww-features", OwwTestData.MODELS.toString()));
        args.addAll(List.of(options));
        args.addAll(takes);
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return out;
    }

    @Test
    void eachTakeKeepsThePitchItWasSaidAt() throws IOException {
        for (var take : TemplateFile.read(withVerifier).takes())
            assertTrue(take.pitchHz() > 80 && take.pitchHz() < 160, "espeak-ng's " + VOICE + " says it at about 110 Hz: " + take);
        assertEquals(1, TemplateFile.read(withVerifier).embeddings().verifiers().size(), "espeak-ng must be installed (.ci/run installs it)");
        assertFalse(Files.readString(withoutPitches).contains("pitch_hz"), "test setup: the pitches removed");
    }

    @Test
    void runSaysForWhomTheVerifierIsAskedAndToEnrollAgainATemplateWithAnOlderOrNoVerifier() throws Exception {
        String[] scan = {"scan", "-v", "--oww-features", OwwTestData.MODELS.toString(), "--confirm", "template", heyJester.getFirst().toString()};
        String now = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(dir.resolve("home"), with("--model", withVerifier, scan)));
        String older = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(dir.resolve("home"), with("--model", withoutPitches, scan)));
        assertTrue(now.contains("a verifier (learned at enroll) may confirm another voice's word that log mel refuses, in a quiet room;"
                + " not for a word said at an enrolled take's pitch, which log mel decides"), now);
        assertTrue(older.contains("for every voice, the enrolled ones too: a template enrolled before the takes' pitches were kept (enroll it"
                + " again to leave the enrolled voices' words to log mel)"), older);
        String none = WakegateProcess.runToSuccess(WakegateProcess.sandboxed(dir.resolve("home"), with("--model", withoutVerifier, scan)));
        assertTrue(none.contains("no verifier (enrolled with --no-verifier, without espeak-ng, or before 2026-12-07): another voice's word"
                + " that log mel refuses stays refused; enroll again where espeak-ng is installed to find more of them"), none);
        assertFalse(none.contains("a verifier (learned at enroll)"), none);
    }

    private static String[] with(String option, Path value, String[] args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(2, List.of(option, value.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void theEnrolledVoicesNearMissIsLeftToLogMel() throws IOException {
        int plain = Cli.filesFoundAsRunDecides(withoutVerifier, heyJester);
        int verified = Cli.filesFoundAsRunDecides(withVerifier, heyJester);
        int pitchUnknown = Cli.filesFoundAsRunDecides(withoutPitches, heyJester);
        assertEquals(plain, verified, "of " + heyJester.size() + " 'hey jester': no verifier " + plain + ", with it " + verified);
        assertTrue(pitchUnknown >= plain + 6, "without the takes' pitches the verifier takes them: " + pitchUnknown + " of " + heyJester.size()
                + ", no verifier " + plain);
    }
}
