package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
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
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three takes of Picovoice's crowd-sourced "computer" (three people) make a template whose log-mel half refuses nearly
 * every other person's "computer": the verifier enroll trains by default on the takes' speech embeddings (and espeak-ng's
 * "computer"), against ordinary speech and phrases one sound away, lets {@code run}'s default confirmation accept those
 * the speech embeddings are sure of, and still no other word said the same way ("alexa" from the same crowd-sourcing)
 * and no ordinary speech.
 */
class VerifierRealTakesTest {
    private static final Path COMPUTER = OwwTestData.SHARED.resolve("real/picovoice-benchmark/computer");
    /** The first three takes of the tuning half that scripts/real_voices.py enrolls. */
    static final List<String> ENROLLED = List.of("04fdc82a-70e8-4e64-9fc5-189bcecb28ce", "0b62c269-a68f-4480-9e39-941cf6b7b085",
            "0c5213ae-db02-40c3-98ff-9201f44946a8");

    @TempDir
    static Path dir;
    private static Path template, withoutVerifier;

    @BeforeAll
    static void enroll() throws IOException {
        template = dir.resolve("computer.json");
        var run = Cli.run(enrollArgs(template).toArray(String[]::new));  // by default, where espeak-ng is
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().startsWith("Learning a verifier: espeak-ng says 'computer' and phrases one sound away from it"), run.out());
        assertTrue(run.out().contains("A verifier learned from them"), run.out());
        // the same template as enrolled before verifiers were made
        withoutVerifier = dir.resolve("computer-without-verifier.json");
        String text = Files.readString(template);
        String stripped = Pattern.compile(", \"verifiers\": \\[.*?\\n  \\]", Pattern.DOTALL).matcher(text).replaceFirst("");
        assertFalse(stripped.equals(text) || stripped.contains("verifiers"), "test setup: the verifier removed");
        Files.writeString(withoutVerifier, stripped);
    }

    private static List<String> enrollArgs(Path out, String... options) {
        var args = new ArrayList<>(List.of("enroll", "--name", "computer", "--out", out.toString(), "--oww-features", OwwTestData.MODELS.toString()));
        args.addAll(List.of(options));
        for (String take : ENROLLED) args.add(COMPUTER.resolve(take + ".wav").toString());
        return args;
    }

    private static List<Path> first(Path dir, int count, List<String> except) throws IOException {
        return OwwTestData.wavs(dir).stream().filter(f -> except.stream().noneMatch(e -> f.toString().contains(e))).limit(count).toList();
    }

    @Test
    void enrollTrainsOneVerifierOnTheTakesAndAddingTakesAddsAnother() throws IOException {
        assertEquals(1, TemplateFile.read(template).embeddings().verifiers().size(), "espeak-ng must be installed (.ci/run installs it)");
        Path household = dir.resolve("household.json");
        Files.copy(template, household);
        var args = new ArrayList<>(List.of("enroll", "--add", household.toString(), "--voice", "guest", "--verifier", "--oww-features",
                OwwTestData.MODELS.toString()));
        for (String take : ENROLLED) args.add(COMPUTER.resolve(take + ".wav").toString());  // as said again another day
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        assertEquals(2, TemplateFile.read(household).embeddings().verifiers().size());
    }

    @Test
    void noVerifierEnrollsWithoutOneAndWithoutEmbeddingsTheVerifierIsRefused() throws IOException {
        Path plain = dir.resolve("plain.json");
        var run = Cli.run(enrollArgs(plain, "--no-verifier").toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of(), TemplateFile.read(plain).embeddings().verifiers());
        assertFalse(run.out().contains("verifier"), run.out());
        var refused = Cli.run(enrollArgs(plain, "--verifier", "--no-embeddings").toArray(String[]::new));
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--verifier learns from the takes' speech embeddings. Fix: drop --no-embeddings"), refused.err());
    }

    @Test
    void withoutEspeakNgTheDefaultEnrollsWithoutAVerifierAndSaysHowToGetOneWhileVerifierInsists(@TempDir Path home) throws Exception {
        Path plain = home.resolve("computer.json");
        var byDefault = withoutEspeakNg(home, enrollArgs(plain));
        assertEquals(0, byDefault.exitCode(), byDefault.output());
        assertTrue(byDefault.output().contains("No verifier: espeak-ng is not installed, so run finds the word in other voices less often."
                + " Fix: sudo apt install espeak-ng, then enroll again."), byDefault.output());
        assertEquals(List.of(), TemplateFile.read(plain).embeddings().verifiers());
        Path insisted = home.resolve("insisted.json");
        var refused = withoutEspeakNg(home, enrollArgs(insisted, "--verifier"));
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().startsWith("wakegate: --verifier needs espeak-ng to say the wake phrase and phrases one sound away from it."
                + " Fix: sudo apt install espeak-ng, or enroll with --no-verifier"), refused.output());
        assertFalse(Files.exists(insisted), "nothing written");
    }

    /** wakegate in a JVM of its own whose PATH holds no espeak-ng (an empty folder). */
    private static WakegateProcess.Ended withoutEspeakNg(Path home, List<String> args) throws Exception {
        var pb = WakegateProcess.sandboxed(home, args.toArray(String[]::new));
        pb.environment().put("PATH", Files.createDirectories(home.resolve("empty-bin")).toString());
        return WakegateProcess.run(pb);
    }

    @Test
    void otherPeoplesComputerIsFoundWhereLogMelAloneRefusedIt() throws IOException {
        var others = first(COMPUTER, 30, ENROLLED);
        int before = Cli.filesFoundAsRunDecides(withoutVerifier, others), now = Cli.filesFoundAsRunDecides(template, others);
        assertTrue(before <= 2, "without the verifier " + before + " of 30");
        assertTrue(now >= before + 8, "with the verifier " + now + " of 30, without " + before);
    }

    @Test
    void otherWordsSaidTheSameWayAndOrdinarySpeechAreNotTakenForIt() throws IOException {
        var otherWords = new ArrayList<>(first(OwwTestData.ALEXA_CLIPS, 40, List.of()));
        otherWords.addAll(first(OwwTestData.SHARED.resolve("real/precise-community/not-wake-words-en"), 40, List.of()));
        assertEquals(0, Cli.filesFoundAsRunDecides(template, otherWords), "of 40 'alexa' takes and 40 ordinary words");
    }
}
