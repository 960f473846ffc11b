package dev.wakegate.detect;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.Pcm;
import dev.wakegate.vad.Vad;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs a detector over a whole stream, as a {@link MultiScanner} with one detector. Used by {@code scan}; the daemon's
 * gate adds confirmation and the uplink on top of the same {@link FrontEnd}.
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

    /**
     * Scans {@code source} to its end. Each word found is handed over with the audio around it that the ring holds at
     * that moment: what the gate would hand its confirmer. {@code found} returns whether the word stands: false (the
     * confirmer turned it down) lets the detector fire again at once, as in the gate.
     */
    public Summary scan(AudioSource source, Predicate<HeardWord> found) throws IOException {
        var threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        var pass = scanner.scan(source, (only, heard) -> found.test(heard), samples -> {});
        return new Summary(pass.frames(), pass.framesFed()[0], threads.getCurrentThreadCpuTime() - cpuStart);
    }
}
