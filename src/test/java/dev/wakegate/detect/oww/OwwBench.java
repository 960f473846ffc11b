package dev.wakegate.detect.oww;

import dev.wakegate.audio.Pcm;
import dev.wakegate.confirm.OwwConfirmer;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.testing.Engine;
import dev.wakegate.audio.ShortArraySource;
import dev.wakegate.testing.TestData;
import dev.wakegate.vad.EnergyVad;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The openWakeWord engine's figures on the shared real recordings (run by {@code scripts/bench-oww.sh}), for the
 * detector alone and for the gate: the detector with its default confirmer ({@code --confirm oww}), which is what
 * {@code wakegate run} lets through, since the daemon never streams without a confirmation.
 * <ul>
 *   <li>recall on Picovoice's crowd-sourced "alexa" recordings, each padded with 1 s of silence on both sides as
 *       openWakeWord's {@code predict_clip} does and scanned like {@code wakegate scan} (energy VAD, context replay).
 *       A detection counts only if it ends after the word's sound has begun;
 *   <li>the same with background noise mixed in at 10 dB SNR, relative to each clip's active speech level;
 *   <li>false accepts per hour over LibriSpeech and the noise files, each scanned as its own stream;
 *   <li>the gate: every detection re-checked by the confirmer on what the gate hands it, the audio the ring holds
 *       at the decision from 0.5 s before the detection's start to at most 0.3 s after its end; the gate wakes on
 *       the first confirmed detection. The confirmer's score is kept, so the figures are also given for other
 *       confirmer thresholds (the curve);
 *   <li>speed on the calling thread's CPU time (run it pinned to one core), with and without the VAD, the
 *       bytes allocated per 80 ms step, and the speech embedding's cost per step: the window model against the
 *       model re-cut to run step by step.
 * </ul>
 * Misses are listed with their peak score under openWakeWord's own clip protocol (the {@link OwwScorer}), to tell
 * the model's misses from ours.
 */
public final class OwwBench {
    private static final double PAD_SECONDS = 1;
    /** What the gate hands the confirmer (Gate.CONFIRM_BEFORE_SECONDS, CONFIRM_AFTER_SECONDS). */
    private static final double CONFIRM_BEFORE_SECONDS = 0.5, CONFIRM_AFTER_SECONDS = 0.3;
    private static final double[] CURVE = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Options o;
    private final OwwDetector detector;
    private final OwwConfirmer confirmer;
    private final OwwScorer scorer;

    /** The bench's settings; the defaults are wakegate's. */
    private static final class Options {
        String word = OwwTestData.ALEXA;
        double sensitivity = 0.5, confirmSensitivity = OwwConfirmer.DEFAULT_SENSITIVITY, snrDb = 10, noiseOffsetSeconds = 0;
        OwwDecision decision = OwwDecision.DEFAULT;
        int limit = Integer.MAX_VALUE, confirmGrids = OwwConfirmer.DEFAULT_GRIDS;
        boolean vad = true, recallOnly, heldOut;

        String describeDecision() {
            return String.format(Locale.ROOT, "trigger %d step(s), decision held %d step(s), %d of %d step grids, refractory %.0f s",
                    decision.triggerSteps(), decision.holdSteps(), decision.gridsNeeded(), OwwDecision.GRIDS, decision.refractorySeconds());
        }
    }

    private OwwBench(Options o) {
        this.o = o;
        this.detector = OwwTestData.detector(o.decision, o.sensitivity, o.word);
        var c = OwwTestData.open(o.word);
        this.confirmer = new OwwConfirmer(new OwwScorer(c.features(), c.wakeModels()), Sensitivity.of(o.confirmSensitivity), o.confirmGrids);
        var s = OwwTestData.open(o.word);
        this.scorer = new OwwScorer(s.features(), s.wakeModels());
    }

