package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Sensitivity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.List;

import static dev.wakegate.detect.oww.OwwTestData.ALEXA;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path makes nothing per frame: tensors and buffers are made once and the model outputs are written in
 * place. What remains is ONNX Runtime's own Java wrapper, which builds a small result handle per model call
 * (about 350-550 bytes with ORT 1.23 for one input and one output, more for the streaming embedding's four and four);
 * the pipeline may allocate no more than the handles of the calls it makes: per 80 ms step at most one mel, one
 * embedding (streamed, or the window model's) and one wake-model call.
 */
class OwwAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** @param stride 1: every step exact; 3: the speech embedding computed every third step while nothing is near (templates) */
    @ParameterizedTest(name = "stride {0}")
    @ValueSource(ints = {1, 3})
    void tenThousandFramesAllocateNoMoreThanOnnxRuntimesResultHandles(int stride) {
        var models = OwwTestData.open(ALEXA);
        var features = models.features();
        try (var detector = new OwwDetector(features, models.wakeModels(), List.of(Sensitivity.of(0.5)), OwwDecision.DEFAULT, stride);
             var wake = new Onnx.Call(models.wakeModels().getFirst().session, new long[]{1, 16, 96}, new long[]{1, 1});
             var mel = new Onnx.Call(features.mel, new long[]{1, FeatureStream.MEL_INPUT_SAMPLES}, new long[]{1, 1, 8, 32});
             var window = new Onnx.Call(features.embedding, new long[]{1, 76, 32, 1}, new long[]{1, 1, 1, 96});
             var streamed = features.streaming == null ? null : features.streaming.cursor(null, null)) {
            float[] stepFrames = new float[FeatureModels.WINDOW_FRAMES * FeatureModels.MELS];
            Runnable bareStep = () -> {
                mel.run();
                if (streamed != null) streamed.step(stepFrames, 0, 1);
                else window.run();
                wake.run();
            };
            // given: audio made beforehand and a warmed-up detector
            int frames = 10_000;
            short[] audio = new short[(frames + 2_000) * Pcm.FRAME_SAMPLES];
            var random = new java.util.Random(11);
            for (int i = 0; i < audio.length; i++) audio[i] = (short) (random.nextGaussian() * 800);
            short[] frame = new short[Pcm.FRAME_SAMPLES];
            for (int i = 0; i < 2_000; i++) feed(detector, audio, frame, i);
            for (int i = 0; i < 2_000; i++) bareStep.run();

            // when: the cost of the bare model calls of one step, then 10 000 frames (1250 steps)
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) bareStep.run();
            double perBareStep = (THREADS.getCurrentThreadAllocatedBytes() - before) / 1_000.0;
            before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 2_000; i < 2_000 + frames; i++) feed(detector, audio, frame, i);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

            // then
            int steps = frames / (OwwPipeline.STEP_SAMPLES / Pcm.FRAME_SAMPLES);
            double perStep = allocated / (double) steps;
            System.out.printf("allocation: %d B for %d frames = %.0f B per 80 ms step; the bare calls of a step %.0f B%n",
                    allocated, frames, perStep, perBareStep);
            assertTrue(allocated <= steps * perBareStep * 1.1 + 1024,
                    "the pipeline allocated " + allocated + " B, more than " + steps + " steps' ORT result handles of " + perBareStep + " B");
            assertTrue(perStep < 3072, "per step: " + perStep + " B");
        }
    }

    private static void feed(OwwDetector detector, short[] audio, short[] frame, int i) {
        System.arraycopy(audio, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
        detector.accept(frame, i, OwwAllocationTest::ignore);
    }

    private static void ignore(dev.wakegate.detect.Detection d) {}
}
