package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;

/**
 * A personal template's confirmation on both feature sets: the log-mel match and the speech-embedding match must each
 * accept the candidate. They fail on different near misses (log-mel takes a changed consonant, "hey casper"; speech
 * embeddings take a word said alone, "jasper", or a longer phrase, "a computer"), so requiring both refuses what either
 * refuses; the word said by an enrolled voice passes both.
 */
final class BothFeatureSets implements Confirmer {
    private final Confirmer logMel, embeddings;

    BothFeatureSets(Confirmer logMel, Confirmer embeddings) {
        this.logMel = logMel;
        this.embeddings = embeddings;
    }

    @Override
    public Verdict confirm(HeardWord heard) {
        var first = logMel.confirm(heard);
        if (!first.confirmed()) return Verdict.reject(first.score(), "log mel: " + first.reason());
        var second = embeddings.confirm(heard);
        String both = "log mel: " + first.reason() + "; embeddings: " + second.reason();
        double score = Math.min(first.score(), second.score());
        return second.confirmed() ? Verdict.accept(score, both) : Verdict.reject(score, both);
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public void close() {
        try {
            embeddings.close();
        } finally {
            logMel.close();
        }
    }
}
