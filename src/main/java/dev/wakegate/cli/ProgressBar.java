package dev.wakegate.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar redrawn in place on stderr ({@code \r}), at most 5 times a second, erased at the end. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final double total;
    private long lastDraw;
    private int lastLength;

    /** @param total the amount of work, in any unit (audio seconds here) */
    ProgressBar(PrintWriter err, boolean enabled, double total) {
        this.err = err;
        this.enabled = enabled;
        this.total = total;
    }

    /** Shows {@code done} of the total, with a short note (what is being worked on); throttled. */
    void update(double done, String note) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (lastDraw != 0 && now - lastDraw < EVERY_NANOS) return;
        lastDraw = now;
        double f = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
        int filled = (int) Math.round(f * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s", "#".repeat(filled), "-".repeat(WIDTH - filled), 100 * f, note);
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Erases the bar. */
    void finish() {
        if (!enabled || lastLength == 0) return;
        err.print("\r" + " ".repeat(lastLength) + "\r");
        err.flush();
        lastLength = 0;
    }
}
