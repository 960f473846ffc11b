package dev.wakegate.cli;

import dev.wakegate.audit.AuditLog;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A household's wake word: one person enrolls it, another adds their takes with {@code enroll --add}; each voice is
 * found, and detections, events and the audit log say whose voice matched (a label, never audio). The two people are
 * two of the dev corpus's synthetic voices: flite slt ("anna") and espeak en-us+m3 ("ben").
 */
class HouseholdTest {
    private static final String ANNA = "flite_slt", BEN = "espeak_en-us+m3";

    @TempDir
    Path dir;

    private static List<String> takes(String voice) {
        return TestData.enrollTakes(voice).stream().map(Path::toString).toList();
    }

    /** Enrolls without the verifier, which changes none of what these check: how takes are joined, named and logged. */
    private static Cli.Result enroll(List<String> options, List<String> takes) {
        var args = new ArrayList<>(List.of("enroll", "--no-verifier"));
        args.addAll(options);
        args.addAll(takes);
        return Cli.run(args.toArray(String[]::new));
    }

    private Path household() {
        Path file = dir.resolve("hey-computer.json");
        var first = enroll(List.of("--name", "hey-computer", "--voice", "anna", "--out", file.toString()), takes(ANNA));
        assertEquals(0, first.exit(), first.toString());
        var second = enroll(List.of("--add", file.toString(), "--voice", "ben"), takes(BEN));
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("'hey-computer' now has 2 voices, 6 takes (anna: 3, ben: 3)"), second.out());
        assertTrue(first.out().contains("wakegate enroll --add " + file + " --voice 'anna' --record"), "the first enrollment says how to add more takes: " + first.out());
        assertFalse(second.out().contains("wakegate enroll --add"), second.out());
        assertTrue(first.out().contains("see which pass with wakegate tune --near-misses DIR"), "and how to check words that sound like it: " + first.out());
        assertFalse(second.out().contains("--near-misses"), "said once, at the first enrollment: " + second.out());
        return file;
    }

    /** The clean positives of a voice (no added noise), as the labels list them. */
    private static List<String> cleanPositives(String voice) {
        var rows = TestData.read(TestData.dev(voice, "positives/labels.tsv")).lines().skip(1).map(l -> l.split("\t")).toList();
        return rows.stream().filter(r -> r[6].equals("none")).map(r -> TestData.dev(voice, "positives/" + r[0]).toString()).toList();
    }

    /** file -> the voice its first detection named, scanned as run decides (detector + template confirmation). */
    private static Map<Object, Object> voicesFound(Path template, String features, List<String> files) throws IOException {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", template.toString(), "--template-features", features, "--confirm", "template"));
        args.addAll(files);
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        var found = new HashMap<Object, Object>();
        for (var d : JsonLines.parse(run.outLines())) found.putIfAbsent(d.get("file"), d.get("voice"));
        return found;
    }

    @Test
    void bothVoicesAreFoundAndNamedWithEitherFeatureSet() throws IOException {
        Path template = household();
        var read = TemplateFile.read(template);
        assertEquals(List.of("anna", "ben"), read.voices());
        assertTrue(read.hasEmbeddings(), "the embeddings of both voices are kept");
        for (String features : List.of("mfcc", "embedding")) {
            for (var voice : Map.of(ANNA, "anna", BEN, "ben").entrySet()) {
                var positives = cleanPositives(voice.getKey());
                var found = voicesFound(template, features, positives);
                assertTrue(found.size() >= positives.size() - 1, features + ": " + voice.getValue() + " found in " + found.size() + " of " + positives.size());
                assertTrue(found.values().stream().allMatch(voice.getValue()::equals), features + ": named " + found.values());
            }
        }
    }

    @Test
    void aSecondVoiceIsOnlyFoundOnceItsTakesAreAdded() throws IOException {
        Path anna = dir.resolve("anna.json");
        assertEquals(0, enroll(List.of("--name", "hey-computer", "--out", anna.toString()), takes(ANNA)).exit());
        var alone = voicesFound(anna, "mfcc", cleanPositives(BEN));
        var together = voicesFound(household(), "mfcc", cleanPositives(BEN));
        assertTrue(together.size() > alone.size() + 3, "ben found " + alone.size() + " times before, " + together.size() + " after --add");
        assertTrue(alone.values().stream().allMatch(v -> v == null), "a template enrolled the plain way names no voice: " + alone.values());
    }

    @Test
    void runsAuditLogSaysWhoseVoiceOpenedEachSession() throws IOException {
        Path template = household();
        Path audit = dir.resolve("audit.jsonl");
        var run = CliRun.of("run", "--input", TestData.dev(BEN, "stream.wav").toString(), "--model", template.toString(),
                "--uplink", "http://127.0.0.1:1/", "--gpio", "mock", "--events-json", "--audit-log", audit.toString());
        assertEquals(0, run.exitCode(), run.toString());
        var detected = run.events("detected");
        assertFalse(detected.isEmpty());
        assertTrue(detected.stream().allMatch(e -> "ben".equals(e.get("voice"))), "detected events: " + detected);
        var entries = new AuditLog(audit, Duration.ofDays(30), Clock.systemUTC()).read();
        assertFalse(entries.isEmpty());
        assertTrue(entries.stream().allMatch(e -> "ben".equals(e.voice())), "audit: " + entries);
        var shown = Cli.run("audit", "--audit-log", audit.toString());
        assertTrue(shown.out().contains("hey-computer (ben)"), shown.out());
    }

    @Test
    void addingRefusesWhatWouldSpoilTheWakeWordAndLeavesTheFileAsItWas() throws IOException {
        Path template = household();
        byte[] before = Files.readAllBytes(template);
        var renamed = enroll(List.of("--add", template.toString(), "--name", "ok-rhasspy"), takes(BEN));
        assertNotEquals(0, renamed.exit());
        assertTrue(renamed.err().contains("is the wake word 'hey-computer'"), renamed.err());
        assertArrayEquals(before, Files.readAllBytes(template), "a refused --add leaves the file as it was");

        for (int added = 2; added * 3 + 3 <= WakeTemplate.MAX_TAKES; added++)
            assertEquals(0, enroll(List.of("--add", template.toString()), takes("flite_kal16")).exit());
        var tooMany = enroll(List.of("--add", template.toString()), takes("flite_kal16"));
        assertNotEquals(0, tooMany.exit());
        assertTrue(tooMany.err().contains("at most " + WakeTemplate.MAX_TAKES), tooMany.err());
        assertEquals(List.of("anna", "ben", "voice 3", "voice 4", "voice 5"), TemplateFile.read(template).voices());
    }

    @Test
    void moreTakesOfAVoiceAlreadyThereJoinThatVoice() throws IOException {
        Path template = household();
        var more = enroll(List.of("--add", template.toString(), "--voice", "ben"), takes("flite_kal16"));
        assertEquals(0, more.exit(), more.toString());
        assertTrue(more.out().contains("Added 3 more takes of 'ben': 'hey-computer' now has 2 voices, 9 takes (anna: 3, ben: 6)"), more.out());
        var read = TemplateFile.read(template);
        assertEquals(List.of("anna", "ben"), read.voices());
        assertEquals(List.of("anna", "anna", "anna", "ben", "ben", "ben", "ben", "ben", "ben"), read.takes().stream().map(WakeTemplate.Take::voice).toList());
    }

    @Test
    void eachVoiceKeepsTheMelFramesItsSpeechEmbeddingsCameFromSoThatItIsHeardThroughNoiseToo() throws Exception {
        var embeddings = dev.wakegate.detect.template.TemplateFile.read(household()).embeddings();
        assertEquals(6, embeddings.takes().size());
        assertEquals(6, embeddings.windowFrames().size(), "anna's and ben's takes");
    }
}
