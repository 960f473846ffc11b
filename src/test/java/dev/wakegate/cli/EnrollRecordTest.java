package dev.wakegate.cli;

import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.WavReader;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code enroll --record} without a microphone: {@code --command} runs a script that prints the next take's raw PCM
 * each time it is started, and the answers to the prompts come on stdin.
 */
class EnrollRecordTest {
    @TempDir
    Path dir;

    /** Writes the takes as raw PCM and a script that prints the next one per run; returns the --command. */
    private String takes(Object... sources) throws IOException {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        var list = new StringBuilder();
        for (int i = 0; i < sources.length; i++) {
            short[] samples = sources[i] instanceof short[] given ? given
                    : sources[i].equals("silence") ? new short[16_000] : TestData.samples(TestData.file((String) sources[i]));
            Path f = raw.resolve(i + ".raw");
            Files.write(f, WavFixtures.s16(samples));
            list.append(f).append('\n');
        }
        Files.writeString(raw.resolve("list"), list);
        Path script = Files.writeString(raw.resolve("take.sh"), """
                n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"
                cat "$(sed -n "${n}p" "$(dirname "$0")/list")"
                """);
        return "sh " + script;
    }

    private static final String SLT = "corpus/dev/" + TestData.VOICE + "/enroll/";

    @Test
    void asksAgainAfterABadTakeSayingWhyAndWritesOnlyTheTemplate() throws IOException {
        // given: a good take, a silent one, a good one, another wake word, a good one
        String command = takes(SLT + "1.wav", "silence", SLT + "2.wav", "real/raven-templates/hey-mycroft/hey-mycroft-00.wav", SLT + "3.wav");
        Path out = Files.createDirectories(dir.resolve("out")).resolve("me.json");
        // when
        var r = Cli.runWithStdin("\n\n\n\n\n".getBytes(StandardCharsets.UTF_8), "enroll", "--record", "--name", "hey-computer", "--out", out.toString(),
                "--command", command, "--countdown", "0");
        // then
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Say the wake word now (take 1 of 3)..."), r.out());
        assertTrue(r.out().contains("Not usable: take 2 is silent or almost"), r.out());
        assertTrue(r.out().contains("Not usable: take 3 does not sound like the other takes"), r.out());
        assertTrue(r.out().contains("Takes agree: very well"), r.out());
        assertEquals(1, TemplateFile.read(out).embeddings().verifiers().size(), "a verifier by default (.ci/run installs espeak-ng)");
        assertEquals(List.of("recorded take 1", "recorded take 2", "recorded take 3"),
                TemplateFile.read(out).takes().stream().map(t -> t.source()).toList());
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "only the template is written");
        }
        assertEquals("", r.err());
    }

    @Test
    void keepTakesSavesTheAcceptedTakesReadableByTheOwnerOnly() throws IOException {
        String command = takes(SLT + "1.wav", SLT + "2.wav", SLT + "3.wav");
        Path kept = dir.resolve("kept");
        var r = Cli.runWithStdin(new byte[0], "enroll", "--no-verifier", "--record", "--name", "hey computer", "--out", dir.resolve("me.json").toString(),
                "--command", command, "--countdown", "0", "--keep-takes", kept.toString());
        assertEquals(0, r.exit(), r.toString());
        for (int i = 1; i <= 3; i++) {
            Path wav = kept.resolve("me-take-" + i + ".wav");
            assertTrue(r.out().contains("Kept " + wav + " (readable by you only)."), r.out());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wav)));
            short[] original = TestData.samples(TestData.dev(TestData.VOICE, "enroll/" + i + ".wav"));
            short[] saved = TestData.samples(wav);
            assertTrue(saved.length > 0 && saved.length <= original.length, "the take as captured (up to the end of the utterance)");
            assertArrayEquals(java.util.Arrays.copyOf(original, saved.length), saved);
        }
        try (var source = WavReader.open(kept.resolve("me-take-1.wav"), InputFormat.DOWNMIX)) {
            assertEquals(16_000, source.format().sampleRate());
        }
    }

    @Test
    void quittingWritesNothing() throws IOException {
        String command = takes(SLT + "1.wav");
        Path out = dir.resolve("me.json");
        var r = Cli.runWithStdin("q\n".getBytes(StandardCharsets.UTF_8), "enroll", "--record", "--name", "x", "--out", out.toString(),
                "--command", command, "--countdown", "0");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(List.of("wakegate: enrollment stopped; nothing was written. Fix: run it again when ready"), r.errLines());
        assertFalse(Files.exists(out));
    }

    @Test
    void aCommandThatGivesNoAudioIsAUserErrorAndRecordingOptionsNeedRecord() {
        var r = Cli.run("enroll", "--record", "--name", "x", "--out", dir.resolve("x.json").toString(), "--command", "true", "--countdown", "0");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("wakegate: cannot record from command true: the capture command ended"), r.err());
        var files = Cli.run("enroll", "--record", "--name", "x", "a.wav");
        assertEquals(1, files.exit());
        assertTrue(files.err().startsWith("wakegate: --record records the takes itself."), files.err());
        var noRecord = Cli.run("enroll", "--name", "x", "--out", "x.json", "--command", "true", "a.wav");
        assertEquals(1, noRecord.exit());
        assertTrue(noRecord.err().startsWith("wakegate: --device, --command and --keep-takes are for recording."), noRecord.err());
    }

    /**
     * The voice's stream cut around its segments of one kind (a wake phrase, a near miss) with {@code before} seconds of
     * what was said before them, as one would say them after a prompt, inside a sentence.
     */
    private static List<short[]> said(String kind, int count, double before) {
        short[] stream = TestData.samples(Labels.streamWav(TestData.VOICE));
        return Labels.streamSegments(TestData.VOICE, kind).stream().limit(count)
                .map(s -> Signals.cut(stream, Math.max(0, s.span().start() - before), s.span().end() + 0.3)).toList();
    }

    @Test
    void nearMissesRecordedAfterTheTakesAreSaidToWakeItExactlyWhenScanFindsTheWordInThem() throws IOException {
        // given: three takes; then the wake phrase said once more (it must wake it) and two of the voice's near misses
        var near = said("near", 2, 2.0);
        String command = takes(SLT + "1.wav", SLT + "2.wav", SLT + "3.wav", said("wake", 1, 0.3).getFirst(), near.get(0), near.get(1));
        Path out = dir.resolve("me.json"), kept = dir.resolve("kept");
        // when
        var r = Cli.runWithStdin(new byte[0], "enroll", "--no-verifier", "--record", "--name", "hey computer", "--out", out.toString(), "--command", command,
                "--countdown", "0", "--near-misses", "3", "--keep-takes", kept.toString());
        // then
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Say it now (near miss 1 of 3)...") && r.out().contains("say a short sentence, as in conversation"), r.out());
        assertFalse(r.out().contains("record a few, one per file"), "the hint is replaced by the check itself: " + r.out());
        int woke = 0;
        for (int i = 1; i <= 3; i++) {
            Path wav = kept.resolve("near-misses").resolve("me-near-miss-" + i + ".wav");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wav)));
            var scan = Cli.run("scan", "--json", "--model", out.toString(), "--confirm", "template", wav.toString());
            assertEquals(0, scan.exit(), scan.toString());
            boolean found = !scan.outLines().isEmpty();
            String prefix = "Near miss " + i + ": ";
            String verdict = r.outLines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(r));
            assertEquals(found, verdict.contains("WOKE IT"), verdict + " / scan: " + scan.out());
            if (found) woke++;
        }
        assertTrue(r.out().contains("Near miss 1: WOKE IT"), "the wake phrase itself wakes it: " + r.out());
        assertTrue(r.out().contains(woke + " of the 3 woke it. Fix: a stricter confirmation"), r.out());
        assertTrue(r.out().contains("--confirm-sensitivities 0.25,0.20,0.15,0.10") && r.out().contains("--near-misses " + kept.resolve("near-misses")), r.out());
    }

    @Test
    void withoutKeepTakesTheNearMissesAreCheckedAndNotWrittenAndQStopsTheCheckKeepingTheTemplate() throws IOException {
        var near = said("near", 2, 2.0);
        String command = takes(SLT + "1.wav", SLT + "2.wav", SLT + "3.wav", near.get(0), near.get(1));
        Path out = Files.createDirectories(dir.resolve("alone")).resolve("me.json");
        // Enter for the three takes and the first near miss, then q
        var r = Cli.runWithStdin("\n\n\n\nq\n".getBytes(StandardCharsets.UTF_8), "enroll", "--no-verifier", "--record", "--name", "hey computer", "--out",
                out.toString(), "--command", command, "--countdown", "0", "--near-misses", "2");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Near miss 1: "), r.out());
        assertTrue(r.out().contains(" of the 1 woke it"), r.out());
        assertFalse(r.out().contains("near miss 2 of 2)..."), "stopped at q: " + r.out());
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "only the template is written");
        }
        var noRecord = Cli.run("enroll", "--name", "x", "--out", dir.resolve("x.json").toString(), "--near-misses", "2", SLT + "1.wav");
        assertEquals(1, noRecord.exit(), noRecord.toString());
        assertTrue(noRecord.err().startsWith("wakegate: --near-misses records them after the takes. Fix: add --record"), noRecord.err());
    }
}
