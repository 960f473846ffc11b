package dev.wakegate.cli;

import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audio.WavReader;
import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.MultiScanner;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.internal.Futures;
import dev.wakegate.internal.Terminal;
import dev.wakegate.internal.UserError;
import dev.wakegate.tune.CurvePlot;
import dev.wakegate.tune.LabelFile;
import dev.wakegate.tune.Span;
import dev.wakegate.tune.Sweep;
import dev.wakegate.vad.EnergyVad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what each sensitivity costs on your recordings, and recommend one.",
                "Misses on recordings of the wake word (positives) against false wakes on ordinary sound (negatives).",
                "Prints a table and a line starting 'Recommended sensitivity:'. Each sensitivity is run separately",
                "(the audio is decoded once): deriving every threshold from one run would not be exact."},
        footer = {"", "Examples:",
                "  wakegate tune --model me.json --positives takes/ --negatives kitchen-evening.wav --plot curve.png",
                "  wakegate tune --model me.json --positives pos/ --labels pos/labels.tsv --negatives neg/ \\",
                "                --csv curve.csv --write-config /etc/wakegate/wakegate.properties",
                "  wakegate tune --model me.json --confirm template --positives takes/ --negatives neg/   # what run finds",
                "  wakegate tune --model me.json --confirm template --positives takes/ --negatives neg/ \\",
                "                --near-misses sounds-like/   # 'hey jester', 'hey jaspers', ... said by you: how many pass"})
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    ConfirmOptions confirm;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--positives", arity = "1..*", paramLabel = "DIR|WAV",
            description = "Recordings that contain the wake word: WAV files, or folders of them (*.wav directly inside).")
    List<Path> positives = new ArrayList<>();

    @Option(names = "--voice", paramLabel = "NAME=DIR|WAV",
            description = "Positives said by one person of the household, e.g. --voice anna=takes/anna --voice ben=takes/ben (repeatable):"
                    + " each person's recall is shown, and the recommendation serves the person served worst first.")
    List<String> voiceArgs = new ArrayList<>();

    @Option(names = "--negatives", required = true, arity = "1..*", paramLabel = "DIR|WAV",
            description = "Recordings without the wake word (ordinary talk, TV, kitchen noise): every detection is a false wake.")
    List<Path> negatives = new ArrayList<>();

    @Option(names = "--near-misses", arity = "1..*", paramLabel = "DIR|WAV",
            description = "Recordings of phrases that sound like the wake word and are not it ('hey jester' for 'hey jasper'), one phrase"
                    + " per file, said by the people who will use it: the table shows how many each sensitivity accepts, and the"
                    + " recommendation accepts at most --target-near-misses of them.")
    List<Path> nearMisses = new ArrayList<>();

    @Option(names = "--target-near-misses", paramLabel = "SHARE", defaultValue = "0.05",
            description = "The largest share of the near-miss recordings the recommended value may accept (0-1). Default: ${DEFAULT-VALUE}.")
    double nearMissTarget;

    @Option(names = "--confirm-sensitivities", split = ",", paramLabel = "S",
            description = "Sweep the confirmation's sensitivity too, e.g. 0.3,0.25,0.2,0.15 (lower is stricter): the confirmation decides most"
                    + " near misses, and a stricter one also refuses some of your own words. Recommends both values; --write-config writes"
                    + " both. Needs --confirm; instead of --confirm-sensitivity.")
    List<String> confirmSensitivities = new ArrayList<>();

    @Option(names = "--labels", paramLabel = "TSV",
            description = "Where the wake word is in each positive: tab-separated 'file start end' (seconds), a header row optional."
                    + " A positive counts as found when a detection overlaps its span. Without labels: anywhere in the file.")
    Path labels;

    @Option(names = "--target-fa-per-hour", paramLabel = "RATE", defaultValue = "0.5",
            description = "The most false wakes per hour you accept; the recommendation has the highest recall within it. Default: ${DEFAULT-VALUE}.")
    double target;

    @Option(names = "--from", paramLabel = "S", defaultValue = "0.05", description = "Lowest sensitivity swept. Default: ${DEFAULT-VALUE}.")
    double from;

    @Option(names = "--to", paramLabel = "S", defaultValue = "0.95", description = "Highest sensitivity swept. Default: ${DEFAULT-VALUE}.")
    double to;

    @Option(names = "--step", paramLabel = "S", defaultValue = "0.05", description = "Sweep step. Default: ${DEFAULT-VALUE}.")
    double step;

    @Option(names = "--plot", paramLabel = "PNG", description = "Write the curve (misses against false wakes per hour) as a PNG image.")
    Path plot;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the curve as CSV, one row per sensitivity.")
    Path csv;

    @Option(names = "--write-config", paramLabel = "FILE",
            description = "Store the recommended value as 'sensitivity = S' in this properties file (the one 'run --config' reads); other lines are kept."
                    + " Refused before the sweep if the file runs another engine, other template features or another wake word;"
                    + " a setting the file leaves at its default is written too when the sweep used another.")
    Path writeConfig;

    @Option(names = "--channel", paramLabel = "N", description = "Use only channel N of multi-channel recordings. Default: average all.")
    Integer channel;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Files swept at once, one per core (each holds its own detectors and feature models). Default: the cores, at most 4;"
                    + " 1 on a small-memory board.")
    Integer jobsGiven;

    @Option(names = "--progress", description = "Show a progress bar on stderr even when it is not a terminal (it shows on a terminal anyway).")
    boolean progress;

    /** Files swept at once: --jobs, or the cores (at most 4). */
    private int jobs = 1;

    /** One file to run, and what it is. */
    private record Input(Path file, Kind kind, String voice, List<Span> labels) {}

    private enum Kind { POSITIVE, NEGATIVE, NEAR_MISS }

    @Override
    public Integer call() throws IOException {
        List<Double> values = checkOptions();
        var inputs = inputs();
        var confirmSpecs = confirmSpecs();
        checkOutputs();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String word;
        List<TunedSettings.Setting> alsoWrite;
        var engineSpec = Confirmers.detecting(engine.spec(), confirm.spec(), ConfirmSpec.Kind.none);
        List<List<Sweep.FileResult>> perFile;
        try (var engines = new Engines(true)) {
            word = wordOf(engines, engineSpec);
            alsoWrite = writeConfig == null ? List.of()
                    : (sweepsConfirmation() ? TunedSettings.of(engine.spec()) : TunedSettings.of(engine.spec(), confirm.spec())).toWrite(writeConfig);
            var bar = new ProgressBar(err, progress || Terminal.isTerminal(Terminal.STDERR), inputs.stream().mapToDouble(i -> approximateSeconds(i.file())).sum());
            perFile = sweepAll(engines, inputs, values, engineSpec, confirmSpecs, word, bar);
            bar.finish();
        }
        var gathered = confirmSpecs.stream().map(c -> new Gathered()).toList();
        for (int n = 0; n < inputs.size(); n++)
            for (int c = 0; c < confirmSpecs.size(); c++) gathered.get(c).add(inputs.get(n), perFile.get(n).get(c));
        var sweeps = new ArrayList<Sweep.AtConfirmation>();
        for (int c = 0; c < confirmSpecs.size(); c++) sweeps.add(gathered.get(c).sweep(values, confirmValue(confirmSpecs.get(c)), target, nearMissTarget));
        if (sweepsConfirmation()) {
            var chosen = Sweep.recommendConfirmation(sweeps);
            reportConfirmations(out, word, values, gathered.getFirst(), sweeps, chosen);
            var shown = chosen.orElse(sweeps.getLast());
            reportVoices(out, shown.curve(), shown.voices(), shown.recommended());
            var withConfirmation = new ArrayList<>(alsoWrite);
            chosen.ifPresent(c -> withConfirmation.add(new TunedSettings.Setting("confirm-sensitivity", fmt(c.confirmSensitivity()), null, true)));
            writeOutputs(word, sweeps, chosen, withConfirmation);
        } else {
            var only = sweeps.getFirst();
            report(out, word, values, gathered.getFirst(), only.curve(), only.nearMisses(), only.recommended());
            reportVoices(out, only.curve(), only.voices(), only.recommended());
            writeOutputs(word, sweeps, Optional.of(only), alsoWrite);
        }
        out.flush();
        return 0;
    }

    /** The options that need no file read, each refused in one line with its fix; the swept sensitivities. */
    private List<Double> checkOptions() {
        if (!engine.sensitivities.isEmpty())
            throw new UserError("tune sweeps the sensitivity itself. Fix: drop --sensitivity (set the range with --from, --to, --step)");
        if (!(target >= 0)) throw new UserError("--target-fa-per-hour must be 0 or more, e.g. 0.5");
        if (jobsGiven != null && jobsGiven < 1) throw new UserError("--jobs " + jobsGiven + ": needs 1 or more files at once. Fix: e.g. --jobs 2");
        jobs = jobsGiven != null ? jobsGiven : Math.min(4, Runtime.getRuntime().availableProcessors());
        if (!(nearMissTarget >= 0 && nearMissTarget <= 1))
            throw new UserError("--target-near-misses is a share of the near-miss recordings, from 0 to 1. Fix: e.g. --target-near-misses 0.05");
        if (positives.isEmpty() && voiceArgs.isEmpty())
            throw new UserError("tune needs recordings of the wake word. Fix: add --positives DIR (or --voice NAME=DIR for each person)");
        try {
            return Sweep.values(from, to, step);
        } catch (IllegalArgumentException e) {
            throw new UserError("--from " + from + " --to " + to + " --step " + step + ": " + e.getMessage() + ". Fix: e.g. --from 0.05 --to 0.95 --step 0.05");
        }
    }

    /** Every recording named, with what it is: positives (a person's with --voice), negatives, near misses. */
    private List<Input> inputs() throws IOException {
        var labelFile = labels == null ? null : LabelFile.read(labels);
        var inputs = new ArrayList<Input>();
        for (Path p : expand(positives, "--positives")) inputs.add(new Input(p, Kind.POSITIVE, null, labelFile == null ? List.of() : labelFile.spansOf(p)));
        for (var voice : voices().entrySet())
            for (Path p : expand(voice.getValue(), "--voice " + voice.getKey()))
                inputs.add(new Input(p, Kind.POSITIVE, voice.getKey(), labelFile == null ? List.of() : labelFile.spansOf(p)));
        for (Path p : expand(negatives, "--negatives")) inputs.add(new Input(p, Kind.NEGATIVE, null, List.of()));
        for (Path p : expand(nearMisses, "--near-misses")) inputs.add(new Input(p, Kind.NEAR_MISS, null, List.of()));
        return inputs;
    }

    /** What one confirmation's detections were, by kind of recording. */
    private static final class Gathered {
        final List<Sweep.FileResult> pos = new ArrayList<>(), neg = new ArrayList<>(), near = new ArrayList<>();
        final Map<String, List<Sweep.FileResult>> byVoice = new LinkedHashMap<>();

        void add(Input in, Sweep.FileResult result) {
            (switch (in.kind()) {
                case POSITIVE -> pos;
                case NEGATIVE -> neg;
                case NEAR_MISS -> near;
            }).add(result);
            if (in.voice() != null) byVoice.computeIfAbsent(in.voice(), v -> new ArrayList<>()).add(result);
        }

        Sweep.AtConfirmation sweep(List<Double> values, double confirmSensitivity, double targetFa, double targetNear) {
            var curve = Sweep.curve(values, pos, neg);
            var voices = Sweep.voiceCurves(values, byVoice, neg);
            var nearMisses = Sweep.nearMisses(values, near);
            return new Sweep.AtConfirmation(confirmSensitivity, curve, voices, nearMisses, Sweep.recommend(curve, targetFa, voices, nearMisses, targetNear));
        }
    }

    /**
     * Every input at every sensitivity behind every confirmation, {@code --jobs} files at a time, the results in the
     * inputs' order. Each worker has engines of its own ({@code first} is one of them): every sensitivity's detector
     * hears the same file, and the feature models remember what one detector computed for the others.
     */
    private List<List<Sweep.FileResult>> sweepAll(Engines first, List<Input> inputs, List<Double> values, EngineSpec engineSpec,
                                                   List<ConfirmSpec> confirmSpecs, String word, ProgressBar bar) throws IOException {
        int workers = Math.max(1, Math.min(jobs, inputs.size()));
        var idle = new LinkedBlockingQueue<Engines>();
        idle.add(first);   // the caller's, already holding what it loaded: the caller closes it
        var more = new ArrayList<Engines>();
        for (int w = 1; w < workers; w++) more.add(new Engines(true));
        idle.addAll(more);
        var samplesRead = new long[inputs.size()];
        var filesDone = new AtomicInteger();
        String note = String.format(Locale.ROOT, "file %%d/%d, %d sensitivities", inputs.size(), values.size() * confirmSpecs.size());
        LongConsumerAt progress = (n, samples) -> {
            synchronized (bar) {
                samplesRead[n] = samples;
                bar.update(Pcm.seconds(Arrays.stream(samplesRead).sum()), String.format(Locale.ROOT, note, Math.min(filesDone.get() + 1, inputs.size())));
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("tune").daemon().factory());
        var pending = new ArrayList<Future<List<Sweep.FileResult>>>();
        for (int n = 0; n < inputs.size(); n++) {
            int at = n;
            pending.add(pool.submit(() -> {
                var engines = idle.take();
                try {
                    return run(inputs.get(at), values, engines, engineSpec, confirmSpecs, word, samples -> progress.accept(at, samples));
                } finally {
                    filesDone.incrementAndGet();
                    idle.add(engines);
                }
            }));
        }
        pool.shutdown();
        var results = new ArrayList<List<Sweep.FileResult>>();
        try {
            for (var p : pending) results.add(Futures.resultOf(p));
        } catch (RuntimeException | IOException | Error failed) {
            pool.shutdownNow();   // the first file that failed, in the inputs' order, is the one reported
            throw failed;
        }
        more.forEach(Engines::close);
        return results;
    }

    private interface LongConsumerAt {
        void accept(int index, long value);
    }

    /** The one wake word swept, from a first detector built to check the options. */
    private String wordOf(Engines engines, EngineSpec engineSpec) {
        try (WakeDetector probe = engines.detector(engineSpec)) {
            if (probe.words().size() != 1)
                throw new UserError("tune sweeps one wake word at a time, got " + probe.words().size() + ". Fix: give one --model (or one --phrase)");
            return probe.words().get(0);
        }
    }

    /**
     * One file at every swept sensitivity, behind each confirmation: one result per confirmation. A detection counts only
     * when that confirmation confirms it, as in {@code run}; a refused one lets its detector fire again at once, so each
     * confirmation has detectors of its own. The detectors of several sensitivities often find the same word at the same
     * moment, which each confirmer then confirms once (it sees the same audio).
     */
    private List<Sweep.FileResult> run(Input in, List<Double> values, Engines engines, EngineSpec engineSpec, List<ConfirmSpec> confirmSpecs,
                                       String word, LongConsumer progress) throws IOException {
        var detectors = new ArrayList<WakeDetector>();
        var confirmers = new ArrayList<Confirmer>();
        try {
            for (var confirmSpec : confirmSpecs) {
                confirmers.add(Confirmers.build(confirmSpec, engineSpec, engines, ConfirmSpec.Kind.none));
                for (double v : values) {
                    var d = engines.detector(engineSpec);
                    detectors.add(d);
                    d.setSensitivity(word, Sensitivity.of(v));
                }
            }
            var found = new ArrayList<List<Span>>();
            for (int i = 0; i < detectors.size(); i++) found.add(new ArrayList<>());
            var verdicts = confirmers.stream().map(c -> new HashMap<Detection, Boolean>()).toList();
            long frames;
            try (var source = WavReader.open(in.file(), channel == null ? InputFormat.DOWNMIX : channel)) {
                frames = new MultiScanner(detectors, new EnergyVad()).scan(source, (i, heard) -> {
                    var d = heard.reported();
                    var confirmer = confirmers.get(i / values.size());
                    boolean confirmed = confirmer == null
                            || verdicts.get(i / values.size()).computeIfAbsent(sameMoment(heard.detection()), k -> confirmer.confirm(heard).confirmed());
                    if (confirmed) found.get(i).add(new Span(d.startSeconds(), d.endSeconds()));
                    return confirmed;
                }, progress).frames();
            }
            double seconds = frames / (double) Pcm.FRAMES_PER_SECOND;
            var results = new ArrayList<Sweep.FileResult>();
            for (int c = 0; c < confirmSpecs.size(); c++)
                results.add(new Sweep.FileResult(in.file().toString(), seconds, in.labels(),
                        found.subList(c * values.size(), (c + 1) * values.size())));
            return results;
        } finally {
            for (var d : detectors) d.close();
            for (var c : confirmers) if (c != null) c.close();
        }
    }

    /** A detection without its score: what the confirmer is shown of it is the word, its span and when it was made. */
    private static Detection sameMoment(Detection d) {
        return new Detection(d.word(), d.startSample(), d.endSample(), 0, d.atSample(), d.voice());
    }

    private void report(PrintWriter out, String word, List<Double> values, Gathered files, List<Sweep.Point> curve, Sweep.NearMissCurve nearMisses,
                        Optional<Sweep.Point> recommended) {
        out.printf(Locale.ROOT, "Wake word '%s' (%s engine), %d sensitivities from %s to %s.%n", word, engine.engine, values.size(),
                fmt(values.get(0)), fmt(values.get(values.size() - 1)));
        reportInputs(out, files, curve, nearMisses);
        var confirmer = confirm.spec().kindOr(ConfirmSpec.Kind.none);
        out.println(confirmer == ConfirmSpec.Kind.none
                ? "Measured: the detector alone. run also asks its confirmer: add --confirm as run has it for what run itself finds."
                : "Measured: the detector's candidates that --confirm " + confirmer + " accepts, as run decides (the confirmer keeps its own sensitivity).");
        out.println();
        reportTable(out, curve, nearMisses, recommended);
        out.println();
        if (recommended.isPresent()) reportRecommended(out, recommended.get(), curve, nearMisses);
        else reportNone(out, curve, nearMisses, stricterConfirmation());
    }

    private void reportInputs(PrintWriter out, Gathered files, List<Sweep.Point> curve, Sweep.NearMissCurve nearMisses) {
        var pos = files.pos;
        var neg = files.neg;
        double negHours = curve.get(0).negativeHours();
        long labelled = pos.stream().filter(f -> !f.labels().isEmpty()).count();
        out.printf(Locale.ROOT, "Positives: %d file%s, %d wake word%s%s, %.1f min. Negatives: %d file%s, %.1f min (%.2f h).%s%n",
                pos.size(), pos.size() == 1 ? "" : "s", curve.get(0).positives(), curve.get(0).positives() == 1 ? "" : "s",
                labels == null ? " (unlabelled: found anywhere in the file)" : labelled == pos.size() ? " (labelled)"
                        : " (" + (pos.size() - labelled) + " file" + (pos.size() - labelled == 1 ? "" : "s") + " without labels: found anywhere)",
                pos.stream().mapToDouble(Sweep.FileResult::seconds).sum() / 60, neg.size(), neg.size() == 1 ? "" : "s", negHours * 60, negHours,
                nearMisses.recordings() == 0 ? "" : String.format(Locale.ROOT, " Near misses: %d recording%s.", nearMisses.recordings(),
                        nearMisses.recordings() == 1 ? "" : "s"));
    }

    /**
     * The detector swept behind each confirmation sensitivity: what each recommends, then the table of the one chosen
     * (or, when none qualifies, of the strictest tried).
     */
    private void reportConfirmations(PrintWriter out, String word, List<Double> values, Gathered files, List<Sweep.AtConfirmation> sweeps,
                                     Optional<Sweep.AtConfirmation> chosen) {
        out.printf(Locale.ROOT, "Wake word '%s' (%s engine), %d sensitivities from %s to %s, behind %d confirmation sensitivities (%s).%n", word,
                engine.engine, values.size(), fmt(values.get(0)), fmt(values.get(values.size() - 1)), sweeps.size(),
                String.join(", ", sweeps.stream().map(s -> fmt(s.confirmSensitivity())).toList()));
        var first = sweeps.getFirst();
        reportInputs(out, files, first.curve(), first.nearMisses());
        out.println("Measured: the detector's candidates that --confirm " + confirm.spec().kindOr(ConfirmSpec.Kind.none)
                + " accepts at each confirmation sensitivity, as run decides.");
        out.println();
        boolean near = first.nearMisses().recordings() > 0;
        out.printf("%20s %12s %7s %9s%s%n", "CONFIRM SENSITIVITY", "SENSITIVITY", "RECALL", "FA/HOUR", near ? "  NEAR MISSES" : "");
        for (var s : sweeps) {
            if (s.recommended().isEmpty()) {
                out.printf(Locale.ROOT, "%20s %12s  (%s)%n", fmt(s.confirmSensitivity()), "none", whyNone(s));
                continue;
            }
            String mark = chosen.filter(s::equals).isPresent() ? "  <- recommended" : "";
            var r = s.recommended().get();
            int i = s.curve().indexOf(r);
            out.printf(Locale.ROOT, "%20s %12s %7.3f %9.2f%s%s%n", fmt(s.confirmSensitivity()), fmt(r.sensitivity()), r.recall(), r.faPerHour(),
                    near ? String.format(Locale.ROOT, "  %11s", s.nearMisses().accepted(i) + "/" + s.nearMisses().recordings()) : "", mark);
        }
        var shown = chosen.orElse(sweeps.getLast());
        out.println();
        out.println("At confirmation sensitivity " + fmt(shown.confirmSensitivity()) + ":");
        reportTable(out, shown.curve(), shown.nearMisses(), shown.recommended());
        out.println();
        if (chosen.isPresent()) {
            out.printf(Locale.ROOT, "Recommended confirm-sensitivity: %s (%s)%n", fmt(shown.confirmSensitivity()),
                    sweeps.stream().filter(s -> s.recommended().isPresent()).count() == 1 ? "the one that meets the targets"
                            : "of those that meet the targets, the one accepting the fewest near misses, then finding the most; of equals, the loosest");
            reportRecommended(out, shown.recommended().orElseThrow(), shown.curve(), shown.nearMisses());
        } else {
            reportNone(out, shown.curve(), shown.nearMisses(), "a confirmation stricter than " + fmt(shown.confirmSensitivity())
                    + " (--confirm-sensitivities with lower values)");
        }
    }

    /** One row per sensitivity; with near-miss recordings, how many of them each accepts. */
    private static void reportTable(PrintWriter out, List<Sweep.Point> curve, Sweep.NearMissCurve nearMisses, Optional<Sweep.Point> recommended) {
        boolean near = nearMisses.recordings() > 0;
        out.printf("%11s %7s %9s %7s %14s%s%n", "SENSITIVITY", "RECALL", "FA/HOUR", "MISSES", "FALSE ACCEPTS", near ? "  NEAR MISSES" : "");
        for (int i = 0; i < curve.size(); i++) {
            var p = curve.get(i);
            out.printf(Locale.ROOT, "%11.2f %7.3f %9.2f %7d %14d%s%s%n", p.sensitivity(), p.recall(), p.faPerHour(), p.misses(), p.falseAccepts(),
                    near ? String.format(Locale.ROOT, "  %11s", nearMisses.accepted(i) + "/" + nearMisses.recordings()) : "",
                    recommended.filter(p::equals).isPresent() ? "  <- recommended" : "");
        }
    }

    private void reportRecommended(PrintWriter out, Sweep.Point r, List<Sweep.Point> curve, Sweep.NearMissCurve nearMisses) {
        out.printf(Locale.ROOT, "Recommended sensitivity: %s (recall %.3f, %d miss%s of %d; %.2f false accepts per hour, target %s)%n",
                fmt(r.sensitivity()), r.recall(), r.misses(), r.misses() == 1 ? "" : "es", r.positives(), r.faPerHour(), fmt(target));
        if (nearMisses.recordings() > 0) reportNearMissesAt(out, nearMisses, curve.indexOf(r));
        double negHours = r.negativeHours();
        double bound = 3.0 / negHours; // "rule of three": 95% upper bound on a rate with no events seen
        if (r.falseAccepts() == 0 && bound > target)
            out.printf(Locale.ROOT, "Note: no false accepts in %.2f h of negatives only shows the rate is below %.1f per hour (95%% confidence);"
                    + " %.0f h of ordinary household sound would show %s per hour.%n", negHours, bound, Math.ceil(3.0 / Math.max(target, 1e-9)), fmt(target));
    }

    /** Which near-miss recordings the recommended value accepts, by file name: the phrases to avoid near the speaker. */
    private void reportNearMissesAt(PrintWriter out, Sweep.NearMissCurve nearMisses, int i) {
        var names = nearMisses.acceptedFiles().get(i).stream().map(f -> Path.of(f).getFileName().toString()).toList();
        out.printf(Locale.ROOT, "Near misses accepted there: %d of %d%s (target at most %s of them)%n", names.size(), nearMisses.recordings(),
                names.isEmpty() ? "" : ": " + String.join(", ", names), fmt(nearMissTarget));
    }

    private void reportNone(PrintWriter out, List<Sweep.Point> curve, Sweep.NearMissCurve nearMisses, String stricter) {
        var fewestNearMisses = fewestNearMissesWithinTarget(curve, nearMisses);
        if (fewestNearMisses.isEmpty()) {
            var least = curve.stream().min(Comparator.comparingDouble(Sweep.Point::faPerHour)).orElseThrow();
            out.printf(Locale.ROOT, "Recommended sensitivity: none: no value has at most %s false accepts per hour (the fewest: %.2f per hour at %s)."
                    + " Fix: enroll again in the room where the speaker stands, or accept a higher --target-fa-per-hour%n",
                    fmt(target), least.faPerHour(), fmt(least.sensitivity()));
            return;
        }
        int fewest = fewestNearMisses.getAsInt();
        out.printf(Locale.ROOT, "Recommended sensitivity: none: every value with at most %s false accepts per hour accepts more than %s of the"
                + " near misses (the fewest: %d of %d at %s). Fix: %s, a wake word that sounds less like them, or a higher"
                + " --target-near-misses%n", fmt(target), fmt(nearMissTarget), nearMisses.accepted(fewest), nearMisses.recordings(),
                fmt(curve.get(fewest).sensitivity()), stricter);
    }

    /** What refuses more near misses: the confirmation decides them, and this sweep leaves its sensitivity as given. */
    private String stricterConfirmation() {
        var spec = confirm.spec();
        if (spec.kindOr(ConfirmSpec.Kind.none) == ConfirmSpec.Kind.none) return "--confirm as run has it (tune again with it)";
        String now = spec.sensitivity() != null ? fmt(spec.sensitivity().value()) : "its default";
        return "a stricter confirmation (--confirm-sensitivity below " + now + ", here and in run; tune again with it, or let tune try several:"
                + " --confirm-sensitivities " + stricterValues(Confirmers.sensitivity(spec, spec.kind(), engine.engine).value()) + ")";
    }

    /** NAME=PATH arguments, by name in the order given; a name given twice gathers both paths. */
    private Map<String, List<Path>> voices() {
        var byName = new LinkedHashMap<String, List<Path>>();
        for (String arg : voiceArgs) {
            int eq = arg.indexOf('=');
            if (eq <= 0 || eq == arg.length() - 1 || !arg.substring(0, eq).matches("[A-Za-z0-9_-]{1,40}"))
                throw new UserError("--voice " + arg + ": expected NAME=DIR or NAME=WAV (a name of letters, digits, - or _). Fix: e.g. --voice anna=takes/anna");
            byName.computeIfAbsent(arg.substring(0, eq), n -> new ArrayList<>()).add(Path.of(arg.substring(eq + 1)));
        }
        return byName;
    }

    private static void reportVoices(PrintWriter out, List<Sweep.Point> curve, List<Sweep.VoiceCurve> voices, Optional<Sweep.Point> recommended) {
        if (voices.isEmpty()) return;
        out.println();
        out.println("Recall per voice:");
        var head = new StringBuilder(String.format("%11s", "SENSITIVITY"));
        for (var v : voices) head.append(String.format(" %" + Math.max(7, v.voice().length()) + "s", v.voice()));
        out.println(head);
        for (int i = 0; i < curve.size(); i++) {
            var row = new StringBuilder(String.format(Locale.ROOT, "%11.2f", curve.get(i).sensitivity()));
            for (var v : voices) row.append(String.format(Locale.ROOT, " %" + Math.max(7, v.voice().length()) + ".3f", v.points().get(i).recall()));
            out.println(row + (recommended.filter(curve.get(i)::equals).isPresent() ? "  <- recommended" : ""));
        }
        recommended.ifPresent(r -> {
            int i = curve.indexOf(r);
            var worst = voices.stream().min(Comparator.comparingDouble(v -> v.points().get(i).recall())).orElseThrow();
            out.printf(Locale.ROOT, "At %s the voice served worst is '%s': recall %.3f (%d of %d).%n", fmt(r.sensitivity()), worst.voice(),
                    worst.points().get(i).recall(), worst.points().get(i).found(), worst.points().get(i).positives());
        });
    }

    private void writeOutputs(String word, List<Sweep.AtConfirmation> sweeps, Optional<Sweep.AtConfirmation> chosen,
                              List<TunedSettings.Setting> alsoWrite) throws IOException {
        var shown = chosen.orElse(sweeps.getLast());
        var recommended = chosen.flatMap(Sweep.AtConfirmation::recommended);
        if (csv != null)
            try (var w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                if (sweepsConfirmation()) Sweep.writeCsv(sweeps, chosen, w);
                else Sweep.writeCsv(shown.curve(), recommended, shown.voices(), shown.nearMisses(), w);
            }
        if (plot != null) {
            System.setProperty("java.awt.headless", "true");
            String title = "wakegate tune: '" + word + "' (" + engine.engine + " engine"
                    + (sweepsConfirmation() ? ", confirmation " + fmt(shown.confirmSensitivity()) : "") + ")";
            CurvePlot.write(CurvePlot.render(shown.curve(), recommended, target, title), plot);
        }
        if (writeConfig != null) {
            if (recommended.isEmpty())
                throw new UserError("nothing written to " + writeConfig + ": no sensitivity meets the target. Fix: see the table, and set one by hand");
            var r = recommended.get();
            var written = new ArrayList<String>();
            for (var setting : alsoWrite) {
                ConfigFileEditor.set(writeConfig, setting.key(), setting.tuned(), "wakegate tune, " + LocalDate.now() + ": the sensitivity below was measured with this");
                written.add(setting.key() + " = " + setting.tuned());
            }
            ConfigFileEditor.set(writeConfig, "sensitivity", fmt(r.sensitivity()), String.format(Locale.ROOT,
                    "wakegate tune, %s: recall %.3f, %.2f false accepts per hour", LocalDate.now(), r.recall(), r.faPerHour()));
            written.add("sensitivity = " + fmt(r.sensitivity()));
            spec.commandLine().getOut().println("Wrote " + String.join(" and ", written) + " to " + writeConfig + ".");
        }
    }

    private boolean sweepsConfirmation() {
        return !confirmSensitivities.isEmpty();
    }

    /**
     * The confirmations to sweep behind: the one given, or one per --confirm-sensitivities value, loosest first (each
     * value once).
     */
    private List<ConfirmSpec> confirmSpecs() {
        var given = confirm.spec();
        if (!sweepsConfirmation()) return List.of(given);
        if (given.kindOr(ConfirmSpec.Kind.none) == ConfirmSpec.Kind.none)
            throw new UserError("--confirm-sensitivities sweeps the confirmation, and there is none. Fix: add --confirm template (as run has it)");
        if (given.sensitivity() != null)
            throw new UserError("--confirm-sensitivity " + fmt(given.sensitivity().value()) + " and --confirm-sensitivities both set the confirmation's"
                    + " sensitivity. Fix: give one of them");
        return confirmSensitivities.stream().map(v -> Sensitivity.parse("--confirm-sensitivities", v.strip()))
                .map(Sensitivity::value).distinct().sorted(Comparator.reverseOrder())
                .map(v -> new ConfirmSpec(given.kind(), given.templates(), given.voskModelDir(), given.owwModels(), Sensitivity.of(v), given.allowTrailingS()))
                .toList();
    }

    /** The sensitivity a confirmation runs at; NaN without one. */
    private double confirmValue(ConfirmSpec c) {
        var kind = c.kindOr(ConfirmSpec.Kind.none);
        return kind == ConfirmSpec.Kind.none ? Double.NaN : Confirmers.sensitivity(c, kind, engine.engine).value();
    }

    /** Why a confirmation has no recommended value: no value within the false-accept target, or the fewest near misses those accept. */
    private String whyNone(Sweep.AtConfirmation s) {
        var fewest = fewestNearMissesWithinTarget(s.curve(), s.nearMisses());
        if (fewest.isEmpty()) return "every value over " + fmt(target) + " false accepts per hour";
        return "every value within the false-accept target accepts " + s.nearMisses().accepted(fewest.getAsInt()) + " or more of the "
                + s.nearMisses().recordings() + " near misses";
    }

    /** Of the values within the false-accept target, the one accepting the fewest near misses (the first of equals); empty if none is within. */
    private OptionalInt fewestNearMissesWithinTarget(List<Sweep.Point> curve, Sweep.NearMissCurve nearMisses) {
        return IntStream.range(0, curve.size()).filter(i -> curve.get(i).within(target))
                .boxed().min(Comparator.comparingInt(nearMisses::accepted)).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Four steps of 0.05 below {@code now}, as far as 0.05: the values a household tries first. */
    static String stricterValues(double now) {
        var values = new ArrayList<String>();
        for (int k = 1; k <= 4; k++) {
            double v = Math.round((now - 0.05 * k) * 100) / 100.0;
            if (v >= 0.05 - 1e-9) values.add(fmt(v));
        }
        return values.isEmpty() ? fmt(now / 2) : String.join(",", values);
    }

    /** Fails before the long run, not after it, when an output cannot be written. */
    private void checkOutputs() {
        for (Path p : new Path[] {plot, csv, writeConfig}) {
            if (p == null) continue;
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) throw new UserError(p + ": the folder does not exist. Fix: create it first");
            if (Files.isDirectory(p)) throw new UserError(p + ": is a folder. Fix: name a file");
        }
    }

    /** Folders become the WAV files directly inside them (sorted); files are kept as given. */
    static List<Path> expand(List<Path> given, String option) throws IOException {
        var files = new ArrayList<Path>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    List<Path> wavs = list.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav") && Files.isRegularFile(f))
                            .sorted().toList();
                    if (wavs.isEmpty()) throw new UserError(option + " " + p + ": no .wav files in this folder. Fix: name WAV files or a folder of them");
                    files.addAll(wavs);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new UserError(option + " " + p + ": no such file or folder. Fix: check the path");
            }
        }
        return files;
    }

    /** Seconds of audio, from the size of a 16 kHz 16-bit mono file (other formats: roughly); for the progress bar only. */
    private static double approximateSeconds(Path wav) {
        try {
            return Math.max(0, Files.size(wav) - 44) / (double) (Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE);
        } catch (IOException e) {
            return 0;
        }
    }

    /** 0.55, 0.5 → "0.50"; finer values keep their digits (0.525). */
    static String fmt(double v) {
        String two = String.format(Locale.ROOT, "%.2f", v);
        if (Math.abs(Double.parseDouble(two) - v) < 1e-9) return two;
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