    public static void main(String[] args) throws IOException {
        var o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> o.word = args[++i];
                case "--sensitivity" -> o.sensitivity = Double.parseDouble(args[++i]);
                case "--confirm-sensitivity" -> o.confirmSensitivity = Double.parseDouble(args[++i]);
                case "--clips" -> o.limit = Integer.parseInt(args[++i]);
                case "--trigger" -> o.decision = o.decision.withTriggerSteps(Integer.parseInt(args[++i]));
                case "--hold" -> o.decision = o.decision.withHoldSteps(Integer.parseInt(args[++i]));
                case "--grids" -> o.decision = o.decision.withGridsNeeded(Integer.parseInt(args[++i]));
                case "--confirm-grids" -> o.confirmGrids = Integer.parseInt(args[++i]);
                case "--openwakeword" -> o.decision = OwwDecision.OPENWAKEWORD;
                case "--snr" -> o.snrDb = Double.parseDouble(args[++i]);
                case "--noise-offset" -> o.noiseOffsetSeconds = Double.parseDouble(args[++i]);
                case "--held-out" -> o.heldOut = true;
                case "--no-vad" -> o.vad = false;
                case "--recall-only" -> o.recallOnly = true;
                case "--embedding-cost" -> {
                    embeddingCost();
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--model NAME --sensitivity S"
                        + " --confirm-sensitivity S --confirm-grids N --trigger STEPS --hold STEPS --grids N --openwakeword --snr DB --noise-offset SECONDS"
                        + " --held-out --clips N --no-vad --recall-only --embedding-cost; -Dwakegate.shared=DIR)");
            }
        }
        System.out.printf(Locale.ROOT, "settings: %s; %s%n", o.describeDecision(),
                o.vad ? "recordings scanned like 'wakegate scan' (energy VAD, context replay)" : "every frame fed to the detector (no VAD)");
        var bench = new OwwBench(o);
        bench.run();
    }

    private void run() {
        Path shared = OwwTestData.SHARED;
        var clips = OwwTestData.wavs(OwwTestData.ALEXA_CLIPS);
        clips = clips.subList(0, Math.min(o.limit, clips.size()));
        var noiseFiles = OwwTestData.wavs(shared.resolve("real/noise"));
        var libri = OwwTestData.wavs(shared.resolve("real/librispeech"));
        short[] noise = concat(noiseFiles.stream().map(TestData::samples).toList());
        System.out.printf(Locale.ROOT, "openWakeWord engine benchmark: model %s, detector threshold %.2f, confirmer threshold %.2f on %d step grid(s)%n",
                o.word, Sensitivity.of(o.sensitivity).threshold(), confirmer.threshold(), confirmer.grids());
        System.out.printf(Locale.ROOT, "shared data: %s%n%n", shared.toAbsolutePath().normalize());

        var clean = recall("clean", clips, null);
        var noisy = recall(String.format(Locale.ROOT, "noise at %.0f dB SNR", o.snrDb), clips, noise);
        timing(clean);
        if (o.recallOnly) {
            summary(clean, noisy, null);
            return;
        }
        var fa = falseAccepts(libri, noiseFiles);
        if (o.heldOut) heldOut(shared, libri, noise);
        speed(libri);
        summary(clean, noisy, fa);
        detector.close();
        confirmer.close();
        scorer.close();
    }

    private void summary(Recall clean, Recall noisy, FalseAccepts fa) {
        System.out.println();
        System.out.println("the gate's figures for other confirmer thresholds (the detector unchanged):");
        System.out.printf(Locale.ROOT, "  %-9s %8s %8s %s%n", "threshold", "clean", "noise", fa == null ? "" : "false accepts/h");
        for (double t : CURVE) {
            System.out.printf(Locale.ROOT, "  %-9.2f %7.1f%% %7.1f%% %s%s%n", t, clean.gateRecall(t), noisy.gateRecall(t),
                    fa == null ? "" : String.format(Locale.ROOT, "%.2f", fa.perHour(fa.confirmedAt(t))),
                    Math.abs(t - confirmer.threshold()) < 1e-9 ? "   <- default" : "");
        }
        System.out.println();
        String faDetector = fa == null ? "" : String.format(Locale.ROOT, ", false accepts %.2f/h over %.2f h", fa.perHour(fa.detections()), fa.seconds / 3600);
        String faGate = fa == null ? "" : String.format(Locale.ROOT, ", false accepts %.2f/h", fa.perHour(fa.confirmedAt(confirmer.threshold())));
        System.out.printf(Locale.ROOT, "SUMMARY %s, detector alone (--engine oww: threshold %.2f, %s): recall clean %.1f%%, noise %.0f dB %.1f%%%s%n",
                o.word, Sensitivity.of(o.sensitivity).threshold(), o.describeDecision(), clean.recall(), o.snrDb, noisy.recall(), faDetector);
        double t = confirmer.threshold();
        System.out.printf(Locale.ROOT, "SUMMARY %s, the gate (that detector + --confirm oww: threshold %.2f on %d step grids; what 'wakegate run' lets through):"
                        + " recall clean %.1f%%, noise %.0f dB %.1f%%%s%n",
                o.word, t, confirmer.grids(), clean.gateRecall(t), o.snrDb, noisy.gateRecall(t), faGate);
        if (fa != null && o.limit == Integer.MAX_VALUE && o.snrDb == 10 && o.noiseOffsetSeconds == 0) {
            boolean met = clean.gateRecall(t) >= 92 && noisy.gateRecall(t) >= 85 && fa.perHour(fa.confirmedAt(t)) <= 1;
            System.out.printf(Locale.ROOT, "acceptance for the gate (clean >= 92%%, 10 dB noise >= 85%%, <= 1 false accept per hour): %s%n",
                    met ? "met" : "NOT met");
        }
    }

    // ---- recall

    /** A detection and the confirmer's verdict on what the gate would hand it. */
    private record Checked(Detection detection, double confirmScore, boolean confirmed) {}

    private record ClipResult(String name, List<Checked> found, double clipPeak, double wordStartSeconds, double wordEndSeconds) {
        double wordSeconds() {
            return wordEndSeconds - wordStartSeconds;
        }

        /** Whether a detection can have heard the word: it ends after the word's sound began. */
        boolean atWord(Detection d) {
            return d.endSeconds() > wordStartSeconds;
        }

        /** The detector's first detection of the word, or null. */
        Detection detection() {
            return found.stream().map(Checked::detection).filter(this::atWord).findFirst().orElse(null);
        }

        /** The gate wakes on the first detection the confirmer accepts at {@code threshold}; null if none. */
        Checked gateWake(double threshold) {
            return found.stream().filter(c -> c.confirmScore >= threshold).findFirst().orElse(null);
        }

        boolean gateHit(double threshold) {
            var w = gateWake(threshold);
            return w != null && atWord(w.detection);
        }
    }

    private record Recall(String label, List<ClipResult> results) {
        long hits() {
            return results.stream().filter(r -> r.detection() != null).count();
        }

        double recall() {
            return 100.0 * hits() / results.size();
        }

        double gateRecall(double threshold) {
            return 100.0 * results.stream().filter(r -> r.gateHit(threshold)).count() / results.size();
        }
    }

    private Recall recall(String label, List<Path> clips, short[] noise) {
        var results = new ArrayList<ClipResult>();
        long noiseAt = Pcm.samples(o.noiseOffsetSeconds);
        for (Path clip : clips) {
            short[] speech = TestData.samples(clip);
            short[] stream = OwwTestData.padded(speech, PAD_SECONDS, PAD_SECONDS);
            if (noise != null) {
                mixNoise(stream, speech, noise, noiseAt, o.snrDb);
                noiseAt += stream.length;
            }
            var found = new ArrayList<Checked>();
            for (Detection d : scan(stream)) {
                if (!d.word().equals(o.word)) continue;
                var v = confirmer.confirm(candidate(d, stream));
                found.add(new Checked(d, v.score(), v.confirmed()));
            }
            int[] span = speechSpan(speech);
            var r = new ClipResult(clip.getFileName().toString(), found, Double.NaN,
                    PAD_SECONDS + Pcm.seconds(span[0]), PAD_SECONDS + Pcm.seconds(span[1]));
            if (r.detection() == null) r = new ClipResult(r.name, found, scorer.score(stream).getFirst().score(), r.wordStartSeconds, r.wordEndSeconds);
            results.add(r);
        }
        var r = new Recall(label, results);
        double t = confirmer.threshold();
        System.out.printf(Locale.ROOT, "recall, %s: %d of %d Picovoice \"alexa\" recordings detected = %.1f%%; the gate (confirmer at %.2f) %.1f%%%n",
                label, r.hits(), results.size(), r.recall(), t, r.gateRecall(t));
        var misses = results.stream().filter(x -> x.detection() == null).toList();
        if (!misses.isEmpty()) {
            var sb = new StringBuilder("  missed (peak score under openWakeWord's predict_clip protocol):");
            for (var m : misses) sb.append(String.format(Locale.ROOT, " %s %.2f", m.name, m.clipPeak));
            System.out.println(sb);
            long alsoMissedByProtocol = misses.stream().filter(m -> m.clipPeak < Sensitivity.of(o.sensitivity).threshold()).count();
            System.out.printf(Locale.ROOT, "  %d of %d misses stay under the threshold in openWakeWord's protocol as well%n", alsoMissedByProtocol, misses.size());
        }
        var early = results.stream().filter(x -> x.found.stream().anyMatch(c -> !x.atWord(c.detection))).toList();
        if (!early.isEmpty()) {
            var sb = new StringBuilder("  detections that end before the word's sound begins (not counted; confirmed?):");
            for (var m : early)
                for (var c : m.found)
                    if (!m.atWord(c.detection)) sb.append(String.format(Locale.ROOT, " %s at %.2f s %s", m.name, c.detection.endSeconds(), c.confirmed ? "yes" : "no"));
            System.out.println(sb);
        }
        var unconfirmed = results.stream().filter(x -> x.detection() != null && !x.gateHit(t)).toList();
        if (!unconfirmed.isEmpty()) {
            var sb = new StringBuilder("  detected but not let through by the gate (detector / confirmer score):");
            for (var m : unconfirmed) {
                var d = m.found.stream().filter(c -> m.atWord(c.detection)).findFirst().orElseThrow();
                sb.append(String.format(Locale.ROOT, " %s %.2f/%.2f", m.name, d.detection.score(), d.confirmScore));
            }
            System.out.println(sb);
        }
        return r;
    }

    /** Through the scan path, or (--no-vad) every frame straight to the detector as a new stream. */
    private List<Detection> scan(short[] stream) {
        if (o.vad) return Engine.scan(detector, stream);
        var found = new ArrayList<Detection>();
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; (i + 1) * Pcm.FRAME_SAMPLES <= stream.length; i++) {
            System.arraycopy(stream, i * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
            detector.accept(frame, i, found::add);
        }
        detector.endOfStream(found::add);
        return found;
    }

    /**
     * What the gate hands the confirmer: from 0.5 s before the detection's start to 0.3 s after its end, but no
     * further than the ring holds when the detector decides.
     */
    private static HeardWord candidate(Detection d, short[] stream) {
        int from = (int) Math.max(0, d.startSample() - Pcm.samples(CONFIRM_BEFORE_SECONDS));
        int to = (int) Math.min(Math.min(stream.length, d.atSample()), d.endSample() + Pcm.samples(CONFIRM_AFTER_SECONDS));
        return new HeardWord(d, Arrays.copyOfRange(stream, from, to), from);
    }

    /** Adds noise to the whole stream, scaled to {@code snrDb} below the speech's active level. */
    static void mixNoise(short[] stream, short[] speech, short[] noise, long noiseAt, double snrDb) {
        double speechPower = activeSpeechPower(speech);
        double noisePower = 0;
        for (int i = 0; i < stream.length; i++) {
            double v = noise[(int) ((noiseAt + i) % noise.length)];
            noisePower += v * v;
        }
        noisePower /= stream.length;
        double gain = Math.sqrt(speechPower / (noisePower * Math.pow(10, snrDb / 10)));
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
            var d = r.detection();
            if (d == null) continue;
            double lag = d.endSeconds() - r.wordEndSeconds;
            all.add(lag);
            if (r.wordSeconds() < 0.8) {
                tight.add(lag);
                tightStart.add(d.startSeconds() - r.wordStartSeconds);
            }
            latency.add(Pcm.seconds(d.atSample()) - r.wordEndSeconds);
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
        final List<Double> confirmScores = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        int detections() {
            return confirmScores.size();
        }

        int confirmedAt(double threshold) {
            return (int) confirmScores.stream().filter(c -> c >= threshold).count();
        }

        double perHour(int n) {
            return n / (seconds / 3600);
        }
    }

    private FalseAccepts falseAccepts(List<Path> libri, List<Path> noiseFiles) {
        var files = new ArrayList<>(libri);
        files.addAll(noiseFiles);
        var fa = falseAccepts(files.stream().map(f -> new Named(f.getFileName().toString(), TestData.samples(f))).toList(), true);
        System.out.printf(Locale.ROOT, "false accepts: %d detections in %.1f min of LibriSpeech + noise (%d files) = %.2f per hour;"
                        + " let through by the gate: %d = %.2f per hour%n",
                fa.detections(), fa.seconds / 60, files.size(), fa.perHour(fa.detections()),
                fa.confirmedAt(confirmer.threshold()), fa.perHour(fa.confirmedAt(confirmer.threshold())));
        fa.lines.forEach(System.out::println);
        return fa;
    }

    private record Named(String name, short[] audio) {}

    /** Each stream scanned on its own; every detection re-checked as the gate would. */
    private FalseAccepts falseAccepts(List<Named> streams, boolean printSpeed) {
        var fa = new FalseAccepts();
        double cpu = 0;
        long frames = 0, fed = 0;
        for (var n : streams) {
            var found = new ArrayList<Detection>();
            StreamScanner.Summary summary;
            try {
                summary = new StreamScanner(detector, o.vad ? new EnergyVad() : new AlwaysSpeech()).scan(new ShortArraySource(n.name(), n.audio), heard -> found.add(heard.detection()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            fa.seconds += summary.audioSeconds();
            cpu += summary.cpuNanos() / 1e9;
            frames += summary.frames();
            fed += summary.framesFed();
            for (var d : found) {
                var v = confirmer.confirm(candidate(d, n.audio));
                fa.confirmScores.add(v.score());
                fa.lines.add(String.format(Locale.ROOT, "  %s at %.2f s: score %.2f, confirmer %s", n.name, d.endSeconds(), d.score(), v.reason()));
            }
        }
        if (printSpeed)
            System.out.printf(Locale.ROOT, "speed, scan path (VAD on, %.0f%% of frames past it): %.1f s CPU for %.1f s audio = %.0fx real time, %.0f CPU-s per audio hour%n",
                    100.0 * fed / frames, cpu, fa.seconds, fa.seconds / cpu, cpu / (fa.seconds / 3600));
        return fa;
    }

    /**
     * --held-out: negatives the defaults were not chosen on. LibriSpeech with the noise mixed in at the bench's SNR,
     * the synthetic household speech of the dev corpus (which says "hey computer"), Picovoice's "computer"
     * recordings and the Mycroft Precise community's recordings (padded like the positives).
     */
    private void heldOut(Path shared, List<Path> libri, short[] noise) {
        var noisyLibri = new ArrayList<Named>();
        long at = Pcm.samples(o.noiseOffsetSeconds);
        for (Path f : libri) {
            short[] a = TestData.samples(f);
            mixNoise(a, a.clone(), noise, at, o.snrDb);
            at += a.length;
            noisyLibri.add(new Named(f.getFileName().toString(), a));
        }
        reportHeldOut(String.format(Locale.ROOT, "LibriSpeech + noise at %.0f dB", o.snrDb), falseAccepts(noisyLibri, false));
        var other = new ArrayList<Named>();
        for (String voice : List.of("espeak_en-us+m3", "flite_kal16", "flite_slt")) {
            Path f = shared.resolve("corpus/dev/" + voice + "/stream.wav");
            if (java.nio.file.Files.exists(f)) other.add(new Named(shared.relativize(f).toString(), TestData.samples(f)));
        }
        for (String dir : List.of("real/picovoice-benchmark/computer", "real/precise-community/not-wake-words-en",
                "real/precise-community/computer-en", "real/precise-community/athena-en", "real/precise-community/heycomputer-en")) {
            if (!java.nio.file.Files.isDirectory(shared.resolve(dir))) continue;
            for (Path f : OwwTestData.wavs(shared.resolve(dir)))
                other.add(new Named(shared.relativize(f).toString(), OwwTestData.padded(TestData.samples(f), PAD_SECONDS, PAD_SECONDS)));
        }
        reportHeldOut("dev corpus streams, Picovoice \"computer\", Precise community recordings", falseAccepts(other, false));
    }

    private void reportHeldOut(String label, FalseAccepts fa) {
        System.out.printf(Locale.ROOT, "held out, %s: %.1f min, %d detections = %.2f per hour; let through by the gate: %d = %.2f per hour%n",
                label, fa.seconds / 60, fa.detections(), fa.perHour(fa.detections()),
                fa.confirmedAt(confirmer.threshold()), fa.perHour(fa.confirmedAt(confirmer.threshold())));
        fa.lines.forEach(System.out::println);
    }

    // ---- speed without the VAD, and allocation

    private void speed(List<Path> libri) {
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        long frames = 0, cpu = 0, bytes = 0;
        long index = 0;
        for (int rep = 0; rep < 2; rep++) {          // the first pass warms up the JIT and is not counted
            for (Path f : libri) {
                short[] audio = TestData.samples(f);
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
        embeddingCost();
    }

    /**
     * The speech embedding's cost per 80 ms step on this thread's CPU: the window model on each 76-frame window, and the
     * model re-cut to run step by step ({@link EmbeddingStream}), one step and three steps per run.
     */
    static void embeddingCost() {
        int runs = 3000;
        var random = new java.util.Random(7);
        float[] frames = new float[(FeatureModels.WINDOW_FRAMES + 24) * FeatureModels.MELS];
        for (int i = 0; i < frames.length; i++) frames[i] = (float) (random.nextGaussian() + 1);
        try (var models = FeatureModels.open(OwwTestData.MODELS);
             var window = new Onnx.Call(models.embedding, new long[]{1, FeatureModels.WINDOW_FRAMES, FeatureModels.MELS, 1},
                     new long[]{1, 1, 1, FeatureModels.EMBEDDING_SIZE})) {
            window.in.put(0, frames, 0, FeatureModels.WINDOW_FRAMES * FeatureModels.MELS);
            double whole = msPerRun(window::run, runs);
            if (models.streaming == null) {
                System.out.printf(Locale.ROOT, "speech embedding per 80 ms step: %.3f ms (the window model; it could not be re-cut here)%n", whole);
                return;
            }
            try (var cursor = models.streaming.cursor(null, null)) {
                double one = msPerRun(() -> cursor.step(frames, 0, 1), runs);
                double three = msPerRun(() -> cursor.step(frames, 0, EmbeddingStream.BATCH_STEPS), runs) / EmbeddingStream.BATCH_STEPS;
                System.out.printf(Locale.ROOT, "speech embedding per 80 ms step: %.3f ms for the whole window, %.3f ms step by step,"
                        + " %.3f ms three steps in one run (%.1fx and %.1fx less)%n", whole, one, three, whole / one, whole / three);
            }
        }
    }

    private static double msPerRun(Runnable run, int runs) {
        for (int i = 0; i < runs / 10; i++) run.run();
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) run.run();
        return (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / runs;
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

    static short[] concat(List<short[]> parts) {
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
