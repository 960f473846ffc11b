package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** STYLE §4: after warm-up, the per-frame path of the engine allocates nothing (10 000 frames, < 1 KiB). */
class HotPathAllocationTest {
    private static final int FRAMES = 10_000, WARM_UP_FRAMES = 30_000;

    @Test
    void tenThousandSpeechFreeFramesAllocateLessThanOneKibibyte() {
        // given: a detector at sensitivity 0 and speech-free audio (steady room noise), warmed up so the JIT has compiled it
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot measure allocation");
        threads.setThreadAllocatedMemoryEnabled(true);
        var detector = Engine.detector(Engine.heyComputer(TestData.VOICE), 0.0);
        short[] noise = Signals.pinkNoise(9, 4 * 16_000, -50);
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        int noiseFrames = noise.length / Pcm.FRAME_SAMPLES;
        long[] detections = {0};
        Consumer<Detection> sink = d -> detections[0]++;
        long index = 0;
        for (; index < WARM_UP_FRAMES; index++) feed(detector, noise, noiseFrames, frame, index, sink);
        // when
        long before = threads.getCurrentThreadAllocatedBytes();
        for (long end = index + FRAMES; index < end; index++) feed(detector, noise, noiseFrames, frame, index, sink);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // then
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes in " + FRAMES + " frames");
        assertTrue(detections[0] == 0, "nothing fires at sensitivity 0");
    }

    private static void feed(TemplateDetector detector, short[] noise, int noiseFrames, short[] frame, long index, Consumer<Detection> sink) {
        System.arraycopy(noise, (int) (index % noiseFrames) * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
        detector.accept(frame, index, sink);
    }
}
