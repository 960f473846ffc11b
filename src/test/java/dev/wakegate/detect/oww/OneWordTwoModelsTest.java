package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A word heard by two models (a template and its verifiers): one name, each model its own decision, a bar of its own
 * that the sensitivity does not move, and a refusal that belongs to the model whose detection it was.
 */
class OneWordTwoModelsTest {
    private static final Path COMMITTED = Path.of(FeatureModels.DEFAULT_DIR);
    private static final int STEPS = 60;   // 4.8 s of silence, one score per 80 ms step once ready

    /** A model whose score is {@code high} on steps {@code from} to {@code to} of its scored steps, 0 elsewhere. */
    private record Scripted(String name, double fixedThreshold, float high, int from, int to) implements EmbeddingWord {
        @Override
        public int windowEmbeddings() {
            return 16;
        }

        @Override
        public long wordSamples() {
            return Pcm.samples(0.8);
        }

        @Override
        public Scorer scorer() {
            var in = FeatureModels.embeddingWindow(16);
            return new Scorer() {
                int step;

                @Override
                public FloatBuffer input() {
                    return in;
                }

                @Override
                public float score() {
                    int s = step++;
                    return s >= from && s <= to ? high : 0;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public void close() {}
    }

    private static List<Detection> run(List<Scripted> words, Sensitivity sensitivity, double refuseUnder) {
        var found = new ArrayList<Detection>();
        try (var detector = new OwwDetector(FeatureModels.open(COMMITTED), words, words.stream().map(w -> sensitivity).toList(), OwwDecision.OPENWAKEWORD, 1)) {   // one grid: the shifted grids would score their own script
            assertEquals(List.of("wake"), detector.words(), "one word, however many models hear it");
            short[] frame = new short[Pcm.FRAME_SAMPLES];
            long frames = (long) (STEPS + 30) * OwwPipeline.STEP_SAMPLES / Pcm.FRAME_SAMPLES;
            var judged = new ArrayList<Detection>();   // the confirmation judges a detection after it was made
            for (long i = 0; i < frames; i++) {
                for (var d : judged) if (d.score() < refuseUnder) detector.refused(d);
                judged.clear();
                detector.accept(frame, i, d -> {
                    found.add(d);
                    judged.add(d);
                });
            }
        }
        return found;
    }

    @Test
    void eitherModelFindsTheWordUnderItsName() {
        var template = new Scripted("wake", Double.NaN, 0.9f, 10, 14);
        var verifier = new Scripted("wake", 0.95, 0.97f, 40, 44);
        var found = run(List.of(template, verifier), Sensitivity.DEFAULT, 0);
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().allMatch(d -> d.word().equals("wake")));
        assertEquals(0.9, found.get(0).score(), 1e-6, "the template's");
        assertEquals(0.97, found.get(1).score(), 1e-6, "the verifier's");
    }

    @Test
    void theSensitivityMovesTheTemplatesThresholdButNotTheVerifiersBar() {
        var template = new Scripted("wake", Double.NaN, 0.9f, 10, 14);
        var verifier = new Scripted("wake", 0.95, 0.97f, 40, 44);
        var found = run(List.of(template, verifier), Sensitivity.of(0), 0);   // threshold 1: no template score reaches it
        assertEquals(1, found.size(), found.toString());
        assertEquals(0.97, found.getFirst().score(), 1e-6);
        var under = new Scripted("wake", 0.95, 0.94f, 40, 44);
        assertEquals(0, run(List.of(template, under), Sensitivity.of(0), 0).size(), "0.94 stays under the verifier's bar at any sensitivity");
        assertEquals(1, run(List.of(template, under), Sensitivity.of(1), 0).size(), "the template's threshold falls to 0; the bar stays");
    }

    @Test
    void aRefusalReArmsOnlyTheModelWhoseDetectionItWas() {
        // both hear one long stretch; the confirmation refuses the template's detections and keeps the verifier's
        var template = new Scripted("wake", Double.NaN, 0.9f, 10, 40);
        var verifier = new Scripted("wake", 0.95, 0.97f, 10, 40);
        var found = run(List.of(template, verifier), Sensitivity.DEFAULT, 0.95);
        long byVerifier = found.stream().filter(d -> d.score() > 0.95).count(), byTemplate = found.size() - byVerifier;
        assertTrue(byTemplate > 1, "a refused template fires again while its score stays high: " + found);
        assertEquals(1, byVerifier, "the verifier's kept detection stays quiet, whatever the template's refusals: " + found);
    }
}
