package dev.wakegate.confirm;

import dev.wakegate.detect.oww.OwwScorer;

import java.util.Locale;

/**
 * Confirms a candidate by running openWakeWord models afresh over the buffered audio (the word with its margins,
 * silence before and after, as openWakeWord scores a clip) and requiring a peak score at a stricter threshold
 * than the detector's. With one model it checks every candidate against it, whatever engine fired; with several,
 * the one named like the detected word.
 */
public final class OwwConfirmer implements Confirmer {
    private final OwwScorer scorer;
    private final double threshold;

    /** @param sensitivity 0-1 like the detector's, threshold = 1 - sensitivity; the confirmer's default is stricter */
    public OwwConfirmer(OwwScorer scorer, double sensitivity) {
        if (!(sensitivity >= 0 && sensitivity <= 1)) throw new IllegalArgumentException("sensitivity outside [0, 1]: " + sensitivity);
        this.scorer = scorer;
        this.threshold = 1 - sensitivity;
    }

    @Override
    public String name() {
        return "oww";
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public Verdict confirm(Candidate candidate) {
        String word = candidate.detection().word();
        var words = scorer.words();
        int index = words.size() == 1 ? 0 : words.indexOf(word);
        if (index < 0) return Verdict.reject(0, "no openWakeWord model for '" + word + "'");
        var peak = scorer.score(candidate.audio()).get(index);
        boolean ok = peak.score() >= threshold;
        String how = String.format(Locale.ROOT, "oww %s score %.2f %s %.2f", peak.word(), peak.score(), ok ? ">=" : "<", threshold);
        return ok ? Verdict.accept(peak.score(), how) : Verdict.reject(peak.score(), how);
    }

    @Override
    public void close() {
        scorer.close();
    }
}
