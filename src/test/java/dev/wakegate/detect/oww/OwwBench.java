package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.confirm.Candidate;
import dev.wakegate.confirm.OwwConfirmer;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.vad.EnergyVad;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The openWakeWord engine's figures on the shared real recordings (run by {@code scripts/bench-oww.sh}):
 * <ul>
 *   <li>recall on Picovoice's crowd-sourced "alexa" recordings, each padded with 1 s of silence on both sides as
 *       openWakeWord's {@code predict_clip} does and scanned like {@code wakegate scan} (energy VAD, context replay);
 *   <li>the same with background noise mixed in at 10 dB SNR, relative to each clip's active speech level;
 *   <li>false accepts per hour over LibriSpeech and the noise files, each scanned as its own stream;
 *   <li>the cascade: each detection re-checked by the openWakeWord confirmer on what the ring holds at that moment
 *       (0.5 s before the detection's start up to the detection);
 *   <li>speed on the calling thread's CPU time (run it pinned to one core), with and without the VAD, and the
 *       bytes allocated per 80 ms step.
 * </ul>
 * Misses are listed with their peak score under openWakeWord's own clip protocol (the {@link OwwScorer}), to tell
 * the model's misses from ours.
 */
public final class OwwBench {
    private static final double SNR_DB = 10;
    private static final double PAD_SECONDS = 1;
    private static boolean recallOnly;
    private static double preRollSeconds = 0.5;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String word;
    private final double sensitivity, confirmSensitivity;
    private final boolean vad;
    private final OwwDetector detector;
    private final OwwConfirmer confirmer;
    private final OwwScorer scorer;

    private OwwBench(String word, double sensitivity, double confirmSensitivity, int triggerSteps, boolean vad) {
        this.word = word;
        this.sensitivity = sensitivity;
        this.confirmSensitivity = confirmSensitivity;
        this.vad = vad;
        var d = OwwTestData.open(word);
        this.detector = new OwwDetector(d.features(), d.wakeModels(), List.of(sensitivity), triggerSteps, 2.0);
        var c = OwwTestData.open(word);
        this.confirmer = new OwwConfirmer(new OwwScorer(c.features(), c.wakeModels()), confirmSensitivity);
        var s = OwwTestData.open(word);
        this.scorer = new OwwScorer(s.features(), s.wakeModels());
    }

    public static void main(String[] args) throws IOException {
        String word = OwwTestData.ALEXA;
        double sensitivity = 0.5, confirmSensitivity = 0.3;
        int limit = Integer.MAX_VALUE, trigger = OwwDetector.DEFAULT_TRIGGER_STEPS;
        boolean vad = true;
        recallOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> word = args[++i];
                case "--sensitivity" -> sensitivity = Double.parseDouble(args[++i]);
                case "--confirm-sensitivity" -> confirmSensitivity = Double.parseDouble(args[++i]);
                case "--clips" -> limit = Integer.parseInt(args[++i]);
                case "--trigger" -> trigger = Integer.parseInt(args[++i]);
                case "--no-vad" -> vad = false;
                case "--recall-only" -> recallOnly = true;
                case "--preroll" -> preRollSeconds = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--model NAME --sensitivity S"
                        + " --confirm-sensitivity S --trigger STEPS --clips N --no-vad --recall-only --preroll SECONDS; -Dwakegate.shared=DIR)");
            }
        }
        System.out.printf(Locale.ROOT, "settings: trigger %d step(s), refractory 2 s, confirmer given %.1f s before the word, %s%n",
                trigger, preRollSeconds, vad ? "recordings scanned like 'wakegate scan' (energy VAD, context replay)" : "every frame fed to the detector (no VAD)");
        var bench = new OwwBench(word, sensitivity, confirmSensitivity, trigger, vad);
        bench.run(limit);
    }

    private void run(int limit) {
        Path shared = OwwTestData.SHARED;
        var clips = OwwTestData.wavs(OwwTestData.ALEXA_CLIPS);
        clips = clips.subList(0, Math.min(limit, clips.size()));
        var noiseFiles = OwwTestData.wavs(shared.resolve("real/noise"));
        var libri = OwwTestData.wavs(shared.resolve("real/librispeech"));
        short[] noise = concat(noiseFiles.stream().map(OwwTestData::read).toList());
        System.out.printf(Locale.ROOT, "openWakeWord engine benchmark: model %s, detector threshold %.2f, confirmer threshold %.2f%n",
                word, OwwDetector.thresholdFor(sensitivity), confirmer.threshold());
        System.out.printf(Locale.ROOT, "shared data: %s%n%n", shared.toAbsolutePath().normalize());

        var clean = recall("clean", clips, null);
        var noisy = recall(String.format(Locale.ROOT, "noise at %.0f dB SNR", SNR_DB), clips, noise);
        timing(clean);
        if (recallOnly) return;

        var fa = falseAccepts(libri, noiseFiles);
        speed(libri);
        System.out.println();
        System.out.printf(Locale.ROOT, "SUMMARY %s: recall clean %.1f%% (cascade %.1f%%), noise %.0f dB %.1f%% (cascade %.1f%%), "
                        + "false accepts %.2f/h (cascade %.2f/h) over %.2f h%n",
                word, clean.recall(), clean.cascadeRecall(), SNR_DB, noisy.recall(), noisy.cascadeRecall(),
                fa.perHour(fa.detections), fa.perHour(fa.confirmed), fa.seconds / 3600);
        detector.close();
        confirmer.close();
        scorer.close();
    }

    // ---- recall

    private record ClipResult(String name, Detection detection, double confirmScore, boolean confirmed, double clipPeak,
                              double wordStartSeconds, double wordEndSeconds) {
        double wordSeconds() {
            return wordEndSeconds - wordStartSeconds;
        }
    }

    private record Recall(String label, List<ClipResult> results) {
        long hits() {
            return results.stream().filter(r -> r.detection != null).count();
        }

        double recall() {
            return 100.0 * hits() / results.size();
        }

        double cascadeRecall() {
            return 100.0 * results.stream().filter(r -> r.confirmed).count() / results.size();
        }
    }

    private Recall recall(String label, List<Path> clips, short[] noise) {
        var results = new ArrayList<ClipResult>();
        long noiseAt = 0;
        for (Path clip : clips) {
            short[] speech = OwwTestData.read(clip);
            short[] stream = OwwTestData.padded(speech, PAD_SECONDS, PAD_SECONDS);
            if (noise != null) {
                mixNoise(stream, speech, noise, noiseAt);
                noiseAt += stream.length;
            }
            var found = scan(stream);
            Detection first = found.stream().filter(d -> d.word().equals(word)).findFirst().orElse(null);
            double confirmScore = 0;
            boolean confirmed = false;
            if (first != null) {
                var v = confirmer.confirm(candidate(first, stream));
                confirmScore = v.score();
                confirmed = v.confirmed();
            }
            double clipPeak = first == null ? scorer.score(stream).getFirst().score() : Double.NaN;
            int[] span = speechSpan(speech);
            results.add(new ClipResult(clip.getFileName().toString(), first, confirmScore, confirmed, clipPeak,
                    PAD_SECONDS + Pcm.seconds(span[0]), PAD_SECONDS + Pcm.seconds(span[1])));
        }
        var r = new Recall(label, results);
        System.out.printf(Locale.ROOT, "recall, %s: %d of %d Picovoice \"alexa\" recordings detected = %.1f%%; confirmed by the cascade %.1f%%%n",
                label, r.hits(), results.size(), r.recall(), r.cascadeRecall());
        var misses = results.stream().filter(x -> x.detection == null).toList();
        if (!misses.isEmpty()) {
            var sb = new StringBuilder("  missed (peak score under openWakeWord's predict_clip protocol):");
            for (var m : misses) sb.append(String.format(Locale.ROOT, " %s %.2f", m.name, m.clipPeak));
            System.out.println(sb);
            long alsoMissedByProtocol = misses.stream().filter(m -> m.clipPeak < OwwDetector.thresholdFor(sensitivity)).count();
            System.out.printf(Locale.ROOT, "  %d of %d misses stay under the threshold in openWakeWord's protocol as well%n", alsoMissedByProtocol, misses.size());
        }
        var unconfirmed = results.stream().filter(x -> x.detection != null && !x.confirmed).toList();
        if (!unconfirmed.isEmpty()) {
            var sb = new StringBuilder("  detected but not confirmed (detector / confirmer score):");
            for (var m : unconfirmed) sb.append(String.format(Locale.ROOT, " %s %.2f/%.2f", m.name, m.detection.score(), m.confirmScore));
            System.out.println(sb);
        }
        return r;
    }

    /** Through the scan path, or (--no-vad) every frame straight to the detector as a new stream. */
    private List<Detection> scan(short[] stream) {
        if (vad) return OwwTestData.scan(detector, stream);
        var found = new ArrayList<Detection>();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; (i + 1) * Pcm.FRAME_SAMPLES <= stream.length; i++) {
            System.arraycopy(stream, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
            detector.accept(frame, i, found::add);
        }
        return found;
    }

    /** What the ring holds when the detector fires: from 0.5 s (--preroll) before the detection's start up to the detection. */
    private static Candidate candidate(Detection d, short[] stream) {
        int from = (int) Math.max(0, d.startSample() - Pcm.samples(preRollSeconds));
        int to = (int) Math.min(stream.length, d.atSample());
        return new Candidate(d, Arrays.copyOfRange(stream, from, to), from);
    }

    /** Adds noise to the whole padded stream, scaled to {@link #SNR_DB} below the clip's active speech level. */
    private static void mixNoise(short[] stream, short[] speech, short[] noise, long noiseAt) {
        double speechPower = activeSpeechPower(speech);
        double noisePower = 0;
        for (int i = 0; i < stream.length; i++) {
            double v = noise[(int) ((noiseAt + i) % noise.length)];
            noisePower += v * v;
        }
        noisePower /= stream.length;
        double gain = Math.sqrt(speechPower / (noisePower * Math.pow(10, SNR_DB / 10)));
        for (int i = 0; i < stream.length; i++) {
            double v = stream[i] + gain * noise[(int) ((noiseAt + i) % noise.length)];
            stream[i] = (short) Math.clamp(Math.round(v), Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    /**
     * The active speech level (a simplified ITU-T P.56): the mean power of the 10 ms frames (DC removed) that are
     * within 20 dB of the clip's 95th-percentile frame power, i.e. the speech, not the pauses around it.
     */
    static double activeSpeechPower(short[] x) {
        double[] p = framePowers(x);
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double floor = sorted[(int) (0.95 * (sorted.length - 1))] / 100;
        double sum = 0;
        int n = 0;
        for (double v : p) {
            if (v < floor) continue;
            sum += v;
            n++;
        }
        return n == 0 ? 1 : sum / n;
    }

    private static double[] framePowers(short[] x) {
        double mean = 0;
        for (short s : x) mean += s;
        mean /= Math.max(1, x.length);
        int frames = x.length / Pcm.FRAME_SAMPLES;
        double[] p = new double[Math.max(1, frames)];
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = 0; i < Pcm.FRAME_SAMPLES; i++) {
                double v = x[f * Pcm.FRAME_SAMPLES + i] - mean;
                e += v * v;
            }
            p[f] = e / Pcm.FRAME_SAMPLES;
        }
        return p;
    }

    /** First and one-past-last sample of the frames within 30 dB of the loudest (and 12 dB over the quietest tenth). */
    private static int[] speechSpan(short[] x) {
        double[] p = framePowers(x);
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double threshold = Math.max(sorted[sorted.length / 10] * Math.pow(10, 1.2), sorted[sorted.length - 1] / 1000);
        int first = -1, last = -1;
        for (int f = 0; f < p.length; f++) {
            if (p[f] <= threshold) continue;
            if (first < 0) first = f;
            last = f;
        }
        return first < 0 ? new int[]{0, x.length} : new int[]{first * Pcm.FRAME_SAMPLES, (last + 1) * Pcm.FRAME_SAMPLES};
    }

    /** Where detections end relative to the end of the word's energy, on the clean clips. */
    private void timing(Recall clean) {
        var all = new ArrayList<Double>();
        var tight = new ArrayList<Double>();
        var tightStart = new ArrayList<Double>();
        var latency = new ArrayList<Double>();
        for (var r : clean.results) {
            if (r.detection == null) continue;
            double lag = r.detection.endSeconds() - r.wordEndSeconds;
            all.add(lag);
            if (r.wordSeconds() < 0.8) {
                tight.add(lag);
                tightStart.add(r.detection.startSeconds() - r.wordStartSeconds);
            }
            latency.add(Pcm.seconds(r.detection.atSample()) - r.wordEndSeconds);
        }
        System.out.printf(Locale.ROOT, "timing (clean): detection end minus end of the word's energy: median %+.2f s (p10 %+.2f, p90 %+.2f), n=%d;"
                        + " clips whose energy span is under 0.8 s: median %+.2f s (p10 %+.2f, p90 %+.2f), n=%d%n",
                pct(all, 50), pct(all, 10), pct(all, 90), all.size(), pct(tight, 50), pct(tight, 10), pct(tight, 90), tight.size());
        System.out.printf(Locale.ROOT, "timing (clean, energy span under 0.8 s): detection start minus start of the word's energy: median %+.2f s (p10 %+.2f, p90 %+.2f)%n",
                pct(tightStart, 50), pct(tightStart, 10), pct(tightStart, 90));
        System.out.printf(Locale.ROOT, "latency (clean): decision after the end of the word's energy: median %+.2f s, p90 %+.2f s%n",
                pct(latency, 50), pct(latency, 90));
    }

    private static double pct(List<Double> v, int p) {
        if (v.isEmpty()) return Double.NaN;
        var s = new ArrayList<>(v);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.round(p / 100.0 * (s.size() - 1))));
    }

    // ---- false accepts

    private static final class FalseAccepts {
        double seconds;
        int detections, confirmed;
        final List<String> lines = new ArrayList<>();

        double perHour(int n) {
            return n / (seconds / 3600);
        }
    }

    private FalseAccepts falseAccepts(List<Path> libri, List<Path> noiseFiles) {
        var fa = new FalseAccepts();
        double cpu = 0;
        long frames = 0, fed = 0;
        var files = new ArrayList<>(libri);
        files.addAll(noiseFiles);
        for (Path f : files) {
            short[] audio = OwwTestData.read(f);
            var found = new ArrayList<Detection>();
            StreamScanner.Summary summary;
            try {
                summary = new StreamScanner(detector, vad ? new EnergyVad() : new AlwaysSpeech()).scan(new OwwTestData.ArraySource(audio), found::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            fa.seconds += summary.audioSeconds();
            cpu += summary.cpuNanos() / 1e9;
            frames += summary.frames();
            fed += summary.framesFed();
            for (var d : found) {
                var v = confirmer.confirm(candidate(d, audio));
                fa.detections++;
                if (v.confirmed()) fa.confirmed++;
                fa.lines.add(String.format(Locale.ROOT, "  %s at %.2f s: score %.2f, confirmer %s", f.getFileName(), d.endSeconds(), d.score(), v.reason()));
            }
        }
        System.out.printf(Locale.ROOT, "false accepts: %d detections in %.1f min of LibriSpeech + noise (%d files) = %.2f per hour;"
                        + " confirmed by the cascade: %d = %.2f per hour%n",
                fa.detections, fa.seconds / 60, files.size(), fa.perHour(fa.detections), fa.confirmed, fa.perHour(fa.confirmed));
        fa.lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "speed, scan path (VAD on, %.0f%% of frames past it): %.1f s CPU for %.1f s audio = %.0fx real time, %.0f CPU-s per audio hour%n",
                100.0 * fed / frames, cpu, fa.seconds, fa.seconds / cpu, cpu / (fa.seconds / 3600));
        return fa;
    }

    // ---- speed without the VAD, and allocation

    private void speed(List<Path> libri) {
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        long frames = 0, cpu = 0, bytes = 0;
        long index = 0;
        for (int rep = 0; rep < 2; rep++) {          // the first pass warms up the JIT and is not counted
            for (Path f : libri) {
                short[] audio = OwwTestData.read(f);
                long c0 = THREADS.getCurrentThreadCpuTime(), b0 = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; (i + 1) * Pcm.FRAME_SAMPLES <= audio.length; i++) {
                    System.arraycopy(audio, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
                    detector.accept(frame, index++, OwwBench::ignore);
                }
                if (rep == 0) continue;
                cpu += THREADS.getCurrentThreadCpuTime() - c0;
                bytes += THREADS.getCurrentThreadAllocatedBytes() - b0;
                frames += audio.length / Pcm.FRAME_SAMPLES;
            }
        }
        double audio = frames / (double) Pcm.FRAMES_PER_SECOND, seconds = cpu / 1e9;
        long steps = frames / (OwwPipeline.STEP_SAMPLES / Pcm.FRAME_SAMPLES);
        System.out.printf(Locale.ROOT, "speed, every frame (no VAD): %.1f s CPU for %.1f s audio = %.0fx real time, %.0f CPU-s per audio hour, %.2f ms per 80 ms step%n",
                seconds, audio, audio / seconds, seconds / (audio / 3600), 1000 * seconds / steps);
        System.out.printf(Locale.ROOT, "allocation: %.0f bytes per 80 ms step (ONNX Runtime's result handles; buffers and tensors are reused)%n",
                bytes / (double) steps);
    }

    private static void ignore(Detection d) {}

    /** For --no-vad: every frame is speech. */
    private static final class AlwaysSpeech implements dev.wakegate.vad.Vad {
        @Override
        public boolean isSpeech(short[] frame) {
            return true;
        }

        @Override
        public boolean voiced() {
            return true;
        }

        @Override
        public double levelDb() {
            return 0;
        }

        @Override
        public void reset() {}
    }

    private static short[] concat(List<short[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
