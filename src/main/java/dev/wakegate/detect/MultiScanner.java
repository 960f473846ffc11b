package dev.wakegate.detect;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.vad.Vad;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Runs several detectors over one stream at once: source → ring → VAD → one {@link DetectionStage} per detector
 * over the shared ring. The audio is decoded, buffered and classified by the VAD once, and each detector is fed
 * exactly the frames (and the context replays) it would be fed alone, so detector {@code i} finds exactly what a
 * scan with detector {@code i} alone finds: {@code tune} runs one detector per swept sensitivity this way, and
 * {@link StreamScanner} is this scanner with one detector.
 *
 * <p>Frame indices start at 0 in every scan, and a detector keeps state from the frames it saw (partial matches,
 * noise estimate, refractory time): give each stream detectors of their own.
 */
public final class MultiScanner {
    private static final int RING_SECONDS = 4;
    /** How often (in frames) the progress callback hears how many samples were read. */
    private static final int PROGRESS_EVERY = 100;

    private final List<? extends WakeDetector> detectors;
    private final Vad vad;

    public MultiScanner(List<? extends WakeDetector> detectors, Vad vad) {
        if (detectors.isEmpty()) throw new IllegalArgumentException("no detectors");
        this.detectors = List.copyOf(detectors);
        this.vad = vad;
    }

    /** Receives detector {@code index}'s detections. */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, Detection detection);
    }

    /** What a scan read: the 10 ms frames of the stream, and how many of them each detector was fed. */
    record Pass(long frames, long[] framesFed) {}

    /**
     * Scans {@code source} to its end.
     *
     * @param progress told the number of samples read so far, every second of audio; may be a no-op
     * @return the number of 10 ms frames scanned
     */
    public long scan(AudioSource source, Sink detections, LongConsumer progress) throws IOException {
        return scan(source, ring -> detections, progress).frames();
    }

    /**
     * Scans {@code source} to its end, handing detections to the sink {@code sinkOver} makes for the scan's ring:
     * while a detection is handed over, the ring still holds the audio around it.
     */
    Pass scan(AudioSource source, Function<AudioRing, Sink> sinkOver, LongConsumer progress) throws IOException {
        var ring = new AudioRing(RING_SECONDS * Pcm.SAMPLE_RATE);
        Sink detections = sinkOver.apply(ring);
        var stages = new DetectionStage[detectors.size()];
        var sinks = new ArrayList<Consumer<Detection>>(detectors.size());
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new DetectionStage(detectors.get(i), ring);
            int index = i;
            sinks.add(d -> detections.accept(index, d));
        }
        vad.reset();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        long index = 0;
        try {
            while (source.readFully(frame, 0, frame.length) == frame.length) {
                ring.write(frame, 0, frame.length);
                boolean speech = vad.isSpeech(frame);
                for (int i = 0; i < stages.length; i++) stages[i].offer(frame, index, speech, sinks.get(i));
                index++;
                if (index % PROGRESS_EVERY == 0) progress.accept(index * Pcm.FRAME_SAMPLES);
            }
            for (int i = 0; i < stages.length; i++) detectors.get(i).endOfStream(sinks.get(i));
        } finally {
            ring.wipe();
            Arrays.fill(frame, (short) 0);
        }
        progress.accept(index * Pcm.FRAME_SAMPLES);
        return new Pass(index, Arrays.stream(stages).mapToLong(DetectionStage::framesFed).toArray());
    }
}
