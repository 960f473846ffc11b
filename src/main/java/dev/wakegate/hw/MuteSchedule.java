package dev.wakegate.hw;

import java.util.ArrayList;
import java.util.List;

/**
 * Spans of input audio time during which a simulated switch is muted ({@code --mock-mute 20-40,70.5-80}).
 *
 * @param spans [start, end) pairs in seconds, sorted
 */
public record MuteSchedule(List<double[]> spans) {
    public MuteSchedule {
        spans = List.copyOf(spans);
    }

    public static MuteSchedule parse(String text) {
        var spans = new ArrayList<double[]>();
        for (String part : text.split(",")) {
            String[] ab = part.trim().split("-");
            if (ab.length != 2) throw new IllegalArgumentException("'" + part.trim() + "' is not START-END (seconds), e.g. 20-40");
            double a, b;
            try {
                a = Double.parseDouble(ab[0]);
                b = Double.parseDouble(ab[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not START-END in seconds, e.g. 20-40.5");
            }
            if (!(a >= 0 && b > a)) throw new IllegalArgumentException("'" + part.trim() + "': END must be after START, both >= 0");
            spans.add(new double[]{a, b});
        }
        spans.sort((x, y) -> Double.compare(x[0], y[0]));
        return new MuteSchedule(spans);
    }

    public boolean mutedAt(double seconds) {
        for (double[] s : spans) if (seconds >= s[0] && seconds < s[1]) return true;
        return false;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        for (double[] s : spans) sb.append(sb.isEmpty() ? "" : ",").append(s[0]).append('-').append(s[1]);
        return sb.toString();
    }
}
