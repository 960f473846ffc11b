package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.internal.UserError;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link WakeTemplate} from recorded takes of the wake word, refusing takes that would make a poor
 * template: silent, clipped, too short, too long, or unlike the other takes.
 */
public final class Enroller {
    public static final int MIN_TAKES = 3;
    /** Threads for the work enroll waits on (a verifier's renditions and its training): at most 4, as tune uses, a Pi's cores. */
    static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    static final double MIN_SPEECH_SECONDS = 0.25, MAX_SPEECH_SECONDS = 2.5;
    static final double MIN_SNR_DB = 10, MIN_PEAK_DB = -70;
    /** Full-scale runs of 3+ samples; more than this many means the recording clipped. */
    static final int MAX_CLIPPED_RUNS = 3;
    /** A take is unlike the others when its distance is this many times theirs, and at least {@link #OUTLIER_FLOOR}. */
    static final double OUTLIER_FACTOR = 3, OUTLIER_FLOOR = 0.15;
    /** Takes whose typical distance exceeds this are not the same words. */
    static final double DISAGREEMENT = 0.6;

    private final Clock clock;

    public Enroller(Clock clock) {
        this.clock = clock;
    }

    /** A take, already decoded to 16 kHz mono. */
    public record Recording(String source, short[] samples) {
        @Override
        public String toString() {
            return "Recording[" + source + ", " + samples.length + " samples]";
        }
    }

    /** What enrollment found about one take. */
    public record TakeReport(String source, double speechSeconds, double peakDb, double snrDb, double distance) {}

    public record Enrollment(WakeTemplate template, List<TakeReport> takes) {}

    /** Checks one take on its own; returns it (the first voice's) or throws a {@link UserError} naming the fix. */
    public static WakeTemplate.Take checkTake(Recording take, String label) {
        return check(take, label).take(take.source());
    }

    /**
     * A take that passed {@link #checkTake}: where its speech is, the analysis of the whole recording, the trimmed log
     * mel spectra and the pitch it was said at.
     */
    private record CheckedTake(SpeechSpan span, MelAnalysis heard, float[][] logMel, double pitchHz) {
        WakeTemplate.Take take(String source) {
            return new WakeTemplate.Take(source, WakeTemplate.FIRST_VOICE, logMel, Double.NaN, pitchHz);
        }
    }

    private static CheckedTake check(Recording take, String label) {
        short[] x = take.samples();
        SpeechSpan span = checkAudible(take, label);
        double seconds = span.frames() / (double) Pcm.FRAMES_PER_SECOND;
        if (seconds < MIN_SPEECH_SECONDS)
            throw new UserError("%s is too short (%.2f s of speech). Fix: say the whole wake word".formatted(label, seconds));
        if (seconds > MAX_SPEECH_SECONDS)
            throw new UserError("%s is too long (%.2f s of speech; at most %.1f s). Fix: record only the wake word, with a moment of silence around it"
                    .formatted(label, seconds, MAX_SPEECH_SECONDS));
        var heard = MelAnalysis.of(x);
        float[][] logMel = new float[span.frames()][Mfcc.MELS];
        for (int i = 0; i < logMel.length; i++)
            for (int m = 0; m < Mfcc.MELS; m++) logMel[i][m] = (float) Math.log(Math.max(heard.mel()[span.startFrame() + i][m], 1e-2f));
        double pitch = VoicePitch.medianHz(x, span.startFrame() * Pcm.FRAME_SAMPLES, span.endFrame() * Pcm.FRAME_SAMPLES);
        return new CheckedTake(span, heard, logMel, pitch);
    }

    /**
     * The checks that any recording of speech must pass, however long: long enough to hold a word, not silent, not
     * clipped (a {@link UserError} naming the fix); for {@code enroll --record}'s near misses, said inside a sentence.
     * Returns where its speech is.
     */
    public static SpeechSpan checkAudible(Recording take, String label) {
        short[] x = take.samples();
        if (x.length < Pcm.FRAME_SAMPLES * 5) throw new UserError(label + " is too short to hold a wake word. Fix: record it again");
        SpeechSpan span = SpeechSpan.find(x);
        if (span.peakDb() < MIN_PEAK_DB || span.snrDb() < MIN_SNR_DB)
            throw new UserError("%s is silent or almost: its loudest moment is %.0f dB above the background. Fix: speak closer to the microphone or raise the capture level"
                    .formatted(label, Math.max(0, span.snrDb())));
        if (clippedRuns(x) > MAX_CLIPPED_RUNS)
            throw new UserError(label + " is clipped (the level hit full scale). Fix: lower the capture level or step back, and record it again");
        return span;
    }

