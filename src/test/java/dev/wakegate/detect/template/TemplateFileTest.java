package dev.wakegate.detect.template;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.wakegate.testing.UserErrors.assertUserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Template files survive a round trip, and every file this wakegate cannot use is refused with one clear line. */
class TemplateFileTest {
    @TempDir
    Path dir;

    private Path written() throws IOException {
        Path file = dir.resolve("hey-computer.json");
        TemplateFile.write(Engine.heyComputer(TestData.VOICE), file);
        return file;
    }

    /** The written file with one textual edit, as a damaged or foreign file would differ. */
    private Path edited(String from, String to) throws IOException {
        String text = Files.readString(written());
        assertTrue(text.contains(from), "test setup: the file contains " + from);
        Path file = dir.resolve("edited.json");
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return file;
    }

    /** {@code template} written, then damaged by replacing the first match of {@code regex}. */
    private Path writtenAndCut(WakeTemplate template, String regex, String replacement, String what) throws IOException {
        Path file = dir.resolve("cut.json");
        TemplateFile.write(template, file);
        String text = Files.readString(file);
        String cut = text.replaceFirst(regex, replacement);
        assertTrue(!cut.equals(text), "test setup: " + what);
        Files.writeString(file, cut);
        return file;
    }

    @Test
    void roundTripPreservesNameTakesAndAgreement() throws IOException {
        // given
        WakeTemplate original = Engine.heyComputer(TestData.VOICE);
        Path file = dir.resolve("t.json");
        // when
        TemplateFile.write(original, file);
        WakeTemplate read = TemplateFile.read(file);
        // then
        assertEquals(original.name(), read.name());
        assertEquals(original.agreement(), read.agreement(), 1e-4);
        assertEquals(original.created(), read.created());
        assertEquals(original.takes().size(), read.takes().size());
        for (int t = 0; t < original.takes().size(); t++) {
            var a = original.takes().get(t);
            var b = read.takes().get(t);
            assertEquals(a.source(), b.source());
            assertEquals(a.frames(), b.frames());
            assertTrue(a.pitchHz() > 0, "enroll keeps the pitch each take was said at: " + a.pitchHz());
            assertEquals(a.pitchHz(), b.pitchHz(), 0.05, "take " + t + "'s pitch");
            for (int i = 0; i < a.frames(); i++)
                for (int m = 0; m < Mfcc.MELS; m++)
                    assertEquals(a.logMel()[i][m], b.logMel()[i][m], 0.0005, "take " + t + " frame " + i + " band " + m);
        }
        assertFalse(Files.exists(dir.resolve("t.json.tmp")), "the temporary file is moved into place");
    }

    private static WakeTemplate withEmbeddings(WakeTemplate t) {
        var takes = new java.util.ArrayList<float[][]>();
        for (int i = 0; i < t.takes().size(); i++) {
            float[][] e = new float[5 + i][96];
            for (int s = 0; s < e.length; s++) for (int k = 0; k < 96; k++) e[s][k] = (float) Math.sin(i + 0.1 * s + 0.01 * k);
            takes.add(e);
        }
        return t.withEmbeddings(new WakeTemplate.SpeechEmbeddings("ab12".repeat(16), takes, 0.1234));
    }

    @Test
    void roundTripPreservesSpeechEmbeddings() throws IOException {
        // given
        WakeTemplate original = withEmbeddings(Engine.heyComputer(TestData.VOICE));
        Path file = dir.resolve("t.json");
        // when
        TemplateFile.write(original, file);
        WakeTemplate read = TemplateFile.read(file);
        // then
        assertTrue(read.hasEmbeddings());
        assertEquals(original.embeddings().modelSha256(), read.embeddings().modelSha256());
        assertEquals(0.1234, read.embeddings().agreement(), 1e-9);
        for (int t = 0; t < original.takes().size(); t++) {
            float[][] a = original.embeddings().takes().get(t), b = read.embeddings().takes().get(t);
            assertEquals(a.length, b.length);
            for (int s = 0; s < a.length; s++)
                for (int k = 0; k < 96; k++) assertEquals(a[s][k], b[s][k], 0.00005, "take " + t + " step " + s + " value " + k);
        }
    }

