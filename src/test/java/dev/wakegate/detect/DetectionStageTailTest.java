package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A detector that asks for a tail keeps getting frames for that long after the VAD closes; others do not. */
class DetectionStageTailTest {

    private static final class Recording implements WakeDetector {
        final List<Long> seen = new ArrayList<>();
        final int tail;

        Recording(int tail) {
            this.tail = tail;
        }

        @Override
        public List<String> words() {
            return List.of("w");
        }

        @Override
        public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
            seen.add(frameIndex);
        }

        @Override
        public int contextFrames() {
            return 0;
        }

        @Override
        public int tailFrames() {
            return tail;
        }

        @Override
        public void setSensitivity(String word, Sensitivity sensitivity) {}

        @Override
        public Sensitivity sensitivity(String word) {
            return Sensitivity.of(0.5);
        }
    }

    /** Frames 0-9 silence, 10-19 speech, 20-59 silence, 60-61 speech. */
    private static List<Long> framesSeenWithTail(int tail) {
        var detector = new Recording(tail);
        var ring = new AudioRing(Pcm.SAMPLE_RATE);
        var stage = new DetectionStage(detector, ring);
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (long i = 0; i < 62; i++) {
            ring.write(frame, 0, frame.length);
            stage.offer(frame, i, (i >= 10 && i < 20) || i >= 60, d -> {});
        }
        return detector.seen;
    }

    @Test
    void withoutATailOnlySpeechFramesAreFed() {
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 60L, 61L), framesSeenWithTail(0));
    }

    @Test
    void aTailKeepsFeedingRightAfterTheVadCloses() {
        var seen = framesSeenWithTail(5);
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 60L, 61L), seen);
    }
}
