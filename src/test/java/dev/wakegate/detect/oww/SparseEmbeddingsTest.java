package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speech embedding is 82 % of the embedding templates' cost, so while no word is near its threshold it is computed
 * only every third step. That must change nothing but the cost: skipped embeddings are computed, bit for bit, from
 * their own mel windows before a decision, and the detections are the exact ones. (Where the model is re-cut to stream,
 * {@link EmbeddingStreamTest}, every step is exact and cheap; the skipping is what runs where it cannot be.)
 */
class SparseEmbeddingsTest {
    @TempDir
    Path dir;

    @Test
    void refiningComputesTheSkippedEmbeddingsExactlyAsEveryStepWould() {
        short[] audio = new short[FeatureStream.STEP_SAMPLES * 60];
        var random = new Random(11);
        for (int i = 0; i < audio.length; i++) audio[i] = (short) (random.nextGaussian() * 2000 * Math.sin(i / 3000.0));
        int capacity = 20;
        try (var models = FeatureModels.open(OwwTestData.MODELS);
             var exact = new FeatureStream(models, capacity); var sparse = EmbeddingStreamTest.windowOnly(models, capacity)) {
            for (int k = 0; k < 60; k++) {
                exact.step(audio, k * FeatureStream.STEP_SAMPLES);
                sparse.step(audio, k * FeatureStream.STEP_SAMPLES, k % 3 == 0);
            }
            var a = FloatBuffer.allocate(capacity * FeatureModels.EMBEDDING_SIZE);
            var b = FloatBuffer.allocate(capacity * FeatureModels.EMBEDDING_SIZE);
            long skipped = IntStream.range(60 - capacity, 60).filter(k -> k % 3 != 0).count();
            assertEquals(skipped, sparse.refine(), "two of every three embeddings were skipped");
            exact.copyNewest(capacity, a);
            sparse.copyNewest(capacity, b);
            assertArrayEquals(a.array(), b.array());
            assertEquals(0, sparse.refine(), "nothing left to compute");
        }
    }

    @Test
    void aStrideOfThreeFindsTheSameWordsAtTheSameTimesAsEveryStep() throws Exception {
        var recordings = TestData.enrollTakes("flite_slt").stream().map(Engine::recording).toList();
        var template = EmbeddingTemplates.withEmbeddings(new Enroller(Clock.systemUTC()).enroll("hey-computer", recordings).template(),
                OwwTestData.MODELS, recordings);
        Path file = dir.resolve("hc.json");
        TemplateFile.write(template, file);
        short[] stream = TestData.samples(TestData.dev("flite_slt", "stream.wav"));
        List<String> every = detections(file, stream, 1), third = detections(file, stream, EmbeddingTemplates.STRIDE);
        assertTrue(every.size() >= 5, "the test needs detections: " + every);
        assertEquals(every, third);
    }

    private static List<String> detections(Path template, short[] stream, int stride) {
        var found = new ArrayList<String>();
        var read = List.of(TemplateFile.read(template));
        EmbeddingTemplates.open(FeatureModels.open(OwwTestData.MODELS), read, List.of(template.toString()), (models, words) -> {
            try (var detector = new OwwDetector(models, words, List.of(Sensitivity.DEFAULT), EmbeddingTemplates.DECISION, stride)) {
                short[] frame = new short[Pcm.FRAME_SAMPLES];
                for (int f = 0; (f + 1) * frame.length <= stream.length; f++) {
                    System.arraycopy(stream, f * frame.length, frame, 0, frame.length);
                    detector.accept(frame, f, (Detection d) -> found.add(d.word() + " " + d.startSample() + "-" + d.endSample() + " " + d.score()));
                }
            }
            return null;
        });
        return found;
    }
}
