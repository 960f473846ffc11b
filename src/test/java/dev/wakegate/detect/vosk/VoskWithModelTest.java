package dev.wakegate.detect.vosk;

import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audio.WavReader;
import dev.wakegate.confirm.VoskConfirmer;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.internal.UserError;
import dev.wakegate.testing.TestData;
import dev.wakegate.vad.EnergyVad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against the real vosk-model-small-en-us-0.15, when one is present under {@code models/} or the shared test data's
 * {@code models/} (get it with {@code scripts/fetch-model.sh --trust-first-download vosk-model-small-en-us-0.15}).
 * Skipped, with a message, where there is none. Audio: the shared corpus (real takes of "hey computer" by several
 * people, and the dev stream's labelled near-misses).
 */
class VoskWithModelTest {
    private static final Logger log = LoggerFactory.getLogger(VoskWithModelTest.class);
    static final String MODEL = "vosk-model-small-en-us-0.15";
    private static final Phrase HEY_COMPUTER = Phrase.parse("hey computer");
    private static final Path SHARED = Path.of(System.getProperty("wakegate.shared", "../shared"));
    private static Path modelDir;

    @BeforeAll
    static void findModel() {
        modelDir = Stream.of(Path.of("models", MODEL), SHARED.resolve("models").resolve(MODEL))
                .filter(p -> Files.isRegularFile(p.resolve("am/final.mdl"))).findFirst().orElse(null);
        if (modelDir == null)
            log.warn("Vosk model tests skipped: no {} under models/ or {}/models (scripts/fetch-model.sh --trust-first-download {})",
                    MODEL, SHARED, MODEL);
    }

    private static void requireModel() {
        assumeTrue(modelDir != null, "no " + MODEL + " under models/ or " + SHARED + "/models: the Vosk model tests are skipped");
    }

    private static List<Path> realTakes() throws IOException {
        try (var files = Files.list(SHARED.resolve("real/precise-community/heycomputer-en"))) {
            return files.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }

    @Test
    void theModelKnowsTheDevPhraseAndNamesWordsItDoesNot() {
        requireModel();
        var layout = VoskModelLayout.check(modelDir);
        assertTrue(layout.dynamicGraph());
        assertEquals("[unk]", layout.requireWords(List.of(HEY_COMPUTER)));
        var e = assertThrows(UserError.class, () -> layout.requireWords(List.of(Phrase.parse("hey wakegatezz"))));
        assertTrue(e.getMessage().contains("'wakegatezz'"), e.getMessage());
    }

    @Test
    void realVoskResultsParseAndCarryWordTimesAndConf() throws IOException {
        requireModel();
        short[] audio = TestData.samples(realTakes().get(0));
        List<String> json = new ArrayList<>();
        try (var model = VoskModel.open(modelDir, DecoderSettings.MODEL_DEFAULTS, List.of(HEY_COMPUTER), true);
             var decoder = model.grammarDecoder(List.of(HEY_COMPUTER))) {
            int chunk = VoskDetector.CHUNK_FRAMES * Pcm.FRAME_SAMPLES;
            for (int at = 0; at + chunk <= audio.length; at += chunk) {
                short[] part = Arrays.copyOfRange(audio, at, at + chunk);
                json.add(decoder.accept(part, chunk) ? decoder.result() : decoder.partialResult());
            }
            json.add(decoder.finalResult());
        }
        boolean sawWords = false;
        for (String j : json) {
            var r = VoskResult.parse(j);
            for (var w : r.words()) {
                sawWords = true;
                assertTrue(w.end() >= w.start() && w.start() >= 0, j);
                assertTrue(w.conf() >= 0 && w.conf() <= 1.0001, j);
            }
        }
        assertTrue(sawWords, "no words in " + json.size() + " results");
    }

    @Test
    void theDetectorHearsRealPeopleSayTheirPhrase() throws IOException {
        requireModel();
        int heard = 0;
        List<Path> takes = realTakes();
        try (var model = VoskModel.open(modelDir, DecoderSettings.MODEL_DEFAULTS, List.of(HEY_COMPUTER), true)) {
            for (Path take : takes) {
                try (var detector = new VoskDetector(model.grammarDecoder(List.of(HEY_COMPUTER)), List.of(HEY_COMPUTER), List.of(Sensitivity.of(0.5)));
                     var source = WavReader.open(take, InputFormat.DOWNMIX)) {
                    List<Detection> found = new ArrayList<>();
                    new StreamScanner(detector, new EnergyVad()).scan(source, h -> found.add(h.detection()));
                    if (!found.isEmpty()) heard++;
                    assertTrue(found.size() <= 1, take + ": one utterance, one detection: " + found);
                }
            }
        }
        log.warn("vosk detector: {} of {} real 'hey computer' takes detected", heard, takes.size());
        assertTrue(heard >= takes.size() * 7 / 10, heard + " of " + takes.size());
    }

    @Test
    void theConfirmerConfirmsRealTakesAndRejectsLabelledNearMisses() throws IOException {
        requireModel();
        var near = List.of("hey commuter", "hey come pewter", "they commuted", "hey compute");
        int confirmed = 0, falseConfirmed = 0, nearMisses = 0;
        List<Path> takes = realTakes();
        try (var model = VoskModel.open(modelDir, DecoderSettings.MODEL_DEFAULTS, List.of(HEY_COMPUTER), false);
             var confirmer = new VoskConfirmer(model.openDecoder(), Map.of("hey computer", HEY_COMPUTER), Sensitivity.of(0.3))) {
            for (Path take : takes) {
                short[] audio = TestData.samples(take);
                var c = new HeardWord(new Detection("hey computer", 0, audio.length, 1, audio.length), audio, 0);
                if (confirmer.confirm(c).confirmed()) confirmed++;
            }
            Path stream = SHARED.resolve("corpus/dev/espeak_en-us+m3/stream.wav");
            short[] all = TestData.samples(stream);
            for (String row : Files.readAllLines(SHARED.resolve("corpus/dev/espeak_en-us+m3/stream.labels.tsv"))) {
                String[] cols = row.split("\t");
                if (cols.length != 3 || !near.contains(cols[2])) continue;
                int from = (int) Math.max(0, Pcm.samples(Double.parseDouble(cols[0]) - 0.5));
                int to = (int) Math.min(all.length, Pcm.samples(Double.parseDouble(cols[1]) + 0.5));
                short[] audio = Arrays.copyOfRange(all, from, to);
                var c = new HeardWord(new Detection("hey computer", from + 8000, to - 8000, 1, to), audio, from);
                nearMisses++;
                if (confirmer.confirm(c).confirmed()) falseConfirmed++;
            }
        }
        log.warn("vosk confirmer: {} of {} real takes confirmed; {} of {} labelled near-misses confirmed",
                confirmed, takes.size(), falseConfirmed, nearMisses);
        assertTrue(confirmed >= takes.size() * 6 / 10, confirmed + " of " + takes.size());
        assertFalse(nearMisses == 0, "no near-miss rows found");
        assertTrue(falseConfirmed <= nearMisses / 10, falseConfirmed + " of " + nearMisses + " near-misses confirmed");
    }

    @Test
    void decoderLimitsLoadThroughTheOverlay() {
        requireModel();
        try (var model = VoskModel.open(modelDir, new DecoderSettings(8.0, 2000, 2.0), List.of(HEY_COMPUTER), true);
             var decoder = model.grammarDecoder(List.of(HEY_COMPUTER))) {
            decoder.accept(new short[1600], 1600);
            assertTrue(decoder.finalResult().contains("text"));
        }
    }
}
