package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.JsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template engine on speech embeddings ({@code enroll} with the feature models, {@code --template-features embedding}),
 * on real recordings: three takes from different speakers and microphones find the word in other voices, which the
 * log-mel match does not.
 */
class EmbeddingTemplateCliTest {
    private static final Path ATHENA = OwwTestData.SHARED.resolve("real/precise-community/athena-en");
    private static final String FEATURES = OwwTestData.MODELS.toString();

    @TempDir
    Path dir;

    private static List<String> athenaTakes(int from, int to) {
        return OwwTestData.wavs(ATHENA).subList(from, to).stream().map(Path::toString).toList();
    }

    private Path enrolled(String... extra) {
        Path template = dir.resolve("athena.json");
        var args = new ArrayList<>(List.of("enroll", "--no-verifier", "--name", "athena", "--out", template.toString(), "--oww-features", FEATURES));
        args.addAll(List.of(extra));
        args.addAll(athenaTakes(0, 3));
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return template;
    }

    private static Cli.Result scan(Path template, String features, List<String> inputs, String... options) {
        var args = new ArrayList<>(List.of("scan", "--model", template.toString(), "--template-features", features, "--oww-features", FEATURES, "--json"));
        args.addAll(List.of(options));
        args.addAll(inputs);
        return Cli.run(args.toArray(String[]::new));
    }

    private static int filesWithDetections(Cli.Result run) throws java.io.IOException {
        return JsonLines.filesWithDetections(run.outLines());
    }

    @Test
    void embeddingsFromThreeSpeakersFindTheWordInOtherVoicesWhereLogMelDoesNot() throws Exception {
        Path template = enrolled();
        assertTrue(Files.readString(template).contains("\"speech_embeddings\""), "enroll keeps the embeddings when the feature models are there");
        List<String> others = athenaTakes(3, 13);

        var embedding = scan(template, "embedding", others);
        var mfcc = scan(template, "mfcc", others);

        assertEquals(0, embedding.exit(), embedding.toString());
        int found = filesWithDetections(embedding);
        assertTrue(found >= 9, "embedding features found the word in " + found + " of 10 other takes");
        assertTrue(found > filesWithDetections(mfcc) + 3, "log mel found " + filesWithDetections(mfcc) + ", embeddings " + found);
    }

    private static List<java.util.Map<String, Object>> cascade(Path template, String features) throws java.io.IOException {
        var args = new ArrayList<>(List.of("scan", "--model", template.toString(), "--template-features", features,
                "--oww-features", FEATURES, "--confirm", "template", "--json"));
        args.addAll(athenaTakes(3, 13));
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return JsonLines.parse(run.outLines());
    }

    @Test
    void theTemplateConfirmationOfEmbeddingTemplatesConfirmsOtherVoicesOnTheirEmbeddings() throws Exception {
        Path template = enrolled();
        var embedding = cascade(template, "embedding");
        var mfcc = cascade(template, "mfcc");
        assertTrue(embedding.size() >= 6, "confirmed in " + embedding.size() + " of 10 other voices' takes");
        assertTrue(embedding.size() > mfcc.size() + 3, "log mel cascade " + mfcc.size() + ", embeddings " + embedding.size());
        for (var d : embedding) assertTrue(((Number) d.get("confirm_score")).doubleValue() >= 0.7, "stricter threshold 0.7: " + d);
    }

    @Test
    void aWordThatEndsTheRecordingIsFoundAndReportedWithinIt() throws Exception {
        Path template = enrolled();
        var run = scan(template, "embedding", athenaTakes(3, 13));
        for (var d : JsonLines.parse(run.outLines())) {
            double seconds = durationOf(Path.of((String) d.get("file")));
            double end = ((Number) d.get("end")).doubleValue(), at = ((Number) d.get("detected_at")).doubleValue();
            assertTrue(end <= seconds + 1e-9 && at <= seconds + 1e-9, "within the " + seconds + " s recording: " + d);
        }
    }

