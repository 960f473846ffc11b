package dev.wakegate.confirm;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.template.EmbeddingTemplate;
import dev.wakegate.detect.template.MelBackground;

import java.util.List;
import java.util.Locale;

/**
 * The speech-embedding check of a personal template for a candidate heard in noise. Three clean takes are far, in
 * embedding space, from the same voice in a noisy kitchen, so the takes are first heard through the candidate's own
 * background ({@link EmbeddingTemplate#heardThrough}: the mel frames they were computed from mixed with the quieter
 * frames before the word, at the word's loudness over them), and a match up to {@link #NOISE_ALLOWANCE} times the
 * quiet distance limit is accepted, as the log-mel template widens its own thresholds in noise.
 *
 * <p>Uses feature models owned by the quiet-room confirmation. A candidate in noise costs what one in a quiet room
 * does plus the mel model over its audio and the embedding model over the takes' windows (a few embeddings per
 * take); allocations happen per candidate, never per frame.
 */
final class EmbeddingsInNoise implements Confirmer {
    /**
     * How much further than in a quiet room a match may lie. Chosen on the dev corpus's three voices (wake phrases and
     * their near misses with kitchen, exercise-bike and pink noise mixed in at 10 and 5 dB): the takes heard through
     * the background kept 97 % of the noisy wake phrases at 1.5 and refused half of the near misses.
     */
    static final double NOISE_ALLOWANCE = 1.5;
    private final FeatureModels features;
    private final List<EmbeddingTemplate> words;
    private final double threshold;

    /** @param words templates whose takes {@link EmbeddingTemplate#hearsBackground() can be heard through a background} */
    EmbeddingsInNoise(FeatureModels features, List<EmbeddingTemplate> words, Sensitivity sensitivity) {
        for (var w : words) if (!w.hearsBackground()) throw new IllegalArgumentException(w.name() + ": no window frames");
        this.features = features;
        this.words = List.copyOf(words);
        this.threshold = sensitivity.threshold();
    }

    @Override
    public Verdict confirm(HeardWord heard) {
        var word = wordFor(heard.word());
        if (word == null) return Verdict.reject(0, "no template for '" + heard.word() + "'");
        var background = MelBackground.of(features.melFramesOf(heard.audio()), framesBeforeWord(heard));
        double score;
        try (var scorer = OwwScorer.borrowing(features, List.of(word.heardThrough(background, features)))) {
            score = EmbeddingTemplate.widened(scorer.score(heard.audio(), OwwDecision.GRIDS).getFirst().score(), NOISE_ALLOWANCE);
        }
        boolean ok = score >= threshold;
        String how = String.format(Locale.ROOT, "takes heard through the background: score %.2f %s %.2f", score, ok ? ">=" : "<", threshold);
        return ok ? Verdict.accept(score, how) : Verdict.reject(score, how);
    }

    private EmbeddingTemplate wordFor(String name) {
        if (words.size() == 1) return words.getFirst();
        for (var w : words) if (w.name().equals(name)) return w;
        return null;
    }

    private static int framesBeforeWord(HeardWord heard) {
        return (int) ((heard.detection().startSample() - heard.audioStartSample()) / Pcm.FRAME_SAMPLES);
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public void close() {}
}