    public Enrollment enroll(String name, List<Recording> recordings) {
        if (recordings.size() < MIN_TAKES)
            throw new UserError("enrollment needs at least " + MIN_TAKES + " takes of the wake word, got " + recordings.size()
                    + ". Fix: record the wake word " + MIN_TAKES + " times");
        var checked = new ArrayList<CheckedTake>();
        var takes = new ArrayList<WakeTemplate.Take>();
        for (int i = 0; i < recordings.size(); i++) {
            var r = recordings.get(i);
            checked.add(check(r, label(i, r)));
            takes.add(checked.get(i).take(r.source()));
        }
        double[][] distances = distances(takes, checked.stream().map(CheckedTake::heard).toList());
        double[] nearest = nearest(distances);
        var labels = new ArrayList<String>();
        for (int i = 0; i < recordings.size(); i++) labels.add(label(i, recordings.get(i)));
        disagreement(labels, nearest, distances).ifPresent(d -> {
            throw new UserError(d.reason());
        });
        double agreement = agreementAsThreeTakes(distances);
        var reports = new ArrayList<TakeReport>();
        for (int i = 0; i < takes.size(); i++) {
            var s = checked.get(i).span();
            reports.add(new TakeReport(takes.get(i).source(), s.frames() / (double) Pcm.FRAMES_PER_SECOND, s.peakDb(), s.snrDb(), nearest[i]));
        }
        return new Enrollment(new WakeTemplate(name, takes, agreement, clock.instant()), reports);
    }

    private static String label(int i, Recording r) {
        return "take " + (i + 1) + " (" + r.source() + ")";
    }

    /**
     * Why a set of takes does not agree, and whose fault it is.
     *
     * @param take   the index of the take to record again, or -1 when no single take is to blame (they all differ)
     * @param reason one line naming the take and the fix
     */
    public record Disagreement(int take, String reason) {}

    /**
     * Checks takes recorded one at a time against each other, with the rules {@link #enroll} applies: for {@code enroll
     * --record}, which asks again for the take this names. Each take must have passed {@link #checkTake} already.
     *
     * @param takes      the checked takes so far (with one take there is nothing to compare: empty)
     * @param recordings the recordings those takes were cut from, in the same order
     * @param labels     how to name each take in the reason, e.g. "take 2"
     */
    public static Optional<Disagreement> checkAgreement(List<WakeTemplate.Take> takes, List<Recording> recordings, List<String> labels) {
        if (takes.size() != labels.size() || takes.size() != recordings.size()) throw new IllegalArgumentException("one recording and label per take");
        if (takes.size() < 2) return Optional.empty();
        double[][] distances = distances(takes, analyse(recordings));
        return disagreement(labels, nearest(distances), distances);
    }

    /** The agreement {@link #enroll} would store ({@link #agreementAsThreeTakes}; 0 = identical). */
    public static double agreement(List<WakeTemplate.Take> takes, List<Recording> recordings) {
        return takes.size() < 2 ? 0 : agreementAsThreeTakes(distances(takes, analyse(recordings)));
    }

