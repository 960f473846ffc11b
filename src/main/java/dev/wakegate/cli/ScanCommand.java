package dev.wakegate.cli;

import dev.wakegate.audio.Pcm;
import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.internal.Json;
import dev.wakegate.vad.EnergyVad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find wake words in recordings and print each detection.",
                "With --json: one JSON object per detection per line on stdout, and nothing else:",
                "  {\"file\": \"…\", \"word\": \"…\", \"start\": s, \"end\": s, \"score\": 0-1, \"detected_at\": s}",
                "start/end: the wake word's span in seconds from the start of that input.",
                "With --confirm ENGINE, only detections the second stage also accepts are printed (with \"confirm_score\")."},
        footer = {"", "Examples:",
                "  wakegate scan --model hey-computer.json kitchen.wav",
                "  arecord -f S16_LE -r 16000 -t raw | wakegate scan --model me.json --json -"})
final class ScanCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ScanCommand.class);
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    ConfirmOptions confirm;
    @Mixin
    AudioOptions audio;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--json", description = "Machine-readable output: one JSON object per detection per line.")
    boolean json;

    @Option(names = "--stats", description = "Print audio seconds, CPU time and speed per input on stderr.")
    boolean stats;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "WAV files, or '-' for standard input (WAV or raw PCM, see --rate).")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var confirmSpec = confirm.spec();
        var engineSpec = Confirmers.detecting(engine.spec(), confirmSpec, ConfirmSpec.Kind.none);
        // a Vosk model is loaded once for all inputs (hundreds of MB); the recognizers made from it are per input
        try (var engines = new Engines()) {
            for (String input : inputs) {
                // a fresh detector per input: its partial matches, noise estimate and refractory time belong to one stream
                try (WakeDetector detector = engines.detector(engineSpec);
                     Confirmer confirmer = Confirmers.build(confirmSpec, engineSpec, engines, ConfirmSpec.Kind.none)) {
                    var found = new ArrayList<Detection>();
                    StreamScanner.Summary summary;
                    try (var source = audio.open(input)) {
                        summary = new StreamScanner(detector, new EnergyVad()).scan(source, heard -> {
                            Verdict verdict = confirmer == null ? null : confirmer.confirm(heard);
                            if (verdict != null) logVerdict(heard.reported(), verdict);
                            if (verdict != null && !verdict.confirmed()) return false;
                            found.add(heard.reported());
                            print(out, input, heard.reported(), verdict);
                            return true;
                        });
                    }
                    if (!json && found.isEmpty()) {
                        header(out);
                        out.printf("%-40s %s%n", shorten(input), "(no wake word)");
                    }
                    if (stats) printStats(err, input, summary);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** With -v, why each candidate was confirmed or refused: what a user tuning a word needs to see. */
    private static void logVerdict(Detection d, Verdict verdict) {
        if (log.isInfoEnabled())
            log.info(String.format(Locale.ROOT, "%s '%s' %.2f-%.2f s (detector %.2f): %s", verdict.confirmed() ? "confirmed" : "refused",
                    d.word(), d.startSeconds(), d.endSeconds(), d.score(), verdict.reason()));
    }

    private void print(PrintWriter out, String input, Detection d, Verdict verdict) {
        if (json) {
            var o = Json.object().put("file", input).put("word", d.word()).put("start", d.startSeconds(), 3)
                    .put("end", d.endSeconds(), 3).put("score", d.score(), 3)
                    .put("detected_at", Pcm.seconds(d.atSample()), 3);
            if (verdict != null) o.put("confirm_score", verdict.score(), 3);
            if (d.voice() != null) o.put("voice", d.voice());
            out.println(o);
        } else {
            header(out);
            out.printf(Locale.ROOT, "%-40s %-20s %8.2f %8.2f %6.2f%n", shorten(input), d.word(), d.startSeconds(), d.endSeconds(), d.score());
        }
        out.flush();
    }

    private boolean headerPrinted;

    private void header(PrintWriter out) {
        if (headerPrinted) return;
        out.printf("%-40s %-20s %8s %8s %6s%n", "FILE", "WORD", "START", "END", "SCORE");
        headerPrinted = true;
    }

    private static void printStats(PrintWriter err, String input, StreamScanner.Summary s) {
        double cpu = s.cpuNanos() / 1e9;
        err.printf(Locale.ROOT, "stats: %s: %.1f s audio, %.3f s CPU, %.0fx real time, %.1f%% of frames past the VAD%n",
                input, s.audioSeconds(), cpu, cpu > 0 ? s.audioSeconds() / cpu : Double.POSITIVE_INFINITY,
                s.frames() == 0 ? 0 : 100.0 * s.framesFed() / s.frames());
        err.flush();
    }

    private static String shorten(String path) {
        return path.length() <= 40 ? path : "…" + path.substring(path.length() - 39);
    }
}
