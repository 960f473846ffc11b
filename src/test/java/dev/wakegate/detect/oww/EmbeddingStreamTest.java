package dev.wakegate.detect.oww;

import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speech-embedding model re-cut to compute, at each 80 ms step, only what is new in its 76-frame window: it must
 * give the window model's embeddings, at the start of a stream, after a gap and on real speech, and where a model
 * cannot be re-cut the window model runs as before.
 */
class EmbeddingStreamTest {
    private static final Path COMMITTED = Path.of(FeatureModels.DEFAULT_DIR);

    @Test
    void theCommittedEmbeddingModelIsReCutForStreaming() {
        try (var models = FeatureModels.open(COMMITTED)) {
            assertTrue(models.streams(), "openWakeWord's embedding model is a chain of valid convolutions and time pools");
            var layout = StreamingEmbeddingGraph.derive(bytes(COMMITTED.resolve(FeatureModels.EMBEDDING_FILE)), 76, 32, 8).layout();
            assertEquals(12, layout.inputFrames(), "the step's 8 frames and the 4 its first convolutions look back on");
            assertEquals(3, layout.stages().size(), "one stage after each of the three pools that halve time");
            assertEquals(8, layout.stages().get(0).contextRows());
            assertEquals(1, layout.stages().get(2).newRows(), "one new row at the last stage: one embedding per step");
        }
    }

    @Test
    void aStreamOfRealSpeechHasTheWindowModelsEmbeddingsThroughAGap() throws IOException {
        short[] speech = TestData.samples(TestData.shared().resolve("real/librispeech").resolve(firstWav("real/librispeech")));
        int steps = Math.min(400, speech.length / FeatureStream.STEP_SAMPLES), gapAt = steps / 2, capacity = 16;
        try (var models = FeatureModels.open(COMMITTED);
             var streamed = new FeatureStream(models, capacity); var whole = windowOnly(models, capacity)) {
            assertNotNull(models.streaming);
            var a = FloatBuffer.allocate(capacity * FeatureModels.EMBEDDING_SIZE);
            var b = FloatBuffer.allocate(capacity * FeatureModels.EMBEDDING_SIZE);
            int compared = 0;
            for (int k = 0; k < steps; k++) {
                if (k == gapAt) {
                    streamed.reset(false);
                    whole.reset(false);
                }
                streamed.step(speech, k * FeatureStream.STEP_SAMPLES);
                whole.step(speech, k * FeatureStream.STEP_SAMPLES);
                assertEquals(whole.validEmbeddings(), streamed.validEmbeddings());
                int valid = whole.validEmbeddings();
                if (valid == 0) continue;
                streamed.copyNewest(valid, a);
                whole.copyNewest(valid, b);
                assertArrayEquals(Arrays.copyOf(b.array(), valid * 96), Arrays.copyOf(a.array(), valid * 96), 1e-4f, "step " + k);
                compared++;
            }
            assertTrue(compared > steps - 40, "compared at " + compared + " of " + steps + " steps");
        }
    }

    @Test
    void stepsNotComputedAreComputedThreeInOneRunWithTheNextThatIsOrByRefining() throws IOException {
        short[] speech = TestData.samples(TestData.shared().resolve("real/librispeech").resolve(firstWav("real/librispeech")));
        int steps = 149, capacity = 20;   // computed at step 147; 148 and 149 not
        try (var models = FeatureModels.open(COMMITTED);
             var sparse = new FeatureStream(models, capacity); var whole = windowOnly(models, capacity)) {
            var a = FloatBuffer.allocate(capacity * FeatureModels.EMBEDDING_SIZE);
            var b = FloatBuffer.allocate(capacity * FeatureModels.EMBEDDING_SIZE);
            for (int k = 0; k < steps; k++) {
                boolean compute = k % 3 == 0;
                sparse.step(speech, k * FeatureStream.STEP_SAMPLES, compute);
                whole.step(speech, k * FeatureStream.STEP_SAMPLES);
                if (!compute) continue;
                sparse.copyNewest(capacity, a);
                whole.copyNewest(capacity, b);
                assertArrayEquals(b.array(), a.array(), 1e-4f, "after step " + k + ", every embedding is the window's");
            }
            sparse.step(speech, steps * FeatureStream.STEP_SAMPLES, false);
            whole.step(speech, steps * FeatureStream.STEP_SAMPLES);
            sparse.copyNewest(capacity, a);
            whole.copyNewest(capacity, b);
            assertFalse(Arrays.equals(b.array(), a.array()), "the newest two steps' embeddings are estimates until refined");
            assertEquals(2, sparse.refine(), "steps 148 and 149 were not computed");
            sparse.copyNewest(capacity, a);
            assertArrayEquals(b.array(), a.array(), 1e-4f);
            assertEquals(0, sparse.refine(), "nothing left to compute");
        }
    }

