package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.template.PluralCheck;

/**
 * The template confirmation on speech embeddings ({@code --template-features embedding}): the candidate scored afresh
 * against the takes' embeddings, and, as the log-mel confirmation does, refused when the word runs straight into an s
 * ("hey jaspers"): a plural matches the takes as well as the word itself does, since they end where its s begins.
 */
final class EmbeddingTemplateConfirmer implements Confirmer {
    private final OwwConfirmer embeddings;
    private final PluralCheck plurals;

    /** Without the plural check ({@code --allow-trailing-s}) the embedding confirmation stands alone. */
    EmbeddingTemplateConfirmer(OwwConfirmer embeddings, PluralCheck plurals) {
        this.embeddings = embeddings;
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
        if (verdict.confirmed() && plurals.sibilantAfter(heard.word(), heard.audio(), peak.endSample()))
            return TemplateConfirmer.refusedAsPlural(verdict.score(), verdict.reason());
        return verdict;
    }

    @Override
    public void close() {
        embeddings.close();
    }
}
