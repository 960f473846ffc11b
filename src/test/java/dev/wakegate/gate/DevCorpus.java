package dev.wakegate.gate;

import dev.wakegate.audio.WavReader;
import dev.wakegate.detect.template.Enroller;
import dev.wakegate.detect.template.TemplateFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared development corpus (../shared/corpus/dev): voices, streams and their labels. */
final class DevCorpus {
    static final Path SHARED = Path.of(System.getProperty("wakegate.shared", "../shared"));
    static final Path DEV = SHARED.resolve("corpus/dev");
    static final List<String> VOICES = List.of("espeak_en-us+m3", "flite_slt", "flite_kal16");

    private DevCorpus() {}

    static Path voice(String voice) {
        Path p = DEV.resolve(voice);
        if (!Files.isDirectory(p)) throw new IllegalStateException("the shared dev corpus is missing at " + p.toAbsolutePath()
                + " (set -Dwakegate.shared=/path/to/shared)");
        return p;
    }

    static Path stream(String voice) {
        return voice(voice).resolve("stream.wav");
    }

    /** A labelled wake phrase in a stream: the phrase and the command after it. */
    record Wake(double start, double end, double commandStart, double commandEnd) {}

    /** A spoken segment: kind is sentence, wake, command or near. */
    record Segment(double start, double end, String kind, String text) {}

    static List<Wake> wakes(String voice) throws IOException {
        var out = new ArrayList<Wake>();
        for (String line : Files.readAllLines(voice(voice).resolve("stream.labels.tsv"))) {
            String[] c = line.split("\t");
            if (c.length == 4) out.add(new Wake(Double.parseDouble(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3])));
        }
        return out;
    }

    static List<Segment> segments(String voice) throws IOException {
        var out = new ArrayList<Segment>();
        for (String line : Files.readAllLines(voice(voice).resolve("stream.segments.tsv"))) {
            String[] c = line.split("\t");
            out.add(new Segment(Double.parseDouble(c[0]), Double.parseDouble(c[1]), c[2], c.length > 3 ? c[3] : ""));
        }
        return out;
    }

    /** Enrolls the voice from its three enrollment takes into {@code dir}, once per directory. */
    static Path template(String voice, Path dir) throws IOException {
        Path file = dir.resolve(voice + ".json");
        if (Files.exists(file)) return file;
        var takes = new ArrayList<Enroller.Recording>();
        for (int i = 1; i <= 3; i++) takes.add(new Enroller.Recording(i + ".wav", samples(voice(voice).resolve("enroll/" + i + ".wav"))));
        TemplateFile.write(new Enroller(Clock.systemUTC()).enroll("hey-computer", takes).template(), file);
        return file;
    }

    static short[] samples(Path wav) throws IOException {
        try (var s = WavReader.open(wav, -1)) {
            short[] buf = new short[1 << 16];
            int n = 0;
            while (true) {
                if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
                int r = s.read(buf, n, buf.length - n);
                if (r < 0) break;
                n += r;
            }
            return Arrays.copyOf(buf, n);
        }
    }
}