    @Test
    void consecutiveWindowsOfARecordingHaveTheWindowModelsEmbeddings() throws IOException {
        short[] speech = TestData.samples(TestData.shared().resolve("real/librispeech").resolve(firstWav("real/librispeech")));
        try (var models = FeatureModels.open(COMMITTED)) {
            float[][] mel = models.melFramesOf(Arrays.copyOf(speech, 16000 * 4));
            for (int[] range : new int[][]{{0, 1}, {0, 2}, {0, 3}, {0, 30}, {17, 12}, {5, 10}}) {
                float[][] frames = models.windowFrames(mel, range[0], range[1]);
                float[][] streamed = models.embeddingsOfWindows(frames), whole = models.wholeWindowEmbeddings(frames, range[1]);
                assertEquals(range[1], streamed.length);
                for (int i = 0; i < range[1]; i++) assertArrayEquals(whole[i], streamed[i], 1e-4f, "window " + i + " of " + Arrays.toString(range));
            }
        }
    }

    @Test
    void aModelThatIsNotThatChainIsNotReCutAndTheWindowModelRuns() {
        byte[] mel = bytes(COMMITTED.resolve(FeatureModels.MEL_FILE));
        assertNull(StreamingEmbeddingGraph.derive(mel, 76, 32, 8), "the mel model is no chain of convolutions");
        byte[] embedding = bytes(COMMITTED.resolve(FeatureModels.EMBEDDING_FILE));
        assertNull(StreamingEmbeddingGraph.derive(Arrays.copyOf(embedding, embedding.length / 2), 76, 32, 8), "a truncated file");
        assertNull(StreamingEmbeddingGraph.derive(embedding, 84, 32, 8), "a window that does not come down to one embedding");
    }

    @Test
    void aReCutModelWhoseEmbeddingsDifferFromTheWindowModelsIsNotUsed() {
        byte[] embedding = bytes(COMMITTED.resolve(FeatureModels.EMBEDDING_FILE));
        byte[] altered = withOneWeightChanged(embedding);
        try (var models = FeatureModels.open(COMMITTED)) {
            assertNotNull(EmbeddingStream.open(embedding, models.embedding, models.silentMelFrame, models.silentEmbedding, "the model"),
                    "the model itself agrees with its window model");
            assertNotNull(StreamingEmbeddingGraph.derive(altered, 76, 32, 8), "the altered model is still the same chain");
            assertNull(EmbeddingStream.open(altered, models.embedding, models.silentMelFrame, models.silentEmbedding, "altered"),
                    "its embeddings are not the window model's");
        }
    }

    /** The model with the first number of its first convolution's weights changed (a raw float in the initializer). */
    private static byte[] withOneWeightChanged(byte[] model) {
        var graph = Protobuf.fields(model).stream().filter(f -> f.number() == 7).findFirst().orElseThrow();
        for (var tensor : graph.message()) {
            if (tensor.number() != 5) continue;   // an initializer
            var fields = tensor.message();
            boolean weights = fields.stream().anyMatch(f -> f.number() == 8 && f.string().equals("model/conv2d/Conv2D_weights_fused_bn"));
            var raw = fields.stream().filter(f -> f.number() == 9).findFirst();
            if (!weights || raw.isEmpty()) continue;
            byte[] altered = model.clone();
            int at = raw.get().valueFrom();
            float w = java.nio.ByteBuffer.wrap(altered, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
            java.nio.ByteBuffer.wrap(altered, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(w + 1);
            return altered;
        }
        throw new AssertionError("no raw weights for the first convolution");
    }

    @Test
    void copyingEveryFieldOfAModelGivesItBackByteForByte() {
        byte[] embedding = bytes(COMMITTED.resolve(FeatureModels.EMBEDDING_FILE));
        var copy = new Protobuf.Writer();
        for (var f : Protobuf.fields(embedding)) copy.copy(f);
        assertArrayEquals(embedding, copy.toByteArray());
        var graph = Protobuf.fields(embedding).stream().filter(f -> f.number() == 7).findFirst().orElseThrow();
        var rewritten = new Protobuf.Writer();
        for (var f : graph.message()) rewritten.copy(f);
        assertArrayEquals(graph.bytes(), rewritten.toByteArray());
        assertFalse(graph.message().isEmpty());
    }

    static FeatureStream windowOnly(FeatureModels models, int capacity) {
        var streaming = models.streaming;
        models.streaming = null;
        try {
            return new FeatureStream(models, capacity);
        } finally {
            models.streaming = streaming;
        }
    }

    private static String firstWav(String dir) throws IOException {
        try (var files = Files.list(TestData.shared().resolve(dir))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
