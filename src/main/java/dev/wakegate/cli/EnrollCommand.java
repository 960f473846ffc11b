package dev.wakegate.cli;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.WavReader;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "enroll", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a personal wake word (template) from 3 or more recordings of it.",
                "Each take is checked: not silent, not clipped, 0.25-2.5 s of speech, and like the other takes."},
        footer = {"", "Example:", "  wakegate enroll --name hey-computer --out hey-computer.json take1.wav take2.wav take3.wav"})
final class EnrollCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,63}");

    @Spec
    CommandSpec spec;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The wake word's name, as reported in detections (e.g. hey-computer).")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Template file to write.")
    Path out;

    @Option(names = "--channel", paramLabel = "N", description = "Use only channel N of multi-channel recordings. Default: average all.")
    Integer channel;

    @Parameters(paramLabel = "TAKE.wav", arity = "1..*", description = "Recordings of the wake word, one utterance each (at least 3).")
    List<Path> takes = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!NAME.matcher(name).matches())
            throw new UserError("--name '" + name + "': use letters, digits, spaces, '-', '_' or '.' (at most 64). Fix: e.g. --name hey-computer");
        var recordings = new ArrayList<Enroller.Recording>();
        for (Path take : takes) recordings.add(new Enroller.Recording(take.getFileName().toString(), readAll(take)));
        var enrollment = new Enroller(Clock.systemUTC()).enroll(name, recordings);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new UserError(out + ": the folder does not exist. Fix: create it first");
        TemplateFile.write(enrollment.template(), out);
        report(enrollment);
        return 0;
    }

    private short[] readAll(Path file) throws IOException {
        try (AudioSource source = WavReader.open(file, channel == null ? -1 : channel)) {
            short[] buf = new short[16_000 * 4];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n >= 16_000 * 60) throw new UserError(file + ": longer than a minute; a take is one utterance of the wake word. Fix: trim it");
                    buf = Arrays.copyOf(buf, n * 2);
                }
                int r = source.read(buf, n, buf.length - n);
                if (r < 0) break;
                n += r;
            }
            return Arrays.copyOf(buf, n);
        }
    }

    private void report(Enroller.Enrollment e) {
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%-30s %8s %8s %8s %9s%n", "TAKE", "SPEECH", "PEAK", "SNR", "DISTANCE");
        for (var t : e.takes())
            w.printf(Locale.ROOT, "%-30s %7.2fs %6.0fdB %6.0fdB %9.3f%n", t.source(), t.speechSeconds(), t.peakDb(), Math.min(99, t.snrDb()), t.distance());
        double a = e.template().agreement();
        w.printf(Locale.ROOT, "Takes agree: %s (typical distance %.3f). Wrote %s (wake word '%s').%n",
                a < 0.1 ? "very well" : a < 0.2 ? "well" : a < 0.35 ? "loosely - detection will be less certain; consider recording again in a quiet room" : "poorly", a, out, e.template().name());
        w.flush();
    }
}
