package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.testing.TestData;
import dev.wakegate.vad.EnergyVad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a detector does when it starts hearing in the middle of someone's sentence, as the daemon's front end and
 * confirmation decide (run by {@code scripts/restart-check.sh}). Inside each ordinary sentence of a dev-corpus stream,
 * every 0.3 s, the detector is made to start hearing there, and the 2.5 s after that point are watched for a
 * confirmed wake word (there is none: ordinary sentences only). How it starts:
 * <ul>
 *   <li>{@code deaf}: it heard the stream from a pause at least 3 s before, then was deaf for {@code gap} seconds
 *       (wakegate played a reply; the ring kept the room's sound), and hears again at the point;
 *   <li>{@code mute}: as {@code deaf}, but muted (or paused, or the capture failing): the ring holds silence for the gap, and
 *       the detector restarts when the hold begins and when it is lifted, as the gate does;
 *   <li>{@code zeros}: the source itself sent digital silence for the gap (a microphone muted in software), heard as
 *       such: nothing restarts;
 *   <li>{@code cold}: a new detector whose first audio is the point (wakegate started while people were talking).
 * </ul>
 * Prints one line per start mode: the starts, and how many gave a confirmed word after the point. Modes
 * {@code wake-deaf}, {@code wake-mute} and {@code wake-zeros}: the other side, each wake phrase of the stream said shortly after the
 * detector came back. The figures are in docs/measured.md.
 */
public final class RestartBench {
    private static final double STEP_SECONDS = 0.3, WATCH_SECONDS = 2.5, WARM_SECONDS = 3, RING_SECONDS = 8;
    /** The template confirmation as {@code run} makes it by default. */
    private static final ConfirmSpec CONFIRMATION = new ConfirmSpec(ConfirmSpec.Kind.template, List.of(), null, List.of(), null);

    /** With -Dwakegate.restart.debug=true: every candidate judged, and every wake phrase missed, on stderr. */
    static final boolean DEBUG = Boolean.getBoolean("wakegate.restart.debug");

    record Segment(double start, double end, String kind) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: RestartBench TEMPLATE.json STREAM.wav SEGMENTS.tsv [deaf|mute|zeros|cold|wake-deaf|wake-mute|wake-zeros ...] [--gap S]");
            System.exit(2);
        }
        Path template = Path.of(args[0]);
        short[] stream = TestData.samples(Path.of(args[1]));
        var segments = segments(Path.of(args[2]));
        double gap = 1;
        var modes = new ArrayList<String>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--gap")) gap = Double.parseDouble(args[++i]);
            else modes.add(args[i]);
        }
        if (modes.isEmpty()) modes.addAll(List.of("deaf", "mute", "zeros", "cold", "wake-deaf", "wake-mute", "wake-zeros"));
        for (String mode : modes) {
            if (mode.startsWith("wake-")) {
                wakePhrasesAfter(mode.substring(5), template, stream, segments, gap);
                continue;
            }
            var starts = new int[1];
            int confirmed = confirmedAfterStarts(template, stream, segments, mode, gap, starts);
            System.out.printf(Locale.ROOT, "%s (gap %.1f s): %d starts, %d confirmed a word after the start%n", mode, gap, starts[0], confirmed);
        }
    }

    /**
     * Starts the detector ({@code mode}) every 0.3 s inside each ordinary sentence of {@code stream}; returns how many
     * starts gave a confirmed word in the 2.5 s after them (and {@code starts[0]}: how many starts there were).
     */
    static int confirmedAfterStarts(Path template, short[] stream, List<Segment> segments, String mode, double gap, int[] starts) {
        var spec = EngineSpec.template(List.of(template));
        int confirmed = 0;
        try (var engines = new Engines()) {
            for (int s = 0; s < segments.size(); s++) {
                var seg = segments.get(s);
                if (!seg.kind.equals("sentence")) continue;
                double limit = s + 1 < segments.size() && !segments.get(s + 1).kind.equals("sentence") ? segments.get(s + 1).start : Double.MAX_VALUE;
                for (double t = seg.start + STEP_SECONDS; t < seg.end - STEP_SECONDS; t += STEP_SECONDS) {
                    double warmFrom = mode.equals("cold") ? t : pauseBefore(segments, t - WARM_SECONDS);
                    starts[0]++;
                    var hit = listenAfresh(engines, spec, stream, mode, warmFrom, t, Math.min(t + WATCH_SECONDS, limit), gap);
                    if (hit != null) {
                        confirmed++;
                        System.err.printf(Locale.ROOT, "%s: start %.2f s, word at %.2f-%.2f s%n", mode, t, hit.startSeconds(), hit.endSeconds());
                    }
                }
            }
        }
        return confirmed;
    }

    /**
     * The other side: each wake phrase of the stream with the detector coming back ({@code mode}) {@link #LEADS} seconds
     * before it (in the pause before it, or in the sentence before that when the pause is shorter); prints how many were
     * confirmed, per lead.
     */
    static void wakePhrasesAfter(String mode, Path template, short[] stream, List<Segment> segments, double gap) {
        var line = new StringBuilder();
        int total = 0, phrases = (int) segments.stream().filter(s -> s.kind.equals("wake")).count();
        for (double lead : LEADS) {
            int found = wakePhrasesFound(mode, template, stream, segments, lead, gap);
            total += found;
            line.append(String.format(Locale.ROOT, "  %.1f s: %d (%d in speech)", lead, found, inSpeech(segments, lead)));
        }
        System.out.printf(Locale.ROOT, "wake-%s (gap %.1f s): wake phrases found of %d, per lead:%s; %d of %d in all%n", mode, gap, phrases, line,
                total, phrases * LEADS.length);
    }

    /**
     * How many of the stream's wake phrases are confirmed with the detector coming back ({@code mode}) {@code lead}
     * seconds before each; any other mode: listening on throughout.
     */
    static int wakePhrasesFound(String mode, Path template, short[] stream, List<Segment> segments, double lead, double gap) {
        var spec = EngineSpec.template(List.of(template));
        int found = 0;
        try (var engines = new Engines()) {
            for (var wake : segments) {
                if (!wake.kind.equals("wake")) continue;
                double point = wake.start - lead;
                var hit = listenAfresh(engines, spec, stream, mode, pauseBefore(segments, point - WARM_SECONDS), point, wake.end + 0.8, gap);
                if (hit != null && hit.startSeconds() < wake.end && hit.endSeconds() > wake.start) found++;
                else if (DEBUG) System.err.printf(Locale.ROOT, "missed: wake %.2f-%.2f s, back %.2f s before%n", wake.start, wake.end, lead);
            }
        }
        return found;
    }

    /** How many wake phrases have speech of the segment before them at {@code lead} seconds before them. */
    private static int inSpeech(List<Segment> segments, double lead) {
        int n = 0;
        for (int s = 1; s < segments.size(); s++)
            if (segments.get(s).kind.equals("wake") && segments.get(s - 1).end > segments.get(s).start - lead) n++;
        return n;
    }

    private static final double[] LEADS = {0.1, 0.2, 0.3, 0.5, 0.8, 1.2};

    /**
     * The first word {@code template} confirms in {@code stream} from {@code point} on, the detector coming back there
     * ({@code mode}) after hearing it from {@code from}; null if none by {@code to}. Positions in seconds of the stream.
     */
    static Detection firstConfirmedAfter(Path template, short[] stream, String mode, double from, double point, double to, double gap) {
        try (var engines = new Engines()) {
            return listenAfresh(engines, EngineSpec.template(List.of(template)), stream, mode, from, point, to, gap);
        }
    }

    /** {@link #listen} with a new detector and confirmation, as {@code run} builds them. */
    private static Detection listenAfresh(Engines engines, EngineSpec spec, short[] stream, String mode, double from, double point, double to,
                                          double gap) {
        try (WakeDetector detector = engines.detector(spec);
             Confirmer confirmer = Confirmers.build(CONFIRMATION, spec, engines, ConfirmSpec.Kind.none)) {
            return listen(stream, detector, confirmer, mode, from, point, to, gap);
        }
    }

    /** The first word confirmed from the point on, or null; absolute positions in the stream. */
    private static Detection listen(short[] stream, WakeDetector detector, Confirmer confirmer, String mode, double from, double point, double to,
                                    double gap) {
        var ring = new AudioRing((int) (RING_SECONDS * Pcm.SAMPLE_RATE));
        var ear = new FrontEnd(ring, new EnergyVad(), List.of(detector), 0);
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        long first = frame(from), gapFrom = frame(point - gap), resume = frame(point), last = Math.min(frame(to), stream.length / Pcm.FRAME_SAMPLES);
        for (long f = first; f < last; f++) {
            boolean inGap = !mode.equals("cold") && f >= gapFrom && f < resume;
            if (mode.equals("mute") && (f == gapFrom || f == resume)) ear.restart();   // as the gate does at a hold and its lift
            if (mode.equals("deaf") && f == gapFrom) ear.playback(true);
            if (mode.equals("deaf") && f == resume) ear.playback(false);
            // frame indices start at 0, as in the daemon: a ring that starts later reads as silence before
            if (inGap && mode.equals("mute")) ear.skip(f - first);
            else {
                if (inGap && mode.equals("zeros")) Arrays.fill(frame, (short) 0);
                else System.arraycopy(stream, (int) (f * Pcm.FRAME_SAMPLES), frame, 0, Pcm.FRAME_SAMPLES);
                ear.hear(frame, f - first);
            }
            var hit = judge(ear, confirmer, Long.MAX_VALUE, resume - first, first);
            if (hit != null) return shifted(hit, first);
        }
        ear.endOfInput();
        long inputEnd = (last - first) * Pcm.FRAME_SAMPLES;
        var hit = judge(ear, confirmer, inputEnd, resume - first, first);
        while (hit == null && ear.handOnWaiting()) hit = judge(ear, confirmer, inputEnd, resume - first, first);
        return hit == null ? null : shifted(hit, first);
    }

    private static Detection judge(FrontEnd ear, Confirmer confirmer, long inputEnd, long resumeFrame, long first) {
        for (int i = 0; i < ear.found(); i++) {
            var d = ear.found(i);
            var verdict = Confirmers.judge(confirmer, HeardWord.around(d, ear.ring(), inputEnd));
            if (DEBUG) System.err.printf(Locale.ROOT, "  %.2f-%.2f s detector %.2f: %s (resumed %.2f s)%n", shifted(d, first).startSeconds(), shifted(d, first).endSeconds(), d.score(), verdict.reason(), (resumeFrame + first) / 100.0);
            if (!verdict.confirmed()) ear.refused(i);
            else if (d.startSample() >= (resumeFrame - 5) * Pcm.FRAME_SAMPLES) return d;
        }
        return null;
    }

    private static Detection shifted(Detection d, long frames) {
        long by = frames * Pcm.FRAME_SAMPLES;
        return new Detection(d.word(), d.startSample() + by, d.endSample() + by, d.score(), d.atSample() + by, d.voice());
    }

    private static long frame(double seconds) {
        return Math.round(seconds * Pcm.FRAMES_PER_SECOND);
    }

    /** A moment in the pause before the last segment that starts at or before {@code t}. */
    private static double pauseBefore(List<Segment> segments, double t) {
        double start = 0;
        for (var s : segments) if (s.start <= t) start = s.start;
        return Math.max(0, start - 0.3);
    }

    static List<Segment> segments(Path tsv) throws IOException {
        var out = new ArrayList<Segment>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length >= 3) out.add(new Segment(Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2]));
        }
        return out;
    }
}
