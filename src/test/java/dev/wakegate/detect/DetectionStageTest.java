package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage feeds the detector speech only, each frame once, with the context before every onset read from the ring. */
class DetectionStageTest {
    private static final Consumer<Detection> IGNORE = d -> {};

    /** A detector that records what it was fed: each frame's index and a copy of its samples. */
    static class RecordingDetector implements WakeDetector {
        final int context;
        final List<Long> indices = new ArrayList<>();
        final List<short[]> frames = new ArrayList<>();

        RecordingDetector(int context) {
            this.context = context;
        }

        @Override
        public List<String> words() {
            return List.of("test");
        }

        @Override
        public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
            indices.add(frameIndex);
            frames.add(frame.clone());
        }

        @Override
        public int contextFrames() {
            return context;
        }

        @Override
        public void setSensitivity(String word, Sensitivity sensitivity) {}

        @Override
        public Sensitivity sensitivity(String word) {
            return Sensitivity.of(0.5);
        }
    }

    /** Frame {@code i} holds the value i+1 in every sample, so the content shows which frame it is. */
    private static short[] frameOf(long index) {
        short[] f = new short[Pcm.FRAME_SAMPLES];
        Arrays.fill(f, (short) (index % 30_000 + 1));
        return f;
    }

    /** Writes frames [0, speech.length) to the ring and offers each to the stage, as StreamScanner does. */
    private static void run(DetectionStage stage, AudioRing ring, boolean[] speech) {
        for (int i = 0; i < speech.length; i++) {
            short[] f = frameOf(i);
            ring.write(f, 0, f.length);
            stage.offer(f, i, speech[i], IGNORE);
        }
    }

    private static boolean[] speechAt(int frames, long[]... ranges) {
        boolean[] s = new boolean[frames];
        for (long[] r : ranges) for (long i = r[0]; i < r[1]; i++) s[(int) i] = true;
        return s;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void silenceFramesAreNotFedToTheDetector() {
        // given
        var detector = new RecordingDetector(5);
        var ring = new AudioRing(100 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(detector, ring);
        // when: 300 frames, all silence
        run(stage, ring, new boolean[300]);
        // then
        assertTrue(detector.indices.isEmpty());
        assertEquals(0, stage.framesFed());
        assertEquals(300, stage.framesSkipped());
    }

    @Test
    void atASpeechOnsetTheDetectorFirstGetsThePrecedingContextFramesInOrder() {
        // given: silence, then speech from frame 120 to 160
        var detector = new RecordingDetector(50);
        var ring = new AudioRing(200 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(detector, ring);
        // when
        run(stage, ring, speechAt(200, new long[]{120, 160}));
        // then: frames 70..119 from the ring, then the speech frames, each with its true index
        assertEquals(range(70, 160), detector.indices);
        for (int k = 0; k < detector.frames.size(); k++)
            assertEquals(Arrays.toString(frameOf(detector.indices.get(k))), Arrays.toString(detector.frames.get(k)),
                    "samples of frame " + detector.indices.get(k));
        assertEquals(90, stage.framesFed());
        assertEquals(110, stage.framesSkipped());
    }

    @Test
    void eachPartOfADetectorIsFedAsItWouldBeFedAlone() {
        // given: a detector made of one part that wants 20 frames of context and one that wants 50 frames and a tail of 10
        var shortContext = new RecordingDetector(20);
        var longContext = new RecordingDetector(50) {
            @Override
            public int tailFrames() {
                return 10;
            }
        };
        var both = new RecordingDetector(50) {
            @Override
            public List<WakeDetector> parts() {
                return List.of(shortContext, longContext);
            }
        };
        var ring = new AudioRing(200 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(both, ring);
        // when: silence, then speech from frame 120 to 160
        run(stage, ring, speechAt(200, new long[]{120, 160}));
        // then
        assertEquals(range(100, 160), shortContext.indices);
        assertEquals(range(70, 170), longContext.indices);
        assertTrue(both.indices.isEmpty(), "the whole is fed through its parts only");
        assertEquals(100, stage.framesFed());
    }

    @Test
    void contiguousSpeechIsNotReplayedTwice() {
        // given: two bursts of speech with a short pause between them (shorter than the context)
        var detector = new RecordingDetector(50);
        var ring = new AudioRing(400 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(detector, ring);
        // when
        run(stage, ring, speechAt(400, new long[]{100, 150}, new long[]{170, 200}, new long[]{300, 310}));
        // then: every frame at most once, indices only increase; the pause is filled in, the long gap is not
        assertEquals(concat(range(50, 200), range(250, 310)), detector.indices);
    }

    @Test
    void contextIsLimitedToWhatTheRingStillHolds() {
        // given: a ring of 20 frames and a detector that wants 50 frames of context
        var detector = new RecordingDetector(50);
        var ring = new AudioRing(20 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(detector, ring);
        // when
        run(stage, ring, speechAt(120, new long[]{100, 105}));
        // then: only the 19 frames before the onset that are still in the ring
        assertEquals(range(81, 105), detector.indices);
        for (int k = 0; k < detector.frames.size(); k++)
            assertEquals(frameOf(detector.indices.get(k))[0], detector.frames.get(k)[0]);
    }

    @Test
    void speechAtTheVeryStartGetsOnlyTheFramesThatExist() {
        // given
        var detector = new RecordingDetector(50);
        var ring = new AudioRing(100 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(detector, ring);
        // when: speech from frame 3
        run(stage, ring, speechAt(10, new long[]{3, 10}));
        // then
        assertEquals(range(0, 10), detector.indices);
    }

    @Test
    void afterARestartNothingBeforeTheRestartPointIsReplayed() {
        // given: silence, then the stage is told to restart at frame 90 (e.g. after a mute wiped the ring)
        var detector = new RecordingDetector(50);
        var ring = new AudioRing(200 * Pcm.FRAME_SAMPLES);
        var stage = new DetectionStage(detector, ring);
        boolean[] speech = speechAt(120, new long[]{100, 120});
        // when
        for (int i = 0; i < speech.length; i++) {
            if (i == 90) stage.restartAt(90);
            short[] f = frameOf(i);
            ring.write(f, 0, f.length);
            stage.offer(f, i, speech[i], IGNORE);
        }
        // then
        assertEquals(range(90, 120), detector.indices);
    }

    @Test
    void detectionsOfTheDetectorReachTheCaller() {
        // given: a detector that reports a detection on frame 10
        var ring = new AudioRing(100 * Pcm.FRAME_SAMPLES);
        var detector = new RecordingDetector(0) {
            @Override
            public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
                if (frameIndex == 10) detections.accept(new Detection("test", 0, 1_600, 0.9, 1_760));
            }
        };
        var stage = new DetectionStage(detector, ring);
        var found = new ArrayList<Detection>();
        // when
        for (int i = 0; i < 20; i++) {
            short[] f = frameOf(i);
            ring.write(f, 0, f.length);
            stage.offer(f, i, true, found::add);
        }
        // then
        assertEquals(List.of(new Detection("test", 0, 1_600, 0.9, 1_760)), found);
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        var out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