    @Test
    void readSpeechWithoutTheWordWakesNothing() {
        Path template = enrolled();
        List<String> speech;
        try (Stream<Path> s = OwwTestData.wavs(OwwTestData.SHARED.resolve("real/librispeech")).stream()) {
            speech = s.limit(12).map(Path::toString).toList();
        }
        var run = scan(template, "embedding", speech);
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.out(), "no wake word in LibriSpeech");
    }

    private static final Path ALEXA = OwwTestData.SHARED.resolve("real/picovoice-benchmark/alexa");

    /** "alexa" enrolled from three of Picovoice's takes (1, 10 and 108, the real-voices tuning half's first three). */
    private Path alexaEnrolled() {
        Path template = dir.resolve("alexa.json");
        var enroll = Cli.run("enroll", "--no-verifier", "--name", "alexa", "--out", template.toString(), "--oww-features", FEATURES,
                ALEXA.resolve("1.wav").toString(), ALEXA.resolve("10.wav").toString(), ALEXA.resolve("108.wav").toString());
        assertEquals(0, enroll.exit(), enroll.toString());
        return template;
    }

    /**
     * Three of Picovoice's "alexa" takes whose trimmed spans hold some of the room's silence: before a template matched
     * only what the stream had heard, it matched the digital silence assumed before each stream and fired at the start
     * of 126 of the 127 LibriSpeech and noise files.
     */
    @Test
    void aTemplateNeverFiresOnTheSilenceAssumedBeforeAStream() throws Exception {
        Path template = alexaEnrolled();
        var files = new ArrayList<>(OwwTestData.wavs(OwwTestData.SHARED.resolve("real/noise")).stream().map(Path::toString).toList());
        files.addAll(OwwTestData.wavs(OwwTestData.SHARED.resolve("real/librispeech")).stream().limit(20).map(Path::toString).toList());
        var run = scan(template, "embedding", files);
        assertEquals(0, run.exit(), run.toString());
        for (var d : JsonLines.parse(run.outLines()))
            assertTrue(((Number) d.get("start")).doubleValue() >= 0.5, "a detection at the start of a stream: " + d);
    }

    /**
     * Other people's "alexa" (Picovoice's takes 0 and 100-106), found by the speech embeddings before the word is over:
     * the audio handed to the confirmation then ends with the word, and the match peaks in the silence scored after it.
     * Taken for a match beside the detected word, 4 of the 8 were refused (pooled over the real reporting half, alexa
     * 68 of 72 confirmed fell to 29).
     */
    @Test
    void theConfirmationKeepsAWordTheDetectorFoundBeforeItWasOver() throws Exception {
        Path template = alexaEnrolled();
        var others = Stream.of("0", "100", "101", "102", "103", "104", "105", "106").map(n -> ALEXA.resolve(n + ".wav").toString()).toList();
        var run = scan(template, "embedding", others, "--confirm", "template");
        assertEquals(0, run.exit(), run.toString());
        assertEquals(others.size(), filesWithDetections(run), run.out());
    }

    @Test
    void aTemplateEnrolledWithoutEmbeddingsIsRefusedWithTheFix() {
        Path template = enrolled("--no-embeddings");
        var run = scan(template, "embedding", athenaTakes(3, 4));
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("holds no speech embeddings") && run.err().contains("Fix: enroll it again"), run.err());
    }

    @Test
    void embeddingsFromAnotherEmbeddingModelAreRefused() throws Exception {
        Path template = enrolled();
        String text = Files.readString(template);
        Files.writeString(template, text.replaceFirst("\"model_sha256\": \"[0-9a-f]{8}", "\"model_sha256\": \"00000000"));
        var run = scan(template, "embedding", athenaTakes(3, 4));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("another embedding model") && run.err().contains("Fix: enroll it again"), run.err());
    }

    @Test
    void embeddingFeaturesWithoutTheFeatureModelsNameTheDownload() {
        Path template = enrolled();
        var args = List.of("scan", "--model", template.toString(), "--template-features", "embedding",
                "--oww-features", dir.resolve("nowhere").toString(), athenaTakes(3, 4).getFirst());
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("scripts/fetch-model.sh oww-features"), run.err());
    }

    @Test
    void enrollWithoutFeatureModelsKeepsLogMelOnlyAndSaysHowToGetEmbeddings() throws Exception {
        Path template = dir.resolve("plain.json");
        var args = new ArrayList<>(List.of("enroll", "--name", "athena", "--out", template.toString(), "--oww-features", dir.resolve("nowhere").toString()));
        args.addAll(athenaTakes(0, 3));
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(!Files.readString(template).contains("speech_embeddings"));
        assertTrue(run.out().contains("scripts/fetch-model.sh oww-features"), run.out());
        assertFalse(run.out().contains("verifier"), "no embeddings, so no verifier to learn or miss: " + run.out());
    }

    private static double durationOf(Path wav) throws Exception {
        try (var in = AudioSystem.getAudioInputStream(wav.toFile())) {
            return in.getFrameLength() / (double) in.getFormat().getFrameRate();
        }
    }
}
