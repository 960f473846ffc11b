package dev.wakegate.cli;

import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune --near-misses}: recordings of phrases that sound like the wake word and are not it ("hey commuter" for
 * "hey computer"), one per file. The table shows how many of them each sensitivity accepts, as {@code run} would decide
 * with the same confirmation, and the recommendation accepts at most the target share of them. A dev-corpus voice: its
 * near misses cut from its stream, its own template.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TuneNearMissTest {
    private static final String VOICE = TestData.VOICE;

    @TempDir
    static Path dir;
    private Path model, nearMisses;
    private List<String> positives, negatives;

    @BeforeAll
    void cutTheNearMissesFromTheStream() throws IOException {
        model = dir.resolve("hey-computer.json");
        TemplateFile.write(Engine.heyComputer(VOICE), model);
        nearMisses = Files.createDirectories(dir.resolve("near-misses"));
        short[] stream = TestData.samples(Labels.streamWav(VOICE));
        int n = 0;
        for (var s : Labels.streamSegments(VOICE, "near")) {
            short[] clip = Signals.cut(stream, Math.max(0, s.span().start() - 0.5), s.span().end() + 0.5);
            WavFixtures.internal(clip).writeTo(nearMisses, String.format("%02d-%s.wav", ++n, s.text().replaceAll("[^a-z]+", "-")));
        }
        try (Stream<Path> files = Files.list(TestData.dev(VOICE, "positives"))) {
            positives = files.filter(p -> p.toString().endsWith(".wav")).sorted().limit(4).map(Path::toString).toList();
        }
        try (Stream<Path> files = Files.list(TestData.file("real/librispeech"))) {
            negatives = files.filter(p -> p.toString().endsWith(".wav")).sorted().limit(2).map(Path::toString).toList();
        }
    }

    private Cli.Result tune(String... extra) {
        var run = tuneExiting(extra);
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private Cli.Result tuneExiting(String... extra) {
        var args = new ArrayList<>(List.of("tune", "--model", model.toString(), "--confirm", "template"));
        if (!List.of(extra).contains("--from")) args.addAll(List.of("--from", "0.5", "--to", "0.5"));   // one value unless a test sweeps more
        args.addAll(List.of(extra));
        args.add("--positives");
        args.addAll(positives);
        args.add("--negatives");
        args.addAll(negatives);
        args.addAll(List.of("--near-misses", nearMisses.toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The near-miss recordings scan finds the word in, with the same confirmation: what run would send after. */
    private Set<String> acceptedByScan(String... extra) throws IOException {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", model.toString(), "--confirm", "template", "--sensitivity", "0.5"));
        args.addAll(List.of(extra));
        try (Stream<Path> files = Files.list(nearMisses)) {
            files.sorted().map(Path::toString).forEach(args::add);
        }
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return JsonLines.parse(run.outLines()).stream().map(d -> Path.of((String) d.get("file")).getFileName().toString()).collect(Collectors.toSet());
    }

    private static String row(Cli.Result run) {
        return run.outLines().stream().filter(l -> l.trim().startsWith("0.50 ")).findFirst().orElseThrow(() -> new AssertionError(run));
    }

    private static String line(Cli.Result run, String start) {
        return run.outLines().stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(run));
    }

    @Test
    void eachRowCountsTheNearMissRecordingsRunWouldAccept() throws IOException {
        // given: a looser confirmation than the default, so that some of them pass
        var run = tune("--confirm-sensitivity", "0.9", "--target-near-misses", "1");
        var accepted = acceptedByScan("--confirm-sensitivity", "0.9");
        long recordings;
        try (Stream<Path> files = Files.list(nearMisses)) {
            recordings = files.count();
        }
        // then
        assertFalse(accepted.isEmpty(), "test setup: the looser confirmation takes some near misses");
        assertTrue(row(run).contains(accepted.size() + "/" + recordings), row(run) + "\nscan accepts " + accepted);
        String there = line(run, "Near misses accepted there: ");
        assertTrue(there.startsWith("Near misses accepted there: " + accepted.size() + " of " + recordings + ": "), there);
        for (String name : accepted) assertTrue(there.contains(name), name + " named: " + there);
    }

    @Test
    void noValueIsRecommendedWhenEachAcceptsMoreThanTheTargetAndTheFixNamesAStricterConfirmation() {
        var run = tune("--confirm-sensitivity", "0.9", "--target-near-misses", "0");
        String none = line(run, "Recommended sensitivity: ");
        assertTrue(none.startsWith("Recommended sensitivity: none: ") && none.contains("near misses"), none);
        assertTrue(none.contains("Fix: a stricter confirmation (--confirm-sensitivity below 0.90"), none);
        assertTrue(none.contains("--confirm-sensitivities 0.85,0.80,0.75,0.70"), "the values to try named: " + none);
    }

    @Test
    void withTheDefaultConfirmationTheRecommendationNamesWhatItAccepts() throws IOException {
        var run = tune();
        int accepted = acceptedByScan().size();
        assertTrue(row(run).contains(accepted + "/"), row(run));
        if (accepted == 0) assertTrue(line(run, "Near misses accepted there: ").startsWith("Near misses accepted there: 0 of "), run.out());
    }

    @Test
    void theWrittenConfigIsRefusedWhenNoValueMeetsTheNearMissTarget() throws IOException {
        Path config = dir.resolve("wakegate.properties");
        Files.writeString(config, "sensitivity = 0.4\n");
        var run = tuneExiting("--confirm-sensitivity", "0.9", "--target-near-misses", "0", "--write-config", config.toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.errLines().getLast().contains("no sensitivity meets the target"), run.toString());
        assertEquals("sensitivity = 0.4\n", Files.readString(config), "left as it was");
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedInOneLine() {
        var run = Cli.run("tune", "--model", model.toString(), "--target-near-misses", "5", "--positives", positives.getFirst(),
                "--negatives", negatives.getFirst(), "--near-misses", nearMisses.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals(List.of("wakegate: --target-near-misses is a share of the near-miss recordings, from 0 to 1. Fix: e.g. --target-near-misses 0.05"),
                run.errLines());
    }

    @Test
    void withoutNearMissesTheTableAndTheCsvAreAsBefore() throws IOException {
        Path csv = dir.resolve("plain.csv");
        var args = new ArrayList<>(List.of("tune", "--model", model.toString(), "--from", "0.5", "--to", "0.5", "--csv", csv.toString(), "--positives"));
        args.addAll(positives);
        args.add("--negatives");
        args.addAll(negatives);
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        assertFalse(run.out().contains("NEAR MISSES") || run.out().contains("Near misses"), run.out());
        assertEquals("sensitivity,recall,misses,positives,false_accepts,fa_per_hour,negative_hours,recommended",
                Files.readAllLines(csv).getFirst());
    }

    /**
     * {@code --confirm-sensitivities}: the detector swept behind each of several confirmations, as {@code run} would
     * decide with each; both values recommended and written.
     */
    @Nested
    class BehindSeveralConfirmations {
        private List<String> csvRows(Path csv, boolean dropLastColumn) throws IOException {
            // without the recommended column, which marks one row of all the confirmations
            return Files.readAllLines(csv).stream().skip(1).map(l -> {
                var cells = new ArrayList<>(List.of(l.split(",")));
                if (dropLastColumn) cells.removeLast();
                cells.remove(7);
                return String.join(",", cells);
            }).toList();
        }

        @Test
        void eachConfirmationsRowsAreWhatATuneAtThatConfirmationAlonePrints() throws IOException {
            Path both = dir.resolve("both.csv"), loose = dir.resolve("loose.csv"), strict = dir.resolve("strict.csv");
            tune("--confirm-sensitivities", "0.3,0.9", "--from", "0.4", "--to", "0.6", "--step", "0.1", "--csv", both.toString());
            tune("--confirm-sensitivity", "0.9", "--from", "0.4", "--to", "0.6", "--step", "0.1", "--csv", loose.toString());
            tune("--confirm-sensitivity", "0.3", "--from", "0.4", "--to", "0.6", "--step", "0.1", "--csv", strict.toString());
            assertTrue(Files.readAllLines(both).getFirst().endsWith(",near_misses_accepted,near_misses,confirm_sensitivity"));
            var expected = new ArrayList<>(csvRows(loose, false).stream().map(r -> r + ",0.9000").toList());   // the loosest first
            expected.addAll(csvRows(strict, false).stream().map(r -> r + ",0.3000").toList());
            assertEquals(expected, csvRows(both, false));
            assertEquals(1, Files.readAllLines(both).stream().skip(1).filter(l -> l.split(",")[7].equals("1")).count(), "one row recommended");
        }

        @Test
        void theRecommendedConfirmationAcceptsNoMoreNearMissesThanTheTargetAsScanCountsThem() throws IOException {
            var run = tune("--confirm-sensitivities", "0.9,0.3,0.2", "--target-near-misses", "0");
            assertFalse(acceptedByScan("--confirm-sensitivity", "0.9").isEmpty(), "test setup: the loosest takes some near misses");
            String looseRow = run.outLines().stream().filter(l -> l.trim().startsWith("0.90 ")).findFirst().orElseThrow(() -> new AssertionError(run));
            assertTrue(looseRow.contains(" none ") && looseRow.contains("near misses"), looseRow);
            String chosen = line(run, "Recommended confirm-sensitivity: ").split(" ")[2];
            assertTrue(chosen.equals("0.30") || chosen.equals("0.20"), run.out());
            assertEquals(Set.of(), acceptedByScan("--confirm-sensitivity", chosen), "scan at the recommended confirmation");
            assertTrue(line(run, "Recommended sensitivity: ").startsWith("Recommended sensitivity: 0.50 "), run.out());
        }

        @Test
        void writeConfigWritesBothValuesOverWhatTheFileHad() throws IOException {
            Path config = dir.resolve("both.properties");
            Files.writeString(config, "confirm-sensitivity = 0.9\nsensitivity = 0.4\n");
            var run = tune("--confirm-sensitivities", "0.9,0.3,0.2", "--target-near-misses", "0", "--write-config", config.toString());
            String chosen = line(run, "Recommended confirm-sensitivity: ").split(" ")[2];
            var written = ConfigFile.read(config);
            assertEquals(chosen, written.getProperty("confirm-sensitivity"));
            assertEquals("0.50", written.getProperty("sensitivity"));
            assertTrue(run.out().contains("Wrote confirm-sensitivity = " + chosen + " and sensitivity = 0.50 to " + config), run.out());
        }

        @Test
        void whenNoneQualifiesTheFixNamesLowerValues() {
            var run = tune("--confirm-sensitivities", "0.95,0.9", "--target-near-misses", "0");
            assertTrue(line(run, "Recommended sensitivity: ").contains("Fix: a confirmation stricter than 0.90 (--confirm-sensitivities with lower values)"),
                    run.out());
            assertFalse(run.out().contains("Recommended confirm-sensitivity"), run.out());
        }

        @Test
        void itNeedsAConfirmationAndReplacesASingleConfirmationSensitivity() {
            var noConfirmation = Cli.run("tune", "--model", model.toString(), "--confirm-sensitivities", "0.3,0.2", "--positives", positives.getFirst(),
                    "--negatives", negatives.getFirst());
            assertEquals(1, noConfirmation.exit(), noConfirmation.toString());
            assertEquals(List.of("wakegate: --confirm-sensitivities sweeps the confirmation, and there is none. Fix: add --confirm template (as run has it)"),
                    noConfirmation.errLines());
            var both = tuneExiting("--confirm-sensitivity", "0.3", "--confirm-sensitivities", "0.3,0.2");
            assertEquals(1, both.exit(), both.toString());
            assertEquals(1, both.errLines().size(), both.toString());
            assertTrue(both.errLines().getFirst().contains("Fix: give one of them"), both.toString());
            var outside = tuneExiting("--confirm-sensitivities", "0.3,2");
            assertEquals(1, outside.exit(), outside.toString());
            assertEquals(1, outside.errLines().size(), outside.toString());
            assertTrue(outside.errLines().getFirst().contains("--confirm-sensitivities"), outside.toString());
        }
    }
}
