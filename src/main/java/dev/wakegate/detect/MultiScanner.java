package dev.wakegate.detect;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.vad.Vad;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs several detectors over one stream at once through one {@link FrontEnd}: the audio is decoded, buffered and
 * classified by the VAD once, and each detector is fed exactly the frames (and the context replays) it would be fed
 * alone, so detector {@code i} finds exactly what a scan with detector {@code i} alone finds: {@code tune} runs one
 * detector per swept sensitivity this way, and {@link StreamScanner} is this scanner with one detector.
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

    /**
     * Receives what detector {@code index} found: the word with the audio the ring still holds around it. Returns
     * whether the word stands; false (a confirmer turned it down) lets the detector fire again at once, as in the gate.
     */
    @FunctionalInterface
    public interface Sink {
        boolean accept(int index, HeardWord heard);
    }

    /** What a scan read: the 10 ms frames of the stream, and how many of them each detector was fed. */
    public record Pass(long frames, long[] framesFed) {}

    /**
     * Scans {@code source} to its end.
     *
     * @param progress told the number of samples read so far, every second of audio; may be a no-op
     */
    public Pass scan(AudioSource source, Sink found, LongConsumer progress) throws IOException {
        var ring = new AudioRing(RING_SECONDS * Pcm.SAMPLE_RATE);
        vad.reset();
        var ear = new FrontEnd(ring, vad, detectors, 0);
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        long index = 0;
        try {
            while (source.readFully(frame, 0, frame.length) == frame.length) {
                ear.hear(frame, index);
                handOver(ear, found, Long.MAX_VALUE);
                index++;
                if (index % PROGRESS_EVERY == 0) progress.accept(index * Pcm.FRAME_SAMPLES);
            }
            ear.endOfInput();
            handOver(ear, found, index * Pcm.FRAME_SAMPLES);
            while (ear.handOnWaiting()) handOver(ear, found, index * Pcm.FRAME_SAMPLES);
        } finally {
            ring.wipe();
            Arrays.fill(frame, (short) 0);
        }
        progress.accept(index * Pcm.FRAME_SAMPLES);
        long[] fed = new long[detectors.size()];
        for (int i = 0; i < fed.length; i++) fed[i] = ear.framesFed(i);
        return new Pass(index, fed);
    }

    private static void handOver(FrontEnd ear, Sink found, long inputEnd) {
        for (int i = 0; i < ear.found(); i++)
            if (!found.accept(ear.foundBy(i), HeardWord.around(ear.found(i), ear.ring(), inputEnd))) ear.refused(i);
    }
}