    /** As {@link #withEmbeddings}, with the mel frames each take's embeddings came from. */
    private static WakeTemplate withWindowFrames(WakeTemplate t) {
        var e = withEmbeddings(t).embeddings();
        var frames = new java.util.ArrayList<float[][]>();
        for (float[][] take : e.takes()) {
            float[][] f = new float[WakeTemplate.SpeechEmbeddings.windowFramesFor(take.length)][32];
            for (int i = 0; i < f.length; i++) for (int b = 0; b < 32; b++) f[i][b] = (float) (2 + Math.cos(0.3 * i + b));
            frames.add(f);
        }
        return t.withEmbeddings(new WakeTemplate.SpeechEmbeddings(e.modelSha256(), e.takes(), e.agreement(), frames));
    }

    @Test
    void roundTripPreservesTheMelFramesTheEmbeddingsCameFrom() throws IOException {
        WakeTemplate original = withWindowFrames(Engine.heyComputer(TestData.VOICE));
        Path file = dir.resolve("t.json");
        TemplateFile.write(original, file);
        var read = TemplateFile.read(file).embeddings();
        assertTrue(read.hasWindowFrames());
        for (int t = 0; t < original.takes().size(); t++) {
            float[][] a = original.embeddings().windowFrames().get(t), b = read.windowFrames().get(t);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++)
                for (int k = 0; k < 32; k++) assertEquals(a[i][k], b[i][k], 0.0005, "take " + t + " frame " + i + " band " + k);
        }
    }

    @Test
    void aTemplateWithoutTheMelFramesReadsAsOneWithout() throws IOException {
        Path file = dir.resolve("t.json");
        TemplateFile.write(withEmbeddings(Engine.heyComputer(TestData.VOICE)), file);
        assertTrue(TemplateFile.read(file).hasEmbeddings());
        assertFalse(TemplateFile.read(file).embeddings().hasWindowFrames());
    }

    @Test
    void melFramesThatDoNotMatchTheEmbeddingsAreRefused() throws IOException {
        Path file = writtenAndCut(withWindowFrames(Engine.heyComputer(TestData.VOICE)),
                "(\"embedding_mel\": \\[)\\s*\\[[-0-9.,]+\\],", "$1", "one frame removed");
        assertUserError(() -> TemplateFile.read(file), "corrupt template", "embedding_mel does not match its embeddings", "Fix: enroll again");
    }

    @Test
    void melFramesOfSomeTakesOnlyAreRefused() throws IOException {
        Path file = writtenAndCut(withWindowFrames(Engine.heyComputer(TestData.VOICE)),
                ", \"embedding_mel\": \\[[-0-9.,\\[\\]\\s]+\\]\\s*\\]", "", "one take's frames removed");
        assertTrue(Files.readString(file).contains("embedding_mel"), "test setup: the other takes' frames kept");
        assertUserError(() -> TemplateFile.read(file), "corrupt template", "embedding_mel in some takes only", "Fix: enroll again");
    }

    /** As {@link #withEmbeddings}, with two verifiers (two batches of takes): weights spanning six orders of magnitude. */
    private static WakeTemplate withVerifiers(WakeTemplate t) {
        var e = withEmbeddings(t).embeddings();
        var verifiers = new java.util.ArrayList<WordVerifier>();
        for (int v = 0; v < 2; v++) {
            float[] w = new float[WordVerifier.STEPS * 96];
            for (int i = 0; i < w.length; i++) w[i] = (float) (Math.sin(i + v) * Math.pow(10, -(i % 7)));
            verifiers.add(new WordVerifier(w, -3.25 + v));
        }
        return t.withEmbeddings(new WakeTemplate.SpeechEmbeddings(e.modelSha256(), e.takes(), e.agreement(), List.of(), List.of(), verifiers));
    }

    @Test
    void roundTripPreservesTheVerifiersExactly() throws IOException {
        WakeTemplate original = withVerifiers(Engine.heyComputer(TestData.VOICE));
        Path file = dir.resolve("t.json");
        TemplateFile.write(original, file);
        var read = TemplateFile.read(file).embeddings().verifiers();
        assertEquals(2, read.size());
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(original.embeddings().verifiers().get(v).weights(), read.get(v).weights(), "verifier " + v);
            assertEquals(original.embeddings().verifiers().get(v).bias(), read.get(v).bias());
        }
    }

    @Test
    void aTemplateWithoutVerifiersReadsAsOneWithout() throws IOException {
        Path file = dir.resolve("t.json");
        TemplateFile.write(withEmbeddings(Engine.heyComputer(TestData.VOICE)), file);
        assertFalse(Files.readString(file).contains("verifiers"));
        assertEquals(List.of(), TemplateFile.read(file).embeddings().verifiers());
    }

    @Test
    void aVerifierWithAWeightMissingOrOfAnotherWindowIsRefusedWithOneLine() throws IOException {
        Path cut = writtenAndCut(withVerifiers(Engine.heyComputer(TestData.VOICE)), "(\"weights\": \\[)[-0-9.E]+,", "$1", "one weight removed");
        assertUserError(() -> TemplateFile.read(cut), "corrupt template", "1536 verifier weight values", "Fix: enroll again");
        Path steps = writtenAndCut(withVerifiers(Engine.heyComputer(TestData.VOICE)), "\"steps\": 16", "\"steps\": 8", "another window");
        assertUserError(() -> TemplateFile.read(steps), "corrupt template", "a verifier without steps 16 and a bias", "Fix: enroll again");
    }

    @Test
    void aTemplateWithoutEmbeddingsReadsAsOneWithout() throws IOException {
        assertFalse(TemplateFile.read(written()).hasEmbeddings());
    }

    @Test
    void anEmbeddingOfTheWrongSizeIsRefused() throws IOException {
        Path file = writtenAndCut(withEmbeddings(Engine.heyComputer(TestData.VOICE)),
                "(\"embeddings\": \\[\\s*\\[)[-0-9.]+,", "$1", "one number removed");
        assertUserError(() -> TemplateFile.read(file), "corrupt template", "96 embedding values", "Fix: enroll again");
    }

    @Test
    void theFileHoldsSpectraNotAudio() throws IOException {
        // given / when
        String text = Files.readString(written());
        // then: documented keys, no sample data
        var json = dev.wakegate.internal.Json.parseObject(text);
        assertEquals("wakegate-template", json.get("format"));
        assertEquals(1, ((Number) json.get("version")).intValue());
        assertTrue(json.keySet().containsAll(java.util.Set.of("name", "created", "frontend", "agreement", "takes")));
        assertFalse(text.contains("samples") || text.contains("pcm") || text.contains("audio"), "no audio in a template");
    }

    @Test
    void newerVersionIsRefusedNamingTheVersionAndTheFix() throws IOException {
        // given
        Path file = edited("\"version\": 1,", "\"version\": 7,");
        // when / then
        String message = assertUserError(() -> TemplateFile.read(file), "edited.json", "version 7", "upgrade wakegate");
        assertTrue(message.contains("(1)"), "names the version this wakegate reads: " + message);
    }

    @Test
    void corruptJsonIsRefusedWithOneLine() throws IOException {
        // given: the file cut in the middle
        String text = Files.readString(written());
        Path file = Files.writeString(dir.resolve("cut.json"), text.substring(0, text.length() / 2));
        // when / then
        assertUserError(() -> TemplateFile.read(file), "cut.json", "not valid JSON");
    }

    @Test
    void missingFormatIsRefusedWithOneLine() throws IOException {
        // given
        Path file = edited("\"format\": \"wakegate-template\",", "");
        // when / then
        assertUserError(() -> TemplateFile.read(file), "edited.json", "not a wakegate template", "format");
    }

    @Test
    void aFileOfAnotherProgramIsRefusedWithOneLine() throws IOException {
        // given: valid JSON, but not a template
        Path file = Files.writeString(dir.resolve("package.json"), "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
        // when / then
        assertUserError(() -> TemplateFile.read(file), "package.json", "not a wakegate template");
    }

    @Test
    void differentFrontEndSettingsAreRefusedWithOneLine() throws IOException {
        // given: spectra made with 40 mel bands
        Path file = edited("\"mels\": 26", "\"mels\": 40");
        // when / then
        assertUserError(() -> TemplateFile.read(file), "edited.json", "different analysis settings", "enroll again");
    }

    @Test
    void missingFrontEndIsRefusedWithOneLine() throws IOException {
        // given
        String text = Files.readString(written()).replaceFirst("\"frontend\": \\{[^}]*},", "");
        Path file = Files.writeString(dir.resolve("nofe.json"), text);
        // when / then
        assertUserError(() -> TemplateFile.read(file), "nofe.json", "different analysis settings");
    }

    @Test
    void nanAgreementIsRefusedWithOneLine() throws IOException {
        // given: NaN as a JSON literal (not valid JSON) and as a string (not a number)
        String agreement = "\"agreement\": " + dev.wakegate.internal.Json.number(Engine.heyComputer(TestData.VOICE).agreement(), 4);
        Path literal = edited(agreement, "\"agreement\": NaN");
        Path string = Files.writeString(dir.resolve("nan-string.json"), Files.readString(literal).replace("NaN", "\"NaN\""));
        // when / then
        assertUserError(() -> TemplateFile.read(literal), "edited.json");
        assertUserError(() -> TemplateFile.read(string), "nan-string.json", "agreement");
    }

    @Test
    void aTakeWithoutItsPitchReadsAsNotKnownAndANonsensePitchIsRefused() throws IOException {
        String text = Files.readString(written());
        var pitch = java.util.regex.Pattern.compile("\"pitch_hz\": [0-9.]+").matcher(text);
        assertTrue(pitch.find(), "test setup: the file holds the takes' pitches");
        Path older = Files.writeString(dir.resolve("older.json"), text.replaceAll(", \"pitch_hz\": [0-9.]+", ""));
        for (var take : TemplateFile.read(older).takes()) assertTrue(Double.isNaN(take.pitchHz()), "enrolled before takes kept it: " + take);
        for (String nonsense : List.of("0", "-120", "\"high\"")) {
            Path bad = Files.writeString(dir.resolve("bad-pitch.json"), text.replaceFirst("\"pitch_hz\": [0-9.]+", "\"pitch_hz\": " + nonsense));
            assertUserError(() -> TemplateFile.read(bad), "bad-pitch.json", "corrupt template", "pitch_hz is not a number > 0", "Fix: enroll again");
        }
    }

    @Test
    void nanMelValueIsRefusedWithOneLine() throws IOException {
        // given: one mel value of one frame replaced by "NaN"
        String text = Files.readString(written());
        int at = text.indexOf("\"log_mel\": [") + "\"log_mel\": [".length();
        int value = text.indexOf('[', at) + 1;
        int comma = text.indexOf(',', value);
        Path file = Files.writeString(dir.resolve("nan-mel.json"), text.substring(0, value) + "\"NaN\"" + text.substring(comma));
        // when / then
        assertUserError(() -> TemplateFile.read(file), "nan-mel.json", "not a number");
    }

    @Test
    void aTakeWithTheWrongNumberOfBandsIsRefusedWithOneLine() throws IOException {
        // given: one band too few in the first frame
        String text = Files.readString(written());
        int at = text.indexOf("\"log_mel\": [") + "\"log_mel\": [".length();
        int value = text.indexOf('[', at) + 1;
        int comma = text.indexOf(',', value);
        Path file = Files.writeString(dir.resolve("short.json"), text.substring(0, value) + text.substring(comma + 1));
        // when / then
        assertUserError(() -> TemplateFile.read(file), "short.json", "26 mel values");
    }

    @Test
    void aTemplateWithoutTakesIsRefusedWithOneLine() throws IOException {
        // given
        String text = Files.readString(written()).replaceFirst("(?s)\"takes\": \\[.*]", "\"takes\": []");
        Path file = Files.writeString(dir.resolve("empty.json"), text);
        // when / then
        assertUserError(() -> TemplateFile.read(file), "empty.json", "no takes");
    }

    @Test
    void aTakeLongerThanEnrollmentAllowsIsRefusedWithOneLine() throws IOException {
        // given: a well-formed file whose take is 6 s long (enrollment keeps at most 2.5 s)
        float[][] frames = new float[600][Mfcc.MELS];
        for (float[] f : frames) java.util.Arrays.fill(f, -2f);
        Path file = dir.resolve("long.json");
        TemplateFile.write(new WakeTemplate("long", java.util.List.of(new WakeTemplate.Take("x.wav", frames)), 0.05, Engine.CLOCK.instant()), file);
        // when / then
        assertUserError(() -> TemplateFile.read(file), "long.json", "600 frames");
    }

    @Test
    void missingTemplateFileIsRefusedNamingEnroll() {
        // given
        Path file = dir.resolve("absent.json");
        // when / then
        assertUserError(() -> TemplateFile.read(file), "absent.json", "no such template file", "wakegate enroll");
    }

    @Test
    void unknownKeysAreIgnoredAsTheFormatPromises() throws IOException {
        // given: a version-1 file with a key added by a later minor release
        Path file = edited("\"version\": 1,", "\"version\": 1, \"language\": \"en\",");
        // when
        WakeTemplate read = TemplateFile.read(file);
        // then
        assertEquals("hey-computer", read.name());
    }

    /** Two voices: the dev voice's takes, then the same takes again as another voice's looser ones, as {@code enroll --add --voice ben} makes. */
    private static WakeTemplate twoBatches() {
        var first = withEmbeddings(Engine.heyComputer(TestData.VOICE));
        var looser = new WakeTemplate(first.name(), first.takes().stream().map(t -> new WakeTemplate.Take(t.source(), "ben", t.logMel())).toList(),
                first.agreement() + 0.25, first.created(), new WakeTemplate.SpeechEmbeddings(first.embeddings().modelSha256(),
                first.embeddings().takes(), first.embeddings().agreement() + 0.05));
        return first.plus(looser);
    }

    @Test
    void eachVoiceKeepsItsOwnAgreementThroughTheFile() throws IOException {
        // given
        WakeTemplate original = twoBatches();
        Path file = dir.resolve("t.json");
        int n = original.takes().size() / 2;
        // when
        TemplateFile.write(original, file);
        WakeTemplate read = TemplateFile.read(file);
        // then: the file's agreement is the loosest voice's, and each take keeps its own voice's, in both feature sets
        assertEquals(original.agreement(), read.agreement(), 1e-4);
        for (int t = 0; t < read.takes().size(); t++) {
            boolean ben = t >= n;
            assertEquals(original.takes().get(t).agreement(), read.takes().get(t).agreement(), 1e-4, "take " + t);
            assertEquals(original.embeddings().takeAgreements().get(t), read.embeddings().takeAgreements().get(t), 1e-4, "take " + t);
            assertEquals(ben, read.takes().get(t).agreement() == read.agreement(), "take " + t + (ben ? " (ben's)" : ""));
        }
        assertEquals(original.takes().get(0).agreement() + 0.25, read.agreement(), 1e-4);
    }

    @Test
    void aFileWrittenBeforeTakesKeptTheirOwnAgreementGivesEveryTakeTheTemplates() throws IOException {
        // given: the per-take values removed, as older versions wrote the file
        Path file = dir.resolve("old.json");
        TemplateFile.write(twoBatches(), file);
        Files.writeString(file, Files.readString(file).replaceAll(", \"agreement\": [0-9.]+, \"embedding_agreement\": [0-9.]+(?=, \"frames\")", ""));
        // when
        WakeTemplate read = TemplateFile.read(file);
        // then
        for (var take : read.takes()) assertEquals(read.agreement(), take.agreement());
        for (double a : read.embeddings().takeAgreements()) assertEquals(read.embeddings().agreement(), a);
    }

    @Test
    void aTakesAgreementThatIsNotANumberOrLooserThanTheTemplatesIsRefusedWithOneLine() throws IOException {
        Path negative = writtenAndCut(twoBatches(), "(\\{\"source\": \"[^\"]*\", \"voice\": \"[^\"]*\", \"agreement\": )[0-9.]+", "$1-0.1", "a take's agreement");
        assertUserError(() -> TemplateFile.read(negative), "cut.json", "agreement", "enroll again");
        Path looser = writtenAndCut(twoBatches(), "(\"embedding_agreement\": )[0-9.]+", "$19.5", "a take's embedding agreement");
        assertUserError(() -> TemplateFile.read(looser), "cut.json", "agreement", "enroll again");
    }
}
