package dev.wakegate.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.testing.WavFixtures.Format;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as users and scripts see it: exit codes, what goes to stdout and stderr, and its contracts. */
class CliTest {
    private static final String VOICE = TestData.VOICE;

    @TempDir
    Path dir;

    private Path model;

    @BeforeEach
    void writeTemplate() throws IOException {
        model = dir.resolve("hey-computer.json");
        TemplateFile.write(Engine.heyComputer(VOICE), model);
    }

    private static String positive(String file) {
        return TestData.dev(VOICE, "positives/" + file).toString();
    }

    /** Exit 1, exactly one line on stderr starting "wakegate:", no stack trace, nothing on stdout. */
    private static String assertOneLineUserError(Cli.Result r) {
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), "exactly one line on stderr:\n" + r);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("wakegate: "), line);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace:\n" + r);
        assertEquals("", r.out(), "nothing on stdout");
        return line;
    }

    @Nested
    class Help {
        @Test
        void helpListsEverySubcommandAndExitsZero() {
            // when
            var r = Cli.run("--help");
            // then
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Usage: wakegate"), r.out());
            for (String sub : List.of("scan", "enroll", "devices", "demo", "help")) assertTrue(r.out().contains("  " + sub), sub + " listed");
            assertEquals("", r.err());
        }

        @Test
        void versionPrintsTheVersionAndExitsZero() {
            // when
            var r = Cli.run("--version");
            // then
            assertEquals(0, r.exit());
            assertTrue(r.outLines().get(0).startsWith("wakegate "), r.out());
            assertTrue(r.out().contains("Java " + Runtime.version().feature()), r.out());
        }

        @ParameterizedTest(name = "{0} --help prints its usage and exits 0")
        @ValueSource(strings = {"scan", "enroll", "devices", "demo", "tune", "listen", "ctl"})
        void everySubcommandHasHelp(String sub) {
            // when
            var viaOption = Cli.run(sub, "--help");
            var viaHelp = Cli.run("help", sub);
            // then
            assertEquals(0, viaOption.exit(), viaOption.toString());
            assertTrue(viaOption.out().startsWith("Usage: wakegate " + sub), viaOption.out());
            assertEquals(0, viaHelp.exit(), viaHelp.toString());
            assertEquals(viaOption.out(), viaHelp.out());
        }

        @Test
        void scanHelpDocumentsTheJsonContract() {
            // when
            var r = Cli.run("scan", "--help");
            // then
            assertTrue(r.out().contains("--json") && r.out().contains("\"score\""), r.out());
        }

        @Test
        void unknownOptionIsAUsageErrorWithExitTwo() {
            // when
            var top = Cli.run("--frobnicate");
            var sub = Cli.run("scan", "--model", "x.json", "--frobnicate", "a.wav");
            // then
            assertEquals(2, top.exit(), top.toString());
            assertTrue(top.err().contains("Unknown option: '--frobnicate'"), top.err());
            assertEquals(2, sub.exit(), sub.toString());
            assertTrue(sub.err().contains("Unknown option"), sub.err());
        }

        @Test
        void missingRequiredArgumentsAreAUsageError() {
            // when
            var r = Cli.run("enroll", "--name", "x", "a.wav");
            // then
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--out"), r.err());
        }
    }

    @Nested
    class Scan {
        @Test
        void jsonPrintsOnlyOneParsableObjectPerDetection() throws IOException {
            // given: three clean positives of the enrolled voice
            var files = List.of("04.wav", "07.wav", "13.wav");
            var args = new ArrayList<>(List.of("scan", "--model", model.toString(), "--json"));
            files.forEach(f -> args.add(positive(f)));
            // when
            var r = Cli.run(args.toArray(String[]::new));
            // then: exit 0, nothing on stderr, and every stdout line is one detection
            assertEquals(0, r.exit(), r.toString());
            assertEquals("", r.err());
            var rows = JsonLines.parse(r.outLines());
            assertEquals(files.size(), rows.size(), r.out());
            for (int i = 0; i < files.size(); i++) {
                var row = rows.get(i);
                var label = Labels.positive(VOICE, files.get(i)).wake();
                double seconds = Files.size(Path.of(positive(files.get(i)))) / 32_000.0;
                assertEquals(positive(files.get(i)), row.get("file"));
                assertEquals("hey-computer", row.get("word"));
                double start = number(row, "start"), end = number(row, "end"), score = number(row, "score"), at = number(row, "detected_at");
                assertTrue(0 <= start && start < end && end <= seconds, row.toString());
                assertTrue(score >= 0 && score <= 1, row.toString());
                assertTrue(at >= end && at <= seconds, row.toString());
                assertTrue(label.overlaps(start, end), row + " vs label " + label);
            }
        }

        @Test
        void withConfirmOnlyDetectionsTheConfirmerAcceptsArePrintedWithItsScore() throws IOException {
            // given: the enrolled voice's stream (wake phrases and near misses)
            String stream = Labels.streamWav(VOICE).toString();
            var plain = Cli.run("scan", "--model", model.toString(), "--json", stream);
            // when: the confirmation stage the daemon runs judges each detection on the audio the gate buffers
            var confirmed = Cli.run("scan", "--model", model.toString(), "--confirm", "template", "--json", stream);
            // then: a subset of the plain scan, each with its confirm_score, and the wake phrases still found
            assertEquals(0, confirmed.exit(), confirmed.toString());
            var rows = JsonLines.parse(confirmed.outLines());
            for (var row : rows) {
                double c = number(row, "confirm_score");
                assertTrue(c >= 0 && c <= 1, row.toString());
            }
            for (String line : confirmed.outLines()) {
                String withoutConfirm = line.replaceAll(",\\s*\"confirm_score\"[^,}]*", "");
                assertTrue(plain.outLines().contains(withoutConfirm), "not in the plain scan: " + line + "\n" + plain.out());
            }
            var wakes = Labels.streamWakes(VOICE);
            long found = wakes.stream().filter(w -> rows.stream().anyMatch(r -> w.overlaps(number(r, "start"), number(r, "end")))).count();
            assertTrue(found >= wakes.size() - 1, found + " of " + wakes.size() + " wake phrases confirmed: " + confirmed.out());
        }

        @Test
        void eachOfSeveralInputsIsScannedFromItsOwnStart() {
            // given: the same positive three times: each input is a stream of its own
            String p = positive("05.wav");
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--json", p, p, p);
            // then: three identical detections, none lost to the previous file's refractory time or noise estimate
            assertEquals(0, r.exit(), r.toString());
            assertEquals(3, r.outLines().size(), r.out());
            assertEquals(1, r.outLines().stream().distinct().count(), r.out());
        }

        @Test
        void withoutJsonATableIsPrinted() {
            // given: a positive and digital silence
            Path silence = WavFixtures.internal(Signals.silence(2)).writeTo(dir, "quiet.wav");
            // when
            var r = Cli.run("scan", "--model", model.toString(), positive("04.wav"), silence.toString());
            // then
            assertEquals(0, r.exit(), r.toString());
            var lines = r.outLines();
            assertEquals(3, lines.size(), r.out());
            assertTrue(lines.get(0).matches("FILE\\s+WORD\\s+START\\s+END\\s+SCORE"), lines.get(0));
            assertTrue(lines.get(1).matches(".*04\\.wav\\s+hey-computer\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+[01]\\.\\d\\d"), lines.get(1));
            assertTrue(lines.get(2).matches(".*quiet\\.wav\\s+\\(no wake word\\)"), lines.get(2));
            assertFalse(r.out().contains("{"), "no JSON in the table");
        }

        @Test
        void jsonOfAnInputWithoutWakeWordIsEmpty() {
            // given
            Path silence = WavFixtures.internal(Signals.silence(2)).writeTo(dir, "quiet.wav");
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--json", silence.toString());
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals("", r.out());
        }

        @Test
        void statsGoToStderrAndKeepStdoutJson() throws IOException {
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--json", "--stats", positive("04.wav"));
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.outLines().size());
            JSON.std.mapFrom(r.outLines().get(0));
            assertTrue(r.err().startsWith("stats: "), r.err());
        }

        @Test
        void otherFormatsAreScannedLikeTheirSixteenKiloHertzOriginal() throws IOException {
            // given: a positive turned into 48 kHz stereo float
            short[] original = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
            double[] x = new double[original.length * 3];
            for (int i = 0; i < x.length; i++) x[i] = original[i / 3] / 32768.0; // sample-and-hold upsampling
            Path file = WavFixtures.wav(Format.F32, 48_000, 2).channels(x, x).writeTo(dir, "float48k.wav");
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--json", file.toString());
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.outLines().size(), r.out());
            var row = JSON.std.mapFrom(r.outLines().get(0));
            assertTrue(Labels.positive(VOICE, "04.wav").wake().overlaps(number(row, "start"), number(row, "end")), row.toString());
        }

        @Test
        void twoModelsWithOneSensitivityEachAreAccepted() throws IOException {
            // given: a second wake word; hey-computer switched off
            Path mycroft = dir.resolve("hey-mycroft.json");
            TemplateFile.write(Engine.heyMycroft(), mycroft);
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--model", mycroft.toString(), "--sensitivity", "0,0.5", "--json", positive("04.wav"));
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals("", r.out(), "hey-computer is off, and hey mycroft was not said");
        }

        @Test
        void aWavStreamOnStdinIsScannedAndReportedAsDash() throws IOException {
            // given: a positive as a streamed WAV (unknown sizes) on stdin
            short[] samples = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
            byte[] wav = WavFixtures.internal(samples).streamed().bytes();
            // when
            var r = Cli.runWithStdin(wav, "scan", "--model", model.toString(), "--json", "-");
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.outLines().size(), r.out());
            var row = JSON.std.mapFrom(r.outLines().get(0));
            assertEquals("-", row.get("file"));
            assertTrue(Labels.positive(VOICE, "04.wav").wake().overlaps(number(row, "start"), number(row, "end")), row.toString());
        }

        @Test
        void rawPcmOnStdinIsReadWithTheGivenRateAndChannels() throws IOException {
            // given: the positive as raw 32 kHz stereo S16 (each sample doubled in time, the same on both channels)
            short[] samples = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
            short[] raw = new short[samples.length * 4];
            for (int i = 0; i < samples.length; i++) for (int k = 0; k < 4; k++) raw[4 * i + k] = samples[i];
            // when
            var r = Cli.runWithStdin(WavFixtures.s16(raw), "scan", "--model", model.toString(), "--json",
                    "--rate", "32000", "--channels", "2", "--channel", "1", "-");
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals(1, r.outLines().size(), r.out());
            var row = JSON.std.mapFrom(r.outLines().get(0));
            assertTrue(Labels.positive(VOICE, "04.wav").wake().overlaps(number(row, "start"), number(row, "end")), row.toString());
        }

        @Test
        void fileNamesWithQuotesAndBackslashesStayValidJson() throws IOException {
            // given
            Path odd = Files.copy(Path.of(positive("04.wav")), dir.resolve("kitchen \"mic\" \\ 1.wav"));
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--json", odd.toString());
            // then
            assertEquals(0, r.exit(), r.toString());
            assertEquals(odd.toString(), JSON.std.mapFrom(r.outLines().get(0)).get("file"));
        }

        private static double number(Map<String, Object> row, String key) {
            assertTrue(row.get(key) instanceof Number, key + " is a number in " + row);
            double v = ((Number) row.get(key)).doubleValue();
            assertTrue(Double.isFinite(v), key);
            return v;
        }
    }

    @Nested
    class BadInputs {
        private Cli.Result scan(Path input) {
            return Cli.run("scan", "--model", model.toString(), "--json", input.toString());
        }

        /** Exit 2, one line on stderr naming the problem and where to look, no usage page, nothing on stdout. */
        private static String assertOneLineUsageError(Cli.Result r) {
            assertEquals(2, r.exit(), r.toString());
            assertEquals(1, r.errLines().size(), "exactly one line on stderr:\n" + r);
            String line = r.errLines().get(0);
            assertTrue(line.startsWith("wakegate: ") && line.contains("Fix: see 'wakegate "), line);
            assertEquals("", r.out(), "nothing on stdout");
            return line;
        }

        @Test
        void aMisspelledOptionIsExitTwoWithOneLineThatSuggestsTheRightOne() {
            // when
            String line = assertOneLineUsageError(Cli.run("scan", "--modle", model.toString(), positive("01.wav")));
            // then
            assertTrue(line.contains("'--modle'") && line.contains("did you mean --model") && line.contains("'wakegate scan --help'"), line);
        }

        @Test
        void aValueThatDoesNotParseInTheConfigFileIsExitTwoWithOneLine() throws IOException {
            // given: allow-trailing-s = maybe
            Path config = Files.writeString(dir.resolve("wakegate.properties"), "model = " + model + "\nallow-trailing-s = maybe\n");
            // when
            var run = CliRun.of("run", "--config", config.toString(), "--input", positive("01.wav"), "--uplink", "http://127.0.0.1:9/", "--check");
            // then
            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(List.of("wakegate: Invalid value for option '--allow-trailing-s': 'maybe' is not a boolean. Fix: see 'wakegate run --help'"),
                    run.err().lines().toList());
            assertEquals("", run.out());
        }

        @Test
        void truncatedWavIsExitOneWithOneLine() {
            // given
            var wav = WavFixtures.wav(Format.S16, 16_000, 1).mono(Signals.tone(300, 16_000, 2, 0.2));
            Path file = wav.truncatedTo(wav.headerLength() + 10_000).writeTo(dir, "cut.wav");
            // when / then
            assertTrue(assertOneLineUserError(scan(file)).contains("truncated"));
        }

        @Test
        void textFileNamedWavIsExitOneWithOneLine() {
            // given
            Path file = WavFixtures.writeBytes(dir, "readme.wav", "# not audio\n".getBytes(StandardCharsets.UTF_8));
            // when / then
            assertTrue(assertOneLineUserError(scan(file)).contains("not a WAV file"));
        }

        @Test
        void emptyFileIsExitOneWithOneLine() {
            // given
            Path file = WavFixtures.writeBytes(dir, "zero.wav", new byte[0]);
            // when / then
            assertTrue(assertOneLineUserError(scan(file)).contains("empty file"));
        }

        @Test
        void aLawIsExitOneWithOneLine() {
            // given
            Path file = WavFixtures.wav(Format.ALAW, 8_000, 1).data(new byte[8_000]).writeTo(dir, "alaw.wav");
            // when / then
            assertTrue(assertOneLineUserError(scan(file)).contains("A-law"));
        }

        @Test
        void missingFileIsExitOneWithOneLine() {
            // when / then
            assertTrue(assertOneLineUserError(scan(dir.resolve("gone.wav"))).contains("no such file"));
        }

        @Test
        void newerTemplateVersionIsExitOneWithOneLine() throws IOException {
            // given
            Path future = dir.resolve("future.json");
            Files.writeString(future, Files.readString(model).replace("\"version\": 1,", "\"version\": 2,"));
            // when
            var r = Cli.run("scan", "--model", future.toString(), "--json", positive("04.wav"));
            // then
            String line = assertOneLineUserError(r);
            assertTrue(line.contains("version 2") && line.contains("Fix:"), line);
        }

        @Test
        void aTemplateTooLongForTheEngineIsExitOneNotAnInternalError() throws IOException {
            // given: a template whose take is 6 s long
            float[][] frames = new float[600][dev.wakegate.detect.template.Mfcc.MELS];
            Path file = dir.resolve("long.json");
            TemplateFile.write(new dev.wakegate.detect.template.WakeTemplate("long",
                    List.of(new dev.wakegate.detect.template.WakeTemplate.Take("x.wav", frames)), 0.05, Engine.CLOCK.instant()), file);
            // when
            var r = Cli.run("scan", "--model", file.toString(), "--json", positive("04.wav"));
            // then
            assertTrue(assertOneLineUserError(r).contains("long.json"));
        }

        @Test
        void sensitivityOutsideZeroToOneIsExitOneWithOneLine() {
            // when
            var r = Cli.run("scan", "--model", model.toString(), "--sensitivity", "1.5", positive("04.wav"));
            // then
            assertTrue(assertOneLineUserError(r).contains("--sensitivity 1.5"));
        }

        @Test
        void scanWithoutModelIsExitOneWithOneLine() {
            // when
            var r = Cli.run("scan", positive("04.wav"));
            // then
            assertTrue(assertOneLineUserError(r).contains("--model"));
        }
    }

    @Nested
    class Enroll {
        @Test
        void enrollWritesATemplateThatScanThenUses() throws IOException {
            // given
            Path out = dir.resolve("my-word.json");
            // when
            var enroll = Cli.run("enroll", "--name", "my-word", "--out", out.toString(),
                    TestData.dev(VOICE, "enroll/1.wav").toString(), TestData.dev(VOICE, "enroll/2.wav").toString(),
                    TestData.dev(VOICE, "enroll/3.wav").toString());
            var scan = Cli.run("scan", "--model", out.toString(), "--json", positive("08.wav"));
            // then
            assertEquals(0, enroll.exit(), enroll.toString());
            assertTrue(Files.isRegularFile(out));
            assertTrue(enroll.out().contains("Takes agree") && enroll.out().contains("my-word"), enroll.out());
            assertEquals(0, scan.exit(), scan.toString());
            assertEquals(1, scan.outLines().size(), scan.out());
            assertEquals("my-word", JSON.std.mapFrom(scan.outLines().get(0)).get("word"));
        }

        @Test
        void aBadTakeIsExitOneWithOneLineNamingItAndNoTemplateIsWritten() {
            // given: the second take is silence
            Path silent = WavFixtures.internal(Signals.silence(1)).writeTo(dir, "silent.wav");
            Path out = dir.resolve("t.json");
            // when
            var r = Cli.run("enroll", "--name", "x", "--out", out.toString(), TestData.dev(VOICE, "enroll/1.wav").toString(),
                    silent.toString(), TestData.dev(VOICE, "enroll/3.wav").toString());
            // then
            assertTrue(assertOneLineUserError(r).contains("take 2 (silent.wav)"));
            assertFalse(Files.exists(out));
        }

        @Test
        void aNameWithOddCharactersIsExitOneWithOneLine() {
            // when
            var r = Cli.run("enroll", "--name", "../etc", "--out", dir.resolve("t.json").toString(), "a.wav");
            // then
            assertTrue(assertOneLineUserError(r).contains("--name"));
        }
    }

    @Nested
    class DevicesAndDemo {
        @Test
        void devicesExitsZeroAndListsDevicesOrSaysThereAreNone() {
            // when
            var r = Cli.run("devices");
            // then
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Capture devices:\n") || r.out().startsWith("No capture devices found"), r.out());
        }

        @Test
        void demoStreamsTheTwoUnmutedCommandsAndNothingElse() throws Exception {
            // when: the bundled recording runs through the whole gate with a muted span over the second command
            var r = Cli.run("demo", "--events-json");
            // then: sessions for the first and third "hey computer" (5.2 and 27.3 s), none for the muted one or "hey commuter"
            assertEquals(0, r.exit(), r.toString());
            var events = JsonLines.parse(r.outLines());
            var starts = JsonLines.ofType(events, "stream-start").stream().map(e -> JsonLines.num(e, "first_sample_t")).toList();
            boolean muted = !JsonLines.ofType(events, "muted").isEmpty();
            assertTrue(muted, r.out());
            assertEquals(2, starts.size(), r.out());
            assertEquals(5.996, starts.get(0), 0.15, "the first stream starts at the end of the first wake phrase");
            assertEquals(28.007, starts.get(1), 0.15, "the second at the end of the third");

            var readable = Cli.run("demo");
            assertTrue(readable.out().contains("Sessions: 2."), readable.out());
            assertTrue(readable.out().contains("Bytes sent outside sessions: 0."), readable.out());
        }
    }
}
