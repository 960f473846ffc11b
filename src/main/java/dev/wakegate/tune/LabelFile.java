package dev.wakegate.tune;

import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the wake word is in each positive recording: a tab-separated file with the columns {@code file start end}
 * (seconds). With a header row naming {@code file}, {@code start} and {@code end}, other columns may come in any
 * order (the dev corpus's {@code positives/labels.tsv}); without one, the first three columns are used. A file may
 * have several rows; lines starting with '#' are comments.
 */
public final class LabelFile {
    private final Map<String, List<Span>> spans;

    private LabelFile(Map<String, List<Span>> spans) {
        this.spans = spans;
    }

    public static LabelFile read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (NoSuchFileException e) {
            throw new UserError(tsv + ": no such file. Fix: check the --labels path");
        } catch (IOException e) {
            throw new UserError(tsv + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(lines, tsv.toString());
    }

    static LabelFile parse(List<String> lines, String name) {
        int file = 0, start = 1, end = 2;
        var spans = new LinkedHashMap<String, List<Span>>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] c = line.split("\t", -1);
            if (spans.isEmpty() && List.of(c).contains("file")) {
                var header = List.of(c).stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
                file = header.indexOf("file");
                start = header.indexOf("start");
                end = header.indexOf("end");
                if (start < 0 || end < 0)
                    throw new UserError(name + ": the header names no 'start' and 'end' columns. Fix: columns file, start, end (seconds), tab-separated");
                continue;
            }
            int need = Math.max(file, Math.max(start, end));
            if (c.length <= need)
                throw new UserError("%s line %d: %d column%s, need file, start and end (tab-separated). Fix: one row per wake word: file<TAB>start<TAB>end"
                        .formatted(name, n + 1, c.length, c.length == 1 ? "" : "s"));
            double s, e;
            try {
                s = Double.parseDouble(c[start].trim());
                e = Double.parseDouble(c[end].trim());
            } catch (NumberFormatException ex) {
                throw new UserError("%s line %d: start and end must be seconds, got '%s' and '%s'. Fix: write seconds, e.g. 1.25"
                        .formatted(name, n + 1, c[start], c[end]));
            }
            if (!(s >= 0 && e > s))
                throw new UserError("%s line %d: the span %s-%s s is empty or negative. Fix: start < end, in seconds".formatted(name, n + 1, c[start], c[end]));
            spans.computeIfAbsent(c[file].trim(), k -> new ArrayList<>()).add(new Span(s, e));
        }
        return new LabelFile(spans);
    }

    /**
     * The labelled spans of {@code audio}: the rows naming it as given, or by its file name (labels.tsv beside the
     * recordings names them so). Empty if the file has no rows.
     */
    public List<Span> spansOf(Path audio) {
        List<Span> s = spans.get(audio.toString());
        if (s == null) s = spans.get(audio.normalize().toString());
        if (s == null && audio.getFileName() != null) s = spans.get(audio.getFileName().toString());
        return s == null ? List.of() : List.copyOf(s);
    }

    public int files() {
        return spans.size();
    }
}
