package dev.wakegate.tune;

import dev.wakegate.detect.Sensitivity;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each sensitivity costs: recall on the positives and false accepts per hour on the negatives, and the
 * recommended value. Pure: it only counts detections against labels.
 *
 * <p>A positive is a labelled span (a file may hold several), or a whole file that has no labels. It is found when
 * a detection overlaps it; an unlabelled file is found by a detection anywhere in it. On negatives every detection
 * is a false accept, and the rate is their count over the negative audio's hours. Near-miss recordings (phrases that
 * sound like the wake word) are counted apart, per recording: {@link #nearMisses}.
 */
public final class Sweep {
    private Sweep() {}

    /**
     * One recording's detections at every swept sensitivity.
     *
     * @param seconds    the file's length
     * @param labels     where the wake word is (positives); empty: anywhere in the file, or a negative
     * @param detections {@code detections.get(i)}: the spans detected at the i-th swept sensitivity
     */
    public record FileResult(String file, double seconds, List<Span> labels, List<List<Span>> detections) {
        public FileResult {
            labels = List.copyOf(labels);
            detections = detections.stream().map(List::copyOf).toList();
        }
    }

    /** One point of the curve. */
    public record Point(double sensitivity, int found, int positives, int falseAccepts, double negativeHours) {
        public Point {
            if (found < 0 || found > positives) throw new IllegalArgumentException("found " + found + " of " + positives);
            if (falseAccepts < 0 || !(negativeHours > 0)) throw new IllegalArgumentException("need negative audio");
        }

        /** Share of the positives found, in [0, 1] (1 when there are none). */
        public double recall() {
            return positives == 0 ? 1 : found / (double) positives;
        }

        public int misses() {
            return positives - found;
        }

        public double faPerHour() {
            return falseAccepts / negativeHours;
        }

        /** Whether it has at most {@code targetFaPerHour} false accepts per hour. */
        public boolean within(double targetFaPerHour) {
            return faPerHour() <= targetFaPerHour + 1e-12;
        }
    }

    /** {@code from}, {@code from + step}, … up to {@code to} inclusive, each rounded to 6 decimals (no 0.15000000000000002). */
    public static List<Double> values(double from, double to, double step) {
        Sensitivity.of(from);   // each end a sensitivity, or an IllegalArgumentException saying it is outside 0-1
        Sensitivity.of(to);
        if (!(from <= to)) throw new IllegalArgumentException("the sweep must run from the lower to the higher sensitivity");
        if (!(step > 0)) throw new IllegalArgumentException("the step must be positive");
        var out = new ArrayList<Double>();
        for (long i = 0; ; i++) {
            double v = Math.round((from + i * step) * 1e6) / 1e6;
            if (v > to + 1e-9) break;
            out.add(v);
        }
        return out;
    }

    /** The curve: one point per swept sensitivity, in the order given. */
    public static List<Point> curve(List<Double> sensitivities, List<FileResult> positives, List<FileResult> negatives) {
        double negativeSeconds = negatives.stream().mapToDouble(FileResult::seconds).sum();
        if (!(negativeSeconds > 0)) throw new IllegalArgumentException("no negative audio");
        for (var f : positives) checkSize(f, sensitivities.size());
        for (var f : negatives) checkSize(f, sensitivities.size());
        int units = positives.stream().mapToInt(f -> Math.max(1, f.labels().size())).sum();
        var points = new ArrayList<Point>();
        for (int i = 0; i < sensitivities.size(); i++) {
            int found = 0, falseAccepts = 0;
            for (var f : positives) found += found(f, f.detections().get(i));
            for (var f : negatives) falseAccepts += f.detections().get(i).size();
            points.add(new Point(sensitivities.get(i), found, units, falseAccepts, negativeSeconds / 3600));
        }
        return points;
    }

    private static int found(FileResult f, List<Span> detected) {
        if (f.labels().isEmpty()) return detected.isEmpty() ? 0 : 1;
        int n = 0;
        for (Span label : f.labels())
            if (detected.stream().anyMatch(label::overlaps)) n++;
        return n;
    }

    private static void checkSize(FileResult f, int n) {
        if (f.detections().size() != n)
            throw new IllegalArgumentException(f.file() + ": detections for " + f.detections().size() + " sensitivities, swept " + n);
    }

    /** One person's recall at each swept sensitivity (their positives only), for a household's wake word. */
    public record VoiceCurve(String voice, List<Point> points) {
        public VoiceCurve {
            points = List.copyOf(points);
        }
    }

    /** Each voice's curve: {@code positivesByVoice} holds the positives each person said; the negatives are shared. */
    public static List<VoiceCurve> voiceCurves(List<Double> sensitivities, Map<String, List<FileResult>> positivesByVoice, List<FileResult> negatives) {
        return positivesByVoice.entrySet().stream().map(e -> new VoiceCurve(e.getKey(), curve(sensitivities, e.getValue(), negatives))).toList();
    }

    /**
     * Recordings of near misses (phrases that sound like the wake word and are not it, "hey jester" for "hey jasper",
     * said by the people who will use it) and which of them each swept sensitivity accepts: a recording is accepted when
     * anything in it is detected.
     *
     * @param recordings    how many near-miss recordings there are (0: none were given)
     * @param acceptedFiles {@code acceptedFiles.get(i)}: the recordings accepted at the i-th swept sensitivity
     */
    public record NearMissCurve(int recordings, List<List<String>> acceptedFiles) {
        public NearMissCurve {
            acceptedFiles = acceptedFiles.stream().map(List::copyOf).toList();
        }

        /** No near-miss recordings: nothing is refused for them. */
        public static NearMissCurve none(int points) {
            return new NearMissCurve(0, Collections.nCopies(points, List.of()));
        }

        public int accepted(int i) {
            return acceptedFiles.get(i).size();
        }

        /** The share of the recordings accepted at the i-th sensitivity, in [0, 1] (0 when there are none). */
        public double share(int i) {
            return recordings == 0 ? 0 : accepted(i) / (double) recordings;
        }
    }

    /** Which of {@code nearMisses} each sensitivity accepts. */
    public static NearMissCurve nearMisses(List<Double> sensitivities, List<FileResult> nearMisses) {
        for (var f : nearMisses) checkSize(f, sensitivities.size());
        var accepted = new ArrayList<List<String>>();
        for (int i = 0; i < sensitivities.size(); i++) {
            int at = i;
            accepted.add(nearMisses.stream().filter(f -> !f.detections().get(at).isEmpty()).map(FileResult::file).toList());
        }
        return new NearMissCurve(nearMisses.size(), accepted);
    }

    /**
     * The recommended point: the highest recall among those with at most {@code targetFaPerHour} false accepts per
     * hour; of equals, the fewest false accepts; of those, the middle one (a value in the middle of a plateau is the
     * furthest from both a drop in recall and a rise in false wakes). Empty if no value meets the target.
     */
    public static Optional<Point> recommend(List<Point> curve, double targetFaPerHour) {
        return recommend(curve, targetFaPerHour, List.of());
    }

    /**
     * As {@link #recommend(List, double)}, for a household: first the highest recall of the voice served worst, so
     * no one in the house is left saying the word twice for the others' sake; then the highest recall over all.
     */
    public static Optional<Point> recommend(List<Point> curve, double targetFaPerHour, List<VoiceCurve> voices) {
        return recommend(curve, targetFaPerHour, voices, NearMissCurve.none(curve.size()), 0);
    }

    /**
     * As {@link #recommend(List, double, List)}, among the values that also accept at most {@code maxNearMissShare} of
     * the near-miss recordings: a word that sounds like the wake word and wakes it sends what follows it.
     */
    public static Optional<Point> recommend(List<Point> curve, double targetFaPerHour, List<VoiceCurve> voices, NearMissCurve nearMisses,
                                            double maxNearMissShare) {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < curve.size(); i++)
            if (curve.get(i).within(targetFaPerHour) && nearMisses.share(i) <= maxNearMissShare + 1e-12) ok.add(i);
        if (ok.isEmpty()) return Optional.empty();
        double bestWorst = ok.stream().mapToDouble(i -> worstVoiceRecall(voices, i)).max().orElseThrow();
        List<Integer> fair = ok.stream().filter(i -> worstVoiceRecall(voices, i) == bestWorst).toList();
        double bestRecall = fair.stream().mapToDouble(i -> curve.get(i).recall()).max().orElseThrow();
        List<Point> best = fair.stream().map(curve::get).filter(p -> p.recall() == bestRecall).toList();
        int fewest = best.stream().mapToInt(Point::falseAccepts).min().orElseThrow();
        List<Point> tied = best.stream().filter(p -> p.falseAccepts() == fewest)
                .sorted(Comparator.comparingDouble(Point::sensitivity)).toList();
        return Optional.of(tied.get((tied.size() - 1) / 2));
    }

    /** The lowest recall among the voices at the i-th sensitivity; 1 without voices. */
    public static double worstVoiceRecall(List<VoiceCurve> voices, int i) {
        return voices.stream().mapToDouble(v -> v.points().get(i).recall()).min().orElse(1);
    }

    /**
     * The curve as CSV: a header, then one row per point; {@code recommended} is 1 on the recommended row. With
     * voices, one more column per voice at the end, {@code recall_<voice>}.
     */
    public static void writeCsv(List<Point> curve, Optional<Point> recommended, List<VoiceCurve> voices, Writer out) throws IOException {
        writeCsv(curve, recommended, voices, NearMissCurve.none(curve.size()), out);
    }

    /** As {@link #writeCsv(List, Optional, List, Writer)}; with near-miss recordings, two more columns at the very end. */
    public static void writeCsv(List<Point> curve, Optional<Point> recommended, List<VoiceCurve> voices, NearMissCurve nearMisses, Writer out)
            throws IOException {
        writeHeader(voices, nearMisses, out);
        out.write("\n");
        writeRows(curve, recommended, voices, nearMisses, "", out);
    }

    /**
     * Sweeps at several confirmation sensitivities as one CSV: the columns of {@link #writeCsv(List, Optional, List,
     * NearMissCurve, Writer)}, then {@code confirm_sensitivity} at the very end; one row per confirmation and
     * sensitivity, {@code recommended} 1 on the one row of the {@code chosen} confirmation's recommended point.
     */
    public static void writeCsv(List<AtConfirmation> sweeps, Optional<AtConfirmation> chosen, Writer out) throws IOException {
        var first = sweeps.getFirst();
        writeHeader(first.voices(), first.nearMisses(), out);
        out.write(",confirm_sensitivity\n");
        for (var s : sweeps)
            writeRows(s.curve(), chosen.filter(s::equals).flatMap(AtConfirmation::recommended), s.voices(), s.nearMisses(),
                    String.format(Locale.ROOT, ",%.4f", s.confirmSensitivity()), out);
    }

    private static void writeHeader(List<VoiceCurve> voices, NearMissCurve nearMisses, Writer out) throws IOException {
        out.write("sensitivity,recall,misses,positives,false_accepts,fa_per_hour,negative_hours,recommended");
        for (var v : voices) out.write(",recall_" + v.voice().replaceAll("[^A-Za-z0-9_-]", "_"));
        if (nearMisses.recordings() > 0) out.write(",near_misses_accepted,near_misses");
    }

    private static void writeRows(List<Point> curve, Optional<Point> recommended, List<VoiceCurve> voices, NearMissCurve nearMisses, String tail,
                                  Writer out) throws IOException {
        for (int i = 0; i < curve.size(); i++) {
            var p = curve.get(i);
            out.write(String.format(Locale.ROOT, "%.4f,%.4f,%d,%d,%d,%.4f,%.4f,%d", p.sensitivity(), p.recall(), p.misses(), p.positives(),
                    p.falseAccepts(), p.faPerHour(), p.negativeHours(), recommended.filter(p::equals).isPresent() ? 1 : 0));
            for (var v : voices) out.write(String.format(Locale.ROOT, ",%.4f", v.points().get(i).recall()));
            if (nearMisses.recordings() > 0) out.write(String.format(Locale.ROOT, ",%d,%d", nearMisses.accepted(i), nearMisses.recordings()));
            out.write(tail);
            out.write("\n");
        }
    }

    /**
     * A sweep of the detector's sensitivity behind a confirmation at one of several sensitivities ({@code tune
     * --confirm-sensitivities}): the confirmation decides most near misses, and a stricter one also refuses some of
     * the wake words.
     *
     * @param recommended this confirmation's recommended point, as {@link #recommend(List, double, List, NearMissCurve, double)} chose it
     */
    public record AtConfirmation(double confirmSensitivity, List<Point> curve, List<VoiceCurve> voices, NearMissCurve nearMisses,
                                 Optional<Point> recommended) {
        public AtConfirmation {
            curve = List.copyOf(curve);
            voices = List.copyOf(voices);
        }

        int recommendedIndex() {
            return curve.indexOf(recommended.orElseThrow());
        }
    }

    /**
     * Of sweeps behind several confirmations, the one whose recommended point accepts the fewest near misses, then serves
     * the worst-served voice best, then finds the most, then has the fewest false accepts; of equals, the loosest
     * confirmation, which refuses the least of what the recordings did not show. Empty when none recommends a value.
     *
     * <p>Near misses come first because a household records few of them: a confirmation that accepts one of 25 within
     * the target accepted far more of the same phrases said again (docs/measured.md), and what it lets through is sent.
     */
    public static Optional<AtConfirmation> recommendConfirmation(List<AtConfirmation> sweeps) {
        Comparator<AtConfirmation> better = Comparator
                .<AtConfirmation>comparingInt(s -> -s.nearMisses().accepted(s.recommendedIndex()))
                .thenComparingDouble(s -> worstVoiceRecall(s.voices(), s.recommendedIndex()))
                .thenComparingDouble(s -> s.recommended().orElseThrow().recall())
                .thenComparingInt(s -> -s.recommended().orElseThrow().falseAccepts())
                .thenComparingDouble(AtConfirmation::confirmSensitivity);
        return sweeps.stream().filter(s -> s.recommended().isPresent()).max(better);
    }
}
