package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;

import java.util.function.Consumer;

/**
 * Feeds a detector only the audio that may hold speech. When the VAD opens after silence, the detector first
 * gets the frames just before the onset, read back from the ring, so it sees each word from its very start
 * and the cost of silence is only the VAD's.
 */
public final class DetectionStage {
    private final WakeDetector detector;
    private final AudioRing ring;
    private final short[] replay = new short[Pcm.FRAME_SAMPLES];
    private long nextFrame;   // the next frame index the detector has not seen
    private long framesFed, framesSkipped;
    private int tailLeft;   // frames after the VAD closed that the detector still gets
    /** A detector made of parts: each part fed by a stage of its own, as it would be fed alone (null: a plain detector). */
    private final DetectionStage[] partStages;

    public DetectionStage(WakeDetector detector, AudioRing ring) {
        this.detector = detector;
        this.ring = ring;
        var parts = detector.parts();
        this.partStages = parts.size() == 1 && parts.get(0) == detector ? null
                : parts.stream().map(part -> new DetectionStage(part, ring)).toArray(DetectionStage[]::new);
    }

    /**
     * Offers the frame at {@code frameIndex}, already written to the ring. Frames the VAD calls silence are
     * skipped, except the detector's {@code tailFrames()} right after speech; the first speech frame after
     * silence is preceded by up to {@code contextFrames()} of context.
     */
    public void offer(short[] frame, long frameIndex, boolean speech, Consumer<Detection> detections) {
        if (partStages != null) {
            for (var part : partStages) part.offer(frame, frameIndex, speech, detections);
            return;
        }
        if (speech) tailLeft = detector.tailFrames();
        else if (tailLeft > 0 && frameIndex == nextFrame) tailLeft--;   // the detector's tail after the VAD closed
        else {
            framesSkipped++;
            return;
        }
        if (frameIndex > nextFrame) replayContext(frameIndex, detections);
        detector.accept(frame, frameIndex, detections);
        framesFed++;
        nextFrame = frameIndex + 1;
    }

    private void replayContext(long frameIndex, Consumer<Detection> detections) {
        long oldestHeld = (ring.start() + Pcm.FRAME_SAMPLES - 1) / Pcm.FRAME_SAMPLES;
        long newestHeld = ring.end() / Pcm.FRAME_SAMPLES - 1; // the current frame is in the ring already
        long from = Math.max(Math.max(nextFrame, frameIndex - detector.contextFrames()), oldestHeld);
        long to = Math.min(frameIndex, newestHeld);
        for (long f = from; f < to; f++) {
            ring.read(f * Pcm.FRAME_SAMPLES, (f + 1) * Pcm.FRAME_SAMPLES, replay, 0);
            detector.accept(replay, f, detections);
            framesFed++;
            framesSkipped--;
        }
    }

    /** Forgets partial matches and what was seen (after a mute, or a session). */
    public void restartAt(long frameIndex) {
        if (partStages != null) for (var part : partStages) part.restartAt(frameIndex);
        nextFrame = Math.max(nextFrame, frameIndex);
        tailLeft = 0;
    }

    /** Frames the detector was given; for one made of parts, the most any part was given. */
    public long framesFed() {
        if (partStages == null) return framesFed;
        long most = 0;
        for (var part : partStages) most = Math.max(most, part.framesFed());
        return most;
    }

    public long framesSkipped() {
        if (partStages == null) return framesSkipped;
        long fewest = Long.MAX_VALUE;
        for (var part : partStages) fewest = Math.min(fewest, part.framesSkipped());
        return fewest;
    }

    public WakeDetector detector() {
        return detector;
    }
}
