package dev.wakegate.confirm;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.detect.template.EmbeddingTemplate;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.NoisyStreams;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In noise, the default confirmation compares a candidate's speech embeddings with the enrolled takes heard through
 * the candidate's own background: three clean takes refuse the enrolled voice in a noisy room, the takes heard through
 * it do not, and what merely has the rhythm of the phrase is still refused. flite slt's dev stream, with the real
 * exercise-bike recording of ../shared mixed in at 10 dB.
 */
class EmbeddingsInNoiseTest {
    private static final String VOICE = "flite_slt";
    private static final Sensitivity DEFAULT = Sensitivity.of(Confirmers.TEMPLATE_DEFAULT);
    private static FeatureModels features;
    private static List<EmbeddingTemplate> words;
    private static short[] stream;

    @BeforeAll
    static void enrollAndMixTheNoiseIn() {
        WakeTemplate template = EmbeddingTemplates.withEmbeddings(Engine.heyComputer(VOICE), OwwTestData.MODELS,
                TestData.enrollTakes(VOICE).stream().map(Engine::recording).toList());
        features = FeatureModels.open(OwwTestData.MODELS);
        words = List.of(EmbeddingTemplate.of(template, features, "test"));
        stream = NoisyStreams.stream(VOICE, NoisyStreams.EXERCISE_BIKE, 10);
    }

    @AfterAll
    static void close() {
        features.close();
    }

    /** What the gate hands the confirmer for a labelled span: from half a second before it to 0.3 s after. */
    private static HeardWord heard(Labels.Span span) {
        long start = Pcm.samples(span.start()), end = Pcm.samples(span.end());
        long from = start - Pcm.samples(HeardWord.BEFORE_SECONDS), to = end + Pcm.samples(HeardWord.AFTER_SECONDS);
        return new HeardWord(new Detection("hey-computer", start, end, 0.9, to), Arrays.copyOfRange(stream, (int) from, (int) to), from);
    }

    private static long confirmed(Confirmer confirmer, List<Labels.Span> spans) {
        return spans.stream().filter(s -> confirmer.confirm(heard(s)).confirmed()).count();
    }

    private static List<Labels.Span> wakePhrases() {
        return Labels.streamWakes(VOICE);
    }

    @Test
    void theEnrolledVoiceInNoiseIsConfirmedAgainstTheTakesHeardThroughItsBackground() {
        var inNoise = new EmbeddingsInNoise(features, words, DEFAULT);
        try (var cleanTakes = new OwwConfirmer(OwwScorer.borrowing(features, words), DEFAULT, OwwDecision.GRIDS, "template")) {
            long throughBackground = confirmed(inNoise, wakePhrases()), clean = confirmed(cleanTakes, wakePhrases());
            int n = wakePhrases().size();
            assertTrue(throughBackground >= n - 1, throughBackground + " of " + n + " wake phrases confirmed in noise");
            assertTrue(clean <= n / 2, "test setup: the clean takes refuse the voice in this noise (" + clean + " of " + n + ")");
        }
    }

    @Test
    void inNoiseWhatMerelyHasTheRhythmOfThePhraseIsMostlyStillRefused() {
        var inNoise = new EmbeddingsInNoise(features, words, DEFAULT);
        var others = Labels.streamSegments(VOICE, "near").stream()
                .filter(s -> s.text().equals("they commuted") || s.text().equals("hey, come here")).map(Labels.Segment::span).toList();
        assertTrue(others.size() >= 6, "test setup: " + others.size());
        long accepted = confirmed(inNoise, others);
        assertTrue(accepted * 4 < others.size(), accepted + " of " + others.size() + " confirmed");
    }

    @Test
    void theVerdictSaysTheTakesWereHeardThroughTheBackground() {
        var v = new EmbeddingsInNoise(features, words, DEFAULT).confirm(heard(wakePhrases().getFirst()));
        assertTrue(v.reason().matches("takes heard through the background: score [01]\\.\\d\\d (>=|<) 0\\.70"), v.reason());
    }

    @Test
    void theKeptMelFramesGiveTheTakesEmbeddingsAgain() {
        var word = words.getFirst();
        for (int t = 0; t < word.takes().size(); t++) {
            float[][] again = features.embeddingsOfWindows(word.windowFrames().get(t)), kept = word.takes().get(t);
            assertEquals(kept.length, again.length);
            for (int k = 0; k < kept.length; k++) {
                double dot = 0, norm = 0;
                for (int i = 0; i < kept[k].length; i++) {
                    dot += kept[k][i] * again[k][i];
                    norm += again[k][i] * again[k][i];
                }
                assertEquals(1, dot / Math.sqrt(norm), 1e-5, "take " + t + " embedding " + k);
            }
        }
    }
}
