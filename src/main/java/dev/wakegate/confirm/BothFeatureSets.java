package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;
import dev.wakegate.vad.EnergyVad;

import java.util.Arrays;
import java.util.Locale;

/**
 * A personal template's confirmation on both feature sets: the log-mel match and the speech-embedding match must each
 * accept the candidate. They fail on different near misses (log-mel takes a changed consonant, "hey casper"; speech
 * embeddings take a word said alone, "jasper", or a longer phrase, "a computer"), so requiring both refuses what either
 * refuses; the word said by an enrolled voice passes both, in a quiet room.
 *
 * <p>In noise the speech-embedding match of three clean takes refuses the enrolled voice itself (on the dev corpus,
 * 10 of the 21 noisy wake phrases that log mel confirms), so the default features check a candidate in noise against
 * the takes heard through its background ({@link EmbeddingsInNoise}), or, for a template enrolled before the takes'
 * mel frames were kept, only on a candidate heard clearly over its background ({@link #quietOnly}); explicit
 * {@code both} checks every candidate against the clean takes.
 */
final class BothFeatureSets implements Confirmer {
    /**
     * The default's bar: the loud frames of the candidate's audio this far over its quiet ones. Chosen on the dev
     * corpus: the noisy wake phrases the embedding match refuses stand 10-24 dB over their noise, the streams' speech
     * 27-42 dB over their quiet-room background (where "hey come pewter" must still be refused).
     */
    static final double QUIET_SPREAD_DB = 25;
    private final Confirmer logMel, embeddings, embeddingsInNoise;
    private final double minSpreadDb;

    private BothFeatureSets(Confirmer logMel, Confirmer embeddings, Confirmer embeddingsInNoise, double minSpreadDb) {
        this.logMel = logMel;
        this.embeddings = embeddings;
        this.embeddingsInNoise = embeddingsInNoise;
        this.minSpreadDb = minSpreadDb;
    }

    /** Both must accept every candidate. */
    static BothFeatureSets always(Confirmer logMel, Confirmer embeddings) {
        return new BothFeatureSets(logMel, embeddings, null, Double.NEGATIVE_INFINITY);
    }

    /** Both must accept a candidate heard clearly over its background; in noise, log mel alone decides. */
    static BothFeatureSets quietOnly(Confirmer logMel, Confirmer embeddings) {
        return new BothFeatureSets(logMel, embeddings, null, QUIET_SPREAD_DB);
    }

    /** Both must accept every candidate; in noise the speech embeddings are those of the takes heard through its background. */
    static BothFeatureSets throughBackground(Confirmer logMel, Confirmer embeddings, Confirmer embeddingsInNoise) {
        return new BothFeatureSets(logMel, embeddings, embeddingsInNoise, QUIET_SPREAD_DB);
    }

    @Override
    public Verdict confirm(HeardWord heard) {
        var first = logMel.confirm(heard);
        if (!first.confirmed()) return Verdict.reject(first.score(), "log mel: " + first.reason());
        double spread = spreadDb(heard.audio());
        boolean noisy = spread < minSpreadDb;
        if (noisy && embeddingsInNoise == null)
            return Verdict.accept(first.score(), String.format(Locale.ROOT, "log mel: %s; embeddings: not asked in noise (%.0f dB over the background < %.0f)",
                    first.reason(), spread, minSpreadDb));
        var second = (noisy ? embeddingsInNoise : embeddings).confirm(heard);
        String both = String.format(Locale.ROOT, "log mel: %s; embeddings: %s (%.0f dB over the background)", first.reason(), second.reason(), spread);
        double score = Math.min(first.score(), second.score());
        return second.confirmed() ? Verdict.accept(score, both) : Verdict.reject(score, both);
    }

    /**
     * How far the candidate stands over its background: the 90th minus the 10th percentile of its 10 ms frame levels
     * (the audio holds half a second before the word, so its quiet frames are the room's).
     */
    static double spreadDb(short[] audio) {
        double[] level = EnergyVad.frameLevelsDb(audio);
        if (level.length < 10) return Double.POSITIVE_INFINITY;
        Arrays.sort(level);
        return level[level.length * 9 / 10] - level[level.length / 10];
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public void close() {
        try {
            if (embeddingsInNoise != null) embeddingsInNoise.close();
            embeddings.close();
        } finally {
            logMel.close();
        }
    }
}
