package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune --write-config} writes a sensitivity only where {@code run} would use it with what it was measured with:
 * a value tuned on speech embeddings means something else on log mel spectra, and one tuned for one wake word says
 * nothing about another. Real "athena" takes, enrolled with speech embeddings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TuneWriteConfigTest {
    private static final Path ATHENA = OwwTestData.SHARED.resolve("real/precise-community/athena-en");
    private static final String FEATURES = OwwTestData.MODELS.toString();

    @TempDir
    static Path dir;
    private Path template;
    private List<String> takes;

    @BeforeAll
    void enroll() {
        takes = OwwTestData.wavs(ATHENA).stream().map(Path::toString).toList();
        template = dir.resolve("athena.json");
        var enroll = Cli.run("enroll", "--no-verifier", "--name", "athena", "--out", template.toString(), "--oww-features", FEATURES, takes.get(0), takes.get(1), takes.get(2));
        assertEquals(0, enroll.exit(), enroll.toString());
    }

    private Cli.Result tune(Path config, String features) {
        var args = new ArrayList<>(List.of("tune", "--model", template.toString(), "--template-features", features, "--oww-features", FEATURES,
                "--from", "0.5", "--to", "0.5", "--write-config", config.toString(), "--target-fa-per-hour", "100000",
                "--positives", takes.get(3), takes.get(4), "--negatives", OwwTestData.SHARED.resolve("real/librispeech/103-1240-0000.wav").toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The same sweep, counting what the template confirmation accepts, with {@code confirm} options. */
    private Cli.Result tuneConfirmed(Path config, String... confirm) {
        var args = new ArrayList<>(List.of("tune", "--model", template.toString(), "--oww-features", FEATURES, "--confirm", "template"));
        args.addAll(List.of(confirm));
        args.addAll(List.of("--from", "0.5", "--to", "0.5", "--write-config", config.toString(), "--target-fa-per-hour", "100000",
                "--positives", takes.get(3), takes.get(4), "--negatives", OwwTestData.SHARED.resolve("real/librispeech/103-1240-0000.wav").toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /** {@link #tuneConfirmed} at a stricter confirmation than run's default, which must succeed. */
    private Cli.Result tunedAtConfirmation02(Path config) {
        var run = tuneConfirmed(config, "--confirm-sensitivity", "0.2");
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    /** The same sweep with openWakeWord's "alexa" model. */
    private Cli.Result tuneOww(Path config) {
        return Cli.run("tune", "--engine", "oww", "--oww-model", OwwTestData.model(OwwTestData.ALEXA).toString(), "--oww-features", FEATURES,
                "--from", "0.5", "--to", "0.5", "--target-fa-per-hour", "100000", "--write-config", config.toString(),
                "--positives", takes.get(3), "--negatives", takes.get(4));
    }

    /** A one-line error on stderr that mentions each of {@code mentions} and says how to fix it, exit 1. */
    private static void assertRefused(Cli.Result run, String... mentions) {
        assertEquals(1, run.exit(), run.toString());
        String err = run.err().strip();
        assertTrue(err.startsWith("wakegate: ") && !err.contains("\n") && err.contains("Fix:"), err);
        for (String m : mentions) assertTrue(err.contains(m), "mentions '" + m + "': " + err);
    }

    private static Path config(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aSensitivityTunedOnOtherFeaturesThanTheConfigRunsIsNotWritten() throws IOException {
        String text = "model = /etc/wakegate/athena.json\ntemplate-features = mfcc\nsensitivity = 0.5\n";
        Path config = config("mfcc.properties", text);

        var run = tune(config, "embedding");

        assertRefused(run, "template-features = mfcc", "this sweep measured embedding", "Fix: tune with --template-features mfcc");
        assertFalse(run.out().contains("SENSITIVITY"), "refused before the sweep: " + run.out());
        assertEquals(text, Files.readString(config), "nothing written");
    }

    @Test
    void aFeatureSetTheConfigLeavesAtItsDefaultIsWrittenWithTheSensitivity() throws IOException {
        Path config = config("default.properties", "# the kitchen speaker\nmodel = " + template + "\nsensitivity = 0.5\n");

        var run = tune(config, "embedding");

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Wrote template-features = embedding and sensitivity = "), run.out());
        List<String> lines = Files.readAllLines(config);
        assertTrue(lines.contains("template-features = embedding"), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("sensitivity = ")).count(), lines.toString());
        assertEquals("# the kitchen speaker", lines.getFirst(), "the rest kept");
    }

    @Test
    void theDefaultFeaturesAddNothingButTheSensitivity() throws IOException {
        Path config = config("auto.properties", "model = " + template + "\n");

        var run = tune(config, "auto");

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("Wrote sensitivity = "), run.out());
        assertFalse(Files.readString(config).contains("template-features"), Files.readString(config));
    }

    @Test
    void aConfigThatRunsAnotherTemplateIsRefusedAndACopyOfTheSameOneIsNot() throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, Files.readString(template).replace("\"athena\"", "\"other\""));
        Path refused = config("other.properties", "model = " + other + "\n");
        Path copy = dir.resolve("copy-of-athena.json");
        Files.copy(template, copy);
        Path accepted = config("copy.properties", "model = " + copy + "\n");

        assertRefused(tune(refused, "auto"), "model = " + other, "this sweep measured " + template);
        assertEquals(0, tune(accepted, "auto").exit());
    }

    @Test
    void anotherEngineIsNeverAddedToAConfigWrittenForTheTemplateEngine() throws IOException {
        String text = "model = " + template + "\n";
        Path config = config("template.properties", text);

        var run = tuneOww(config);

        assertRefused(run, "engine = template (the default)", "this sweep measured oww", "set engine = oww in");
        assertEquals(text, Files.readString(config));
    }

    @Test
    void aNewConfigGetsTheEngineTheSweepMeasured() throws IOException {
        Path config = dir.resolve("new.properties");

        var run = tuneOww(config);

        assertEquals(0, run.exit(), run.toString());
        assertTrue(Files.readAllLines(config).contains("engine = oww"), Files.readString(config));
    }

    @Test
    void aConfigWithSeveralWakeWordsIsLeftToBeSetByHand() throws IOException {
        Path config = config("two.properties", "model = " + template + ", /etc/wakegate/jasper.json\n");

        assertRefused(tune(config, "auto"), "2 wake words", "Fix: set sensitivity = S1,S2");
    }

    @Test
    void aSweepOfWhatTheConfirmationAcceptsWritesTheConfirmationsSensitivityWithIt() throws IOException {
        // given: a stricter confirmation than run's default (what refuses near misses), and a file that leaves it unset
        Path config = config("strict.properties", "model = " + template + "\n");

        var run = tunedAtConfirmation02(config);

        String written = Files.readString(config);
        assertTrue(written.contains("\nconfirm-sensitivity = 0.20\n") && written.contains("\nsensitivity = 0.50\n"), written);
        assertTrue(run.out().contains("Wrote confirm-sensitivity = 0.20 and sensitivity = 0.50"), run.out());
    }

    @Test
    void aSweepAtAnotherConfirmationSensitivityThanTheConfigRunsIsNotWritten() throws IOException {
        String text = "model = " + template + "\nconfirm-sensitivity = 0.3\n";
        Path config = config("default-confirmation.properties", text);

        var run = tuneConfirmed(config, "--confirm-sensitivity", "0.2");

        assertRefused(run, "confirm-sensitivity = 0.3", "this sweep measured 0.20", "Fix: tune with --confirm-sensitivity 0.3");
        assertEquals(text, Files.readString(config), "nothing written");
    }

    @Test
    void theSameConfirmationSensitivityWrittenAnotherWayAgrees() throws IOException {
        Path config = config("same-confirmation.properties", "model = " + template + "\nconfirm-sensitivity = 0.2\n");

        tunedAtConfirmation02(config);

        String written = Files.readString(config);
        assertTrue(written.contains("confirm-sensitivity = 0.2\n") && !written.contains("0.20"), "kept as it was: " + written);
    }

    @Test
    void aSweepAtTheDefaultConfirmationAddsNothingForIt() throws IOException {
        Path config = config("default.properties", "model = " + template + "\n");

        var run = tuneConfirmed(config);

        assertEquals(0, run.exit(), run.toString());
        assertFalse(Files.readString(config).contains("confirm-sensitivity"), Files.readString(config));
    }
}
