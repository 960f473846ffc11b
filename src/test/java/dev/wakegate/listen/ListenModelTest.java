package dev.wakegate.listen;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ListenModelTest {
    /** A detector whose live score the test sets. */
    private static final class Scripted implements WakeDetector {
        double live;

        public List<String> words() { return List.of("w"); }
        public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {}
        public int contextFrames() { return 0; }
        public void setSensitivity(String word, Sensitivity sensitivity) {}
        public Sensitivity sensitivity(String word) { return Sensitivity.of(0.6); }
        public double liveScore(String word) { return live; }
    }

    private final Scripted detector = new Scripted();
    private final ListenModel model = new ListenModel("test", detector);
    private final short[] quiet = new short[160], loud = new short[160];

    {
        java.util.Arrays.fill(loud, (short) 3277); // -20 dBFS
    }

    @Test
    void eachPictureShowsTheHighestLevelAndScoreSinceThePreviousOne() {
        detector.live = 0.7;
        model.onFrame(loud, 0, true, true);
        detector.live = 0.2;
        model.onFrame(quiet, 1, true, true);
        var s = model.snapshot(null);
        assertEquals(-20, s.levelDbfs(), 0.01);
        assertEquals(new ListenState.Meter("w", 0.7, 0.7, 0.4), s.meters().get(0), "threshold = 1 - sensitivity");
        model.onFrame(quiet, 2, false, false);
        var next = model.snapshot(null);
        assertEquals(-120, next.levelDbfs());
        assertEquals(0, next.meters().get(0).score(), "silence the detector never saw scores 0");
        assertEquals(0.7, next.meters().get(0).peak(), "the peak is held");
        assertEquals(0.03, next.seconds(), 1e-9);
    }

    @Test
    void thePeakIsHeldForThreeSecondsThenFollowsTheScore() {
        detector.live = 0.9;
        model.onFrame(loud, 0, true, true);
        detector.live = 0.1;
        for (int i = 1; i <= 300; i++) model.onFrame(loud, i, true, true);
        assertEquals(0.9, model.snapshot(null).meters().get(0).peak());
        model.onFrame(loud, 301, true, true);
        assertEquals(0.1, model.snapshot(null).meters().get(0).peak());
    }

    @Test
    void detectionsAreKeptNewestFirstUpToAScreenful() {
        for (int i = 0; i < 8; i++) model.onDetection(new Detection("w", i * 16_000L, i * 16_000L + 8000, 0.9, i * 16_000L + 9600));
        var heard = model.snapshot(null).heard();
        assertEquals(ListenState.MAX_HEARD, heard.size());
        assertEquals(7.6, heard.get(0).at(), 1e-9);
        assertEquals(8, model.detections());
    }
}