    /**
     * How well takes agree, as three of them would show it: for each take, its distance to the nearer of two other
     * takes, averaged over every pair of the others; the median over the takes. For three takes that is each take's
     * nearest distance. The nearest of more takes is nearer only because there are more to choose from, and limits
     * drawn from it tightened as takes were added: six of a person's takes given at once found fewer of their other
     * takes than three did. With two takes, the median of their nearest distances, as before.
     *
     * @param distances {@code [i][j]}: the distance of take j found in take i
     */
    static double agreementAsThreeTakes(double[][] distances) {
        int n = distances.length;
        if (n < 3) return median(nearest(distances));
        double[] typical = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int pairs = 0;
            for (int j = 0; j < n; j++)
                for (int k = j + 1; k < n; k++) {
                    if (j == i || k == i) continue;
                    sum += Math.min(distances[i][j], distances[i][k]);
                    pairs++;
                }
            typical[i] = sum / pairs;
        }
        return median(typical);
    }

    private static Optional<Disagreement> disagreement(List<String> labels, double[] nearest, double[][] distances) {
        double typical = median(nearest);
        if (typical > DISAGREEMENT)
            return Optional.of(new Disagreement(-1, "the takes do not sound like the same words (typical distance %.2f). Fix: record the same wake word each time, in a quiet room"
                    .formatted(typical)));
        for (int i = 0; i < nearest.length; i++) {
            double[] others = new double[nearest.length - 1];
            for (int j = 0, k = 0; j < nearest.length; j++) if (j != i) others[k++] = nearest[j];
            double reference = median(others);
            if (nearest[i] > OUTLIER_FLOOR && nearest[i] > OUTLIER_FACTOR * reference)
                return Optional.of(new Disagreement(i, "%s does not sound like the other takes (distance %.2f, the others %.2f). Fix: record it again"
                        .formatted(labels.get(i), nearest[i], reference)));
        }
        // Two words enrolled together, each with two or more takes, pass the test above: every take has a twin. So each
        // take must also be close to most of the others; the take farthest from them is named.
        int worst = -1;
        double worstTypical = 0;
        for (int i = 0; i < distances.length; i++) {
            double[] others = new double[distances.length - 1];
            for (int j = 0, k = 0; j < distances.length; j++) if (j != i) others[k++] = distances[i][j];
            double typicalOfTake = median(others);
            if (typicalOfTake > OUTLIER_FLOOR && typicalOfTake > OUTLIER_FACTOR * typical && typicalOfTake > worstTypical) {
                worst = i;
                worstTypical = typicalOfTake;
            }
        }
        if (worst >= 0)
            return Optional.of(new Disagreement(worst, ("%s does not sound like most of the other takes (distance %.2f, the closest takes %.2f): another word, or the"
                    + " word through another microphone or from much further away. Fix: record the same wake word each time, in one place; takes from"
                    + " elsewhere can be added later, three at a time (enroll --add)").formatted(labels.get(worst), worstTypical, typical)));
        return Optional.empty();
    }

    /**
     * How far each take is from the others, measured as detection will measure it: the template of take j is
     * looked for in the whole recording of take i with the detector's exact, noise-compensated look (so the
     * background and the take's own trimming cannot make two good takes look different).
     *
     * @return {@code [i][j]}: the distance of take j found in take i (2 if it does not align); 0 on the diagonal
     */
    private static double[][] distances(List<WakeTemplate.Take> takes, List<MelAnalysis> recordings) {
        double[][] d = new double[takes.size()][takes.size()];
        for (int j = 0; j < takes.size(); j++) {
            var scorer = new TemplateScorer(new WakeTemplate("take", List.of(takes.get(j)), 0, Instant.EPOCH));
            for (int i = 0; i < takes.size(); i++) {
                if (i == j) continue;
                var r = scorer.score(recordings.get(i));
                d[i][j] = Double.isFinite(r.ratio()) ? Math.min(2, r.mean()) : 2;
            }
        }
        return d;
    }

    private static double[] nearest(double[][] distances) {
        double[] nearest = new double[distances.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int i = 0; i < distances.length; i++)
            for (int j = 0; j < distances.length; j++) if (i != j) nearest[i] = Math.min(nearest[i], distances[i][j]);
        return nearest;
    }

    private static List<MelAnalysis> analyse(List<Recording> recordings) {
        return recordings.stream().map(r -> MelAnalysis.of(r.samples())).toList();
    }

    static int clippedRuns(short[] x) {
        int runs = 0, run = 0;
        for (short s : x) {
            if (s >= 32_700 || s <= -32_700) {
                if (++run == 3) runs++;
            } else {
                run = 0;
            }
        }
        return runs;
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
