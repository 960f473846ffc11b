package dev.wakegate.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The dev corpus's label files, parsed. Times are in seconds. */
public final class Labels {
    private Labels() {}

    /** A labelled span of audio. */
    public record Span(double start, double end) {
        public boolean overlaps(double from, double to) {
            return from < end && to > start;
        }

        public double seconds() {
            return end - start;
        }
    }

    /** One row of {@code positives/labels.tsv}: the wake phrase in a positive file and its noise type. */
    public record Positive(String file, Span wake, String noise) {
        public boolean clean() {
            return noise.equals("none");
        }
    }

    /** One row of {@code stream.segments.tsv}: kind is sentence, command, wake or near. */
    public record Segment(Span span, String kind, String text) {}

    public static List<Positive> positives(String voice) {
        var rows = new ArrayList<Positive>();
        List<String> lines = TestData.read(TestData.dev(voice, "positives/labels.tsv")).lines().toList();
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int file = header.indexOf("file"), start = header.indexOf("start"), end = header.indexOf("end"), noise = header.indexOf("noise");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] c = line.split("\t", -1);
            rows.add(new Positive(c[file], new Span(Double.parseDouble(c[start]), Double.parseDouble(c[end])), c[noise]));
        }
        return rows;
    }

    public static Positive positive(String voice, String file) {
        return positives(voice).stream().filter(p -> p.file().equals(file)).findFirst().orElseThrow();
    }

    /** A wake row of {@code stream.labels.tsv}: the wake phrase, then the command spoken after it. */
    public record WakeAndCommand(Span phrase, Span command) {}

    /** The wake rows of {@code stream.labels.tsv} (those with four numbers: wake phrase, then its command). */
    public static List<WakeAndCommand> streamWakesAndCommands(String voice) {
        var rows = new ArrayList<WakeAndCommand>();
        for (String line : TestData.read(TestData.dev(voice, "stream.labels.tsv")).lines().toList()) {
            String[] c = line.split("\t");
            if (c.length == 4 && isNumber(c[2])) rows.add(new WakeAndCommand(
                    new Span(Double.parseDouble(c[0]), Double.parseDouble(c[1])), new Span(Double.parseDouble(c[2]), Double.parseDouble(c[3]))));
        }
        return rows;
    }

    /** The wake phrases of {@code stream.labels.tsv}. */
    public static List<Span> streamWakes(String voice) {
        return streamWakesAndCommands(voice).stream().map(WakeAndCommand::phrase).toList();
    }

    public static List<Segment> streamSegments(String voice) {
        var rows = new ArrayList<Segment>();
        for (String line : TestData.read(TestData.dev(voice, "stream.segments.tsv")).lines().toList()) {
            if (line.isBlank()) continue;
            String[] c = line.split("\t", 4);
            rows.add(new Segment(new Span(Double.parseDouble(c[0]), Double.parseDouble(c[1])), c[2], c.length > 3 ? c[3] : ""));
        }
        return rows;
    }

    /** Segments of the given kinds, e.g. {@code "sentence", "command"}. */
    public static List<Segment> streamSegments(String voice, String... kinds) {
        var wanted = List.of(kinds);
        return streamSegments(voice).stream().filter(s -> wanted.contains(s.kind())).toList();
    }

    public static Path streamWav(String voice) {
        return TestData.dev(voice, "stream.wav");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
