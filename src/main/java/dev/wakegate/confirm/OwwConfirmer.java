package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.oww.OwwScorer;

import java.util.Locale;

/**
 * Confirms a candidate by running openWakeWord models afresh over the buffered audio (the word with its margins,
 * silence before and after, as openWakeWord scores a clip): the word must reach the threshold when it is heard on
 * its own, out of the speech around it. The clip is scored on {@link #DEFAULT_GRIDS} step grids (80 ms steps
 * starting 0, 20, 40 and 60 ms later) and the highest score counts, so the verdict does not hang on where the grid
 * falls. With one model it checks every candidate against it, whatever engine fired; with several, the one named
 * like the detected word.
 */
public final class OwwConfirmer implements Confirmer {
    /** Step grids the clip is scored on. */
    public static final int DEFAULT_GRIDS = 4;
    /**
     * The default sensitivity behind the oww engine: threshold 0.4. That engine's detector already requires the word
     * on 3 of 4 step grids; what it lets through and the confirmer must still stop are scores made by the speech
     * before the candidate, which fall to about 0.1 or less when the candidate is heard alone, while real words in
     * noise lose some of their score out of context ({@code scripts/bench-oww.sh} gives the curve).
     */
    public static final double DEFAULT_SENSITIVITY = 0.6;
    /** The default sensitivity behind the other engines (threshold 0.7, stricter than a detector's 0.5); not re-measured. */
    public static final double DEFAULT_SENSITIVITY_BEHIND_OTHER_ENGINES = 0.3;

    private final OwwScorer scorer;
    private final double threshold;
    private final int grids;
    private final String name;

    /** @param sensitivity like the detector's: the word needs its threshold (1 - sensitivity) */
    public OwwConfirmer(OwwScorer scorer, Sensitivity sensitivity) {
        this(scorer, sensitivity, DEFAULT_GRIDS);
    }

    /** @param grids step grids the clip is scored on (1: openWakeWord's {@code predict_clip}) */
    public OwwConfirmer(OwwScorer scorer, Sensitivity sensitivity, int grids) {
        this(scorer, sensitivity, grids, "oww");
    }

    /** @param name how verdicts name this confirmer ("template" when it scores enrolled templates' speech embeddings) */
    public OwwConfirmer(OwwScorer scorer, Sensitivity sensitivity, int grids, String name) {
        if (grids < 1) throw new IllegalArgumentException("grids must be at least 1: " + grids);
        this.scorer = scorer;
        this.threshold = sensitivity.threshold();
        this.grids = grids;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    public double threshold() {
        return threshold;
    }

    public int grids() {
        return grids;
    }

    @Override
    public Verdict confirm(HeardWord heard) {
        var peak = peakOf(heard);
        return peak == null ? Verdict.reject(0, "no openWakeWord model for '" + heard.word() + "'") : verdictOn(peak);
    }

    /** The heard word's best moment in the candidate's audio; null when no model scores that word. */
    OwwScorer.Peak peakOf(HeardWord heard) {
        var words = scorer.words();
        int index = words.size() == 1 ? 0 : words.indexOf(heard.word());
        return index < 0 ? null : scorer.score(heard.audio(), grids).get(index);
    }

    Verdict verdictOn(OwwScorer.Peak peak) {
        boolean ok = peak.score() >= threshold;
        String how = String.format(Locale.ROOT, "oww %s score %.2f %s %.2f", peak.word(), peak.score(), ok ? ">=" : "<", threshold);
        return ok ? Verdict.accept(peak.score(), how) : Verdict.reject(peak.score(), how);
    }

    @Override
    public void close() {
        scorer.close();
    }
}
