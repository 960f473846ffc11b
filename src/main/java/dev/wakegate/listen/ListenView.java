package dev.wakegate.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link ListenState} as plain lines of at most {@code width} characters (ASCII only, so any terminal and
 * locale shows it). Bars fill with '#'; a word's bar has a '|' at its threshold; the level bar spans
 * {@value #FLOOR_DBFS}-0 dBFS. No escapes: moving the cursor is the caller's business.
 */
public final class ListenView {
    static final double FLOOR_DBFS = -70;
    private static final int MIN_WIDTH = 60, NAME_WIDTH = 14;

    private ListenView() {}

    public static List<String> render(ListenState s, int width) {
        width = Math.max(MIN_WIDTH, width);
        int bar = width - NAME_WIDTH - 32;
        var out = new ArrayList<String>();
        String head = "wakegate listen: " + s.source();
        String time = String.format(Locale.ROOT, "%s %7.1f s", s.finished() != null ? "ended" : "heard", s.seconds());
        head = fitTail(head, width - time.length() - 1);
        out.add(head + " ".repeat(width - head.length() - time.length()) + time);
        out.add(fit("Nothing is sent and nothing is written. " + (s.finished() != null ? "Ended: " + s.finished() + "." : "Ctrl-C to stop."), width));
        out.add("");
        double level = Math.max(FLOOR_DBFS, Math.min(0, s.levelDbfs()));
        out.add(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s [%s] %4.0f dBFS", "input level", fill((level - FLOOR_DBFS) / -FLOOR_DBFS, bar, -1),
                s.levelDbfs() <= -120 ? Double.NEGATIVE_INFINITY : s.levelDbfs()).replace("-Infinity", "-inf"));
        out.add(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %s", "voice (VAD)", s.speech() ? "SPEECH" : "silence"));
        out.add("");
        out.add(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s  %-" + (bar + 1) + "s %s", "wake word", "score ('|' = threshold)", "score/thr  peak"));
        for (var m : s.meters()) {
            boolean over = m.score() >= m.threshold() && m.score() > 0;
            out.add(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s [%s] %4.2f/%4.2f %5.2f%s", fit(m.word(), NAME_WIDTH),
                    fill(m.score(), bar, m.threshold()), m.score(), m.threshold(), m.peak(), over ? " !" : ""));
        }
        out.add("");
        if (s.problem() != null) out.add(fit("capture problem: " + s.problem() + " (retrying)", width));
        out.add(s.heard().isEmpty() ? "heard: nothing yet" : "heard (newest first):");
        for (var h : s.heard())
            out.add(fit(String.format(Locale.ROOT, "  %8.2f s  %-" + NAME_WIDTH + "s score %.2f  (word at %.2f-%.2f s)", h.at(), h.word(), h.score(),
                    h.start(), h.end()), width));
        return out;
    }

    /** A bar of {@code width} cells filled to {@code fraction}, with '|' at {@code marker} (a fraction; negative: none). */
    static String fill(double fraction, int width, double marker) {
        int n = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        char[] c = new char[width];
        for (int i = 0; i < width; i++) c[i] = i < n ? '#' : '.';
        if (marker >= 0) c[Math.min(width - 1, (int) Math.round(marker * width))] = '|';
        return new String(c);
    }

    /** Keeps the end of {@code s} (a file name's end says most), marking the cut with '~'. */
    private static String fitTail(String s, int width) {
        if (s.length() <= width) return s;
        int keep = Math.max(0, width - 1 - "wakegate listen: ".length());
        return "wakegate listen: ~" + s.substring(s.length() - keep);
    }

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "~";
    }
}
