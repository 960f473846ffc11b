package dev.wakegate.detect;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Pcm;
import dev.wakegate.confirm.Candidate;
import dev.wakegate.vad.Vad;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a detector over a whole stream: source → ring → VAD → detector, as a {@link MultiScanner} with one
 * detector. Used by {@code scan}; the daemon's pipeline adds confirmation and the gate on top of the same stages.
 *
 * <p>Frame indices start at 0 in every {@link #scan}, and a detector keeps state from the frames it saw (partial
 * matches, noise estimate, refractory time): give each stream a scanner with a detector of its own.
 */
public final class StreamScanner {
    private final MultiScanner scanner;

    public StreamScanner(WakeDetector detector, Vad vad) {
        this.scanner = new MultiScanner(List.of(detector), vad);
    }

    /** How much audio was scanned, how much of it the VAD let through, and the CPU time it took. */
    public record Summary(long frames, long framesFed, long cpuNanos) {
        public double audioSeconds() {
            return frames / (double) Pcm.FRAMES_PER_SECOND;
        }
    }

    public Summary scan(AudioSource source, Consumer<Detection> detections) throws IOException {
        return scan(source, detections, null);
    }

    /**
     * Like {@link #scan(AudioSource, Consumer)}, but each detection is also handed to {@code withAudio} as the
     * candidate the gate would hand its confirmer: the word with the audio around it that the ring holds.
     */
    public Summary scan(AudioSource source, Consumer<Detection> detections, Consumer<Candidate> withAudio) throws IOException {
        var threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        var pass = scanner.scan(source, ring -> (only, d) -> {
            if (withAudio != null) withAudio.accept(Candidate.around(d, ring));
            detections.accept(d);
        }, samples -> {});
        return new Summary(pass.frames(), pass.framesFed()[0], threads.getCurrentThreadCpuTime() - cpuStart);
    }
}
