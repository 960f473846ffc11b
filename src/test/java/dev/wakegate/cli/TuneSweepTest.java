package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code tune} runs one detector per swept sensitivity over each file; with speech-embedding features they share the
 * feature models, and a mel or embedding run one of them already made is answered from memory. What each row reports
 * must still be what {@code scan} finds at that sensitivity alone: real Picovoice "computer" takes, enrolled from three
 * of them, against ten more and twelve Picovoice "alexa" takes.
 */
class TuneSweepTest {
    private static final Path COMPUTER = OwwTestData.SHARED.resolve("real/picovoice-benchmark/computer");
    private static final String FEATURES = OwwTestData.MODELS.toString();
    private static final List<Double> SWEPT = List.of(0.35, 0.65, 0.95);

    @TempDir
    Path dir;

    @Test
    void eachSensitivitysRowIsWhatScanFindsAtThatSensitivity() throws IOException {
        Path template = enrolled();
        List<String> positives = Stream.of("0d3eb5cb-288c-4069-8ca4-5fc05370057d", "0f578372-6736-42b5-8b8d-c22ded52273d",
                "11fdaa18-d286-426f-b6e3-e2bd8d3f4315", "12bd174c-836f-4d08-9a31-b4abc019a705", "139e849f-e371-486b-ba16-bc0c1713689d",
                "13ee7357-4da7-45b5-9bdd-ceea11ea4552", "15b3aae6-e949-4c22-9e79-5ad2f1f92331", "161cf6e6-1002-4f95-bd22-1389eea91404",
                "17ac1340-98f8-4bd1-a574-ad23d0bc82dc", "17e8831c-a229-48bb-8c19-3fc2b1626def").map(n -> COMPUTER.resolve(n + ".wav").toString()).toList();
        List<String> negatives = OwwTestData.wavs(OwwTestData.ALEXA_CLIPS).stream().limit(12).map(Path::toString).toList();

        var rows = tuned(template, positives, negatives);

        assertEquals(SWEPT.size(), rows.size());
        for (int i = 0; i < SWEPT.size(); i++) {
            String s = String.valueOf(SWEPT.get(i));
            var found = scan(template, positives, s);
            var falseAccepts = scan(template, negatives, s);
            assertEquals(JsonLines.filesWithDetections(found.outLines()), Integer.parseInt(rows.get(i)[3]) - Integer.parseInt(rows.get(i)[2]),
                    "positives found at " + s + ": " + found.out());
            assertEquals(JsonLines.parse(falseAccepts.outLines()).size(), Integer.parseInt(rows.get(i)[4]), "false accepts at " + s);
        }
        assertNotEquals(String.join(",", rows.getFirst()).substring(7), String.join(",", rows.getLast()).substring(7),
                "the sensitivities find different things, so the comparison can tell them apart");
    }

    private Path enrolled() {
        Path template = dir.resolve("computer.json");
        var args = new ArrayList<>(List.of("enroll", "--name", "computer", "--out", template.toString(), "--oww-features", FEATURES));
        for (String take : List.of("04fdc82a-70e8-4e64-9fc5-189bcecb28ce", "0b62c269-a68f-4480-9e39-941cf6b7b085", "0c5213ae-db02-40c3-98ff-9201f44946a8"))
            args.add(COMPUTER.resolve(take + ".wav").toString());
        var enroll = Cli.run(args.toArray(String[]::new));
        assertEquals(0, enroll.exit(), enroll.toString());
        return template;
    }

    /** The CSV rows of a sweep over {@link #SWEPT}, detector alone: sensitivity, recall, misses, positives, false accepts, … */
    private List<String[]> tuned(Path template, List<String> positives, List<String> negatives) throws IOException {
        Path csv = dir.resolve("curve.csv");
        var args = new ArrayList<>(List.of("tune", "--model", template.toString(), "--template-features", "embedding", "--oww-features", FEATURES,
                "--from", "0.35", "--to", "0.95", "--step", "0.3", "--csv", csv.toString(), "--positives"));
        args.addAll(positives);
        args.add("--negatives");
        args.addAll(negatives);
        var tune = Cli.run(args.toArray(String[]::new));
        assertEquals(0, tune.exit(), tune.toString());
        var lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    private static Cli.Result scan(Path template, List<String> inputs, String sensitivity) {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", template.toString(), "--template-features", "embedding", "--oww-features", FEATURES,
                "--confirm", "none", "--sensitivity", sensitivity));
        args.addAll(inputs);
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return run;
    }
}
