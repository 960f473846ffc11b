package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.template.EmbeddingTemplate;
import dev.wakegate.detect.template.PluralCheck;
import dev.wakegate.detect.template.WakeTemplate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The template confirmation on speech embeddings ({@code --template-features embedding}): the candidate scored afresh
 * against the takes' embeddings. As the log-mel confirmation does, it confirms the word the detector found, not one
 * beside it in the audio around it, and refuses a word that runs straight into an s ("hey jaspers"): a plural matches
 * the takes as well as the word itself does, since they end where its s begins.
 */
final class EmbeddingTemplateConfirmer implements Confirmer {
    private final OwwConfirmer embeddings;
    private final Map<String, Long> wordSamples;
    private final PluralCheck plurals;

    /** @param plurals null: no plural check ({@code --allow-trailing-s}) */
    EmbeddingTemplateConfirmer(OwwConfirmer embeddings, List<WakeTemplate> templates, PluralCheck plurals) {
        this.embeddings = embeddings;
        this.wordSamples = templates.stream().collect(Collectors.toMap(WakeTemplate::name, WakeTemplate::wordSamples, (a, b) -> a));
        this.plurals = plurals;
    }

    @Override
    public String name() {
        return embeddings.name();
    }

    @Override
    public Verdict confirm(HeardWord heard) {
        var peak = embeddings.peakOf(heard);
        if (peak == null) return embeddings.confirm(heard);
        var verdict = embeddings.verdictOn(peak);
        if (verdict.score() > 0 && !matchOverlapsDetection(heard, peak.endSample()))
            return TemplateConfirmer.refusedAsBeside(verdict.score());
        if (verdict.confirmed() && plurals != null && plurals.sibilantAfter(heard.word(), heard.audio(), peak.endSample()))
            return TemplateConfirmer.refusedAsPlural(verdict.score(), verdict.reason());
        return verdict;
    }

    /**
     * Whether the word matched in the window ending at {@code peakEndSample} overlaps the detected span: it ended within
     * one 80 ms step after {@link EmbeddingTemplate#earliestWordEnd} and lasted about as long as the takes. A match
     * whose peak lies in the silence scored after the audio (a take's last embedding, that of the quiet after the word,
     * held over it) places the word's end where the audio ends at the latest: nothing after it was heard.
     */
    private boolean matchOverlapsDetection(HeardWord heard, int peakEndSample) {
        Long samples = wordSamples.size() == 1 ? wordSamples.values().iterator().next() : wordSamples.get(heard.word());
        if (samples == null) return true;
        long end = Math.min(EmbeddingTemplate.earliestWordEnd(peakEndSample), heard.audio().length);
        return heard.overlapsDetection((int) Math.max(0, end - samples), (int) (end + FeatureModels.STEP_SAMPLES));
    }

    @Override
    public void close() {
        embeddings.close();
    }
}
