package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.template.TemplateScorer;
import dev.wakegate.detect.template.WakeTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Confirms a candidate by scoring the buffered audio against a personal template afresh, at a stricter
 * threshold than the detector's. With one template it checks every candidate against it (so it can stand
 * behind any engine: "anyone can wake it, but it must be my voice"); with several, the one named like the
 * detected word.
 */
public final class TemplateConfirmer implements Judging {
    private final Map<String, TemplateScorer> scorers = new LinkedHashMap<>();
    private final double threshold;
    private final boolean refusePlurals;

    /**
     * @param sensitivity   like the detector's; the confirmer's default is stricter (lower)
     * @param refusePlurals refuse a word that runs straight into an s ("hey jaspers"); false: accept it, so that a command
     *                      that starts with an s may follow without a breath ("hey jasper set a timer")
     */
    public TemplateConfirmer(List<WakeTemplate> templates, Sensitivity sensitivity, boolean refusePlurals) {
        if (templates.isEmpty()) throw new IllegalArgumentException("no templates");
        for (var t : templates) scorers.put(t.name(), new TemplateScorer(t));
        this.threshold = sensitivity.threshold();
        this.refusePlurals = refusePlurals;
    }

    /** Refusing plurals. */
    public TemplateConfirmer(List<WakeTemplate> templates, Sensitivity sensitivity) {
        this(templates, sensitivity, true);
    }

    @Override
    public String name() {
        return "template";
    }

    /** Refused only for lying too far from the takes: matched on the detected word, with no s running on after it. */
    @Override
    public Judgement judge(HeardWord heard) {
        var scorer = scorers.size() == 1 ? scorers.values().iterator().next() : scorers.get(heard.word());
        if (scorer == null) return new Judgement(Verdict.reject(0, "no template for '" + heard.word() + "'"), false);
        var result = scorer.verify(heard.audio());
        if (result.score() > 0 && !heard.overlapsDetection(result.startSample(), result.endSample()))
            return new Judgement(refusedAsBeside(result.score()), false);
        boolean matches = result.score() >= threshold;
        String how = String.format(Locale.ROOT, "template score %.2f %s %.2f", result.score(), matches ? ">=" : "<", threshold);
        if (!matches) return new Judgement(Verdict.reject(result.score(), how), result.score() > 0 && !(refusePlurals && result.sibilantAfter()));
        if (refusePlurals && result.sibilantAfter()) return new Judgement(refusedAsPlural(result.score(), how), false);
        return new Judgement(Verdict.accept(result.score(), how), false);
    }

    /** A match found in the audio around the detected word but not on it, refused: what every template confirmation says. */
    static Verdict refusedAsBeside(double score) {
        return Verdict.reject(0, String.format(Locale.ROOT, "the template matches beside the detected word, not on it (score %.2f)", score));
    }

    /** A word that matched ({@code how}) but runs straight into an s, refused: what every template confirmation says. */
    static Verdict refusedAsPlural(double score, String how) {
        return Verdict.reject(score, how + ", but an s follows the word without a pause (a plural?)");
    }
}
