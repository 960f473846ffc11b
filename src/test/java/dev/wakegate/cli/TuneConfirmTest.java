package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.JsonLines;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune --confirm}: the curve of what {@code run} finds, not of what its detector finds. Real recordings:
 * "athena" enrolled as speech embeddings from three takes, other people's takes as positives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TuneConfirmTest {
    private static final Path ATHENA = OwwTestData.SHARED.resolve("real/precise-community/athena-en");
    private static final String FEATURES = OwwTestData.MODELS.toString();
    private static final List<String> SENSITIVITIES = List.of("0.50", "0.90");

    @TempDir
    static Path dir;
    private Path template, detectorCsv, confirmedCsv;
    private List<String> positives;
    private String negative;
    private Cli.Result detectorAlone, confirmed;

    @BeforeAll
    void tuneBothWays() throws IOException {
        var takes = OwwTestData.wavs(ATHENA).stream().map(Path::toString).toList();
        template = dir.resolve("athena.json");
        var enroll = Cli.run("enroll", "--name", "athena", "--out", template.toString(), "--oww-features", FEATURES, takes.get(0), takes.get(1), takes.get(2));
        assertEquals(0, enroll.exit(), enroll.toString());
        positives = takes.subList(3, 15);
        try (var files = Files.list(OwwTestData.SHARED.resolve("real/librispeech"))) {
            negative = files.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow().toString();
        }
        detectorCsv = dir.resolve("detector.csv");
        confirmedCsv = dir.resolve("confirmed.csv");
        detectorAlone = tune(detectorCsv);
        confirmed = tune(confirmedCsv, "--confirm", "template");
    }

    private Cli.Result tune(Path csv, String... extra) {
        var args = new ArrayList<>(List.of("tune", "--model", template.toString(), "--template-features", "embedding", "--oww-features", FEATURES,
                "--from", SENSITIVITIES.getFirst(), "--to", SENSITIVITIES.getLast(), "--step", "0.4", "--csv", csv.toString()));
        args.addAll(List.of(extra));
        args.add("--positives");
        args.addAll(positives);
        args.addAll(List.of("--negatives", negative));
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    /** Positives found at each swept sensitivity, from the CSV (positives - misses). */
    private static List<Integer> found(Path csv) throws IOException {
        var lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(","))
                .map(r -> Integer.parseInt(r[3]) - Integer.parseInt(r[2])).toList();
    }

    /** The positives in which {@code scan} as run decides (detector + template confirmation) finds the word. */
    private int foundByScanWithConfirmation(String sensitivity) throws IOException {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", template.toString(), "--template-features", "embedding", "--oww-features", FEATURES,
                "--confirm", "template", "--sensitivity", sensitivity));
        args.addAll(positives);
        var scan = Cli.run(args.toArray(String[]::new));
        assertEquals(0, scan.exit(), scan.toString());
        return JsonLines.filesWithDetections(scan.outLines());
    }

    @Test
    void withConfirmEachSensitivityFindsWhatScanAsRunDecidesFinds() throws IOException {
        var tuned = found(confirmedCsv);
        for (int i = 0; i < SENSITIVITIES.size(); i++)
            assertEquals(foundByScanWithConfirmation(SENSITIVITIES.get(i)), tuned.get(i), "at " + SENSITIVITIES.get(i) + ":\n" + confirmed.out());
    }

    @Test
    void aHigherSensitivityFindsNoFewerWordsAsRunDecidesThanTheDefault() throws IOException {
        // at 0.9 the detector fires on what comes just before the word, which the confirmation refuses; the word itself
        // must still be heard, not passed over by the refractory time of a detection that did not stand
        var run = found(confirmedCsv);
        assertTrue(run.getLast() >= run.getFirst(), "confirmed at 0.5 and 0.9: " + run + "\n" + confirmed.out());
        assertTrue(found(detectorCsv).getLast() >= run.getLast(), "the detector alone finds at least what is confirmed");
        assertTrue(detectorAlone.out().contains("Measured: the detector alone."), detectorAlone.out());
        assertTrue(confirmed.out().contains("Measured: the detector's candidates that --confirm template accepts"), confirmed.out());
    }
}
