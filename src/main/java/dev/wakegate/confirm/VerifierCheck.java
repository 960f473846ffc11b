package dev.wakegate.confirm;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.template.VerifierBank;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.detect.template.WordVerifier;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How surely the enrolled voices' {@link WordVerifier}s find the heard word ending where it was detected: 0 to 1. */
@FunctionalInterface
interface VerifierCheck {
    /** A detector places the end of another voice's word loosely: windows ending this long before it to this long after it are asked. */
    double FROM_SECONDS = 0.1, TO_SECONDS = 0.6;

    double score(HeardWord heard);

    /**
     * The highest score of any verifier of the heard word's template, over its windows ending from {@link #FROM_SECONDS}
     * before the detected end to {@link #TO_SECONDS} after it, the word heard with what the ring held before it (a
     * phrase one sound away said inside a sentence is told from the word better than cut out of it); null when no
     * template holds a verifier made with {@code features}' embedding model.
     */
    static VerifierCheck of(FeatureModels features, List<WakeTemplate> templates) {
        Map<String, List<WordVerifier>> byWord = new HashMap<>();
        for (var t : templates)
            if (t.hasEmbeddings() && t.embeddings().modelSha256().equalsIgnoreCase(features.embeddingSha256()) && !t.embeddings().verifiers().isEmpty())
                byWord.put(t.name(), t.embeddings().verifiers());
        if (byWord.isEmpty()) return null;
        List<WordVerifier> only = templates.size() == 1 ? byWord.get(templates.getFirst().name()) : null;
        return heard -> {
            var verifiers = only != null ? only : byWord.getOrDefault(heard.word(), List.of());
            if (verifiers.isEmpty()) return 0;
            short[] heardInContext = heard.withContext();
            float[][] embeddings;
            try {
                embeddings = VerifierBank.embeddingsOf(features, heardInContext);
            } finally {
                java.util.Arrays.fill(heardInContext, (short) 0);
            }
            long end = heard.detection().endSample() - heard.audioStartSample() + heard.before().length;
            int first = VerifierBank.firstEndingAtOrAfter(end - Pcm.samples(FROM_SECONDS));
            int last = VerifierBank.firstEndingAtOrAfter(end + Pcm.samples(TO_SECONDS) + 1) - 1;
            double best = 0;
            for (var v : verifiers) best = Math.max(best, v.best(embeddings, first, last));
            return best;
        };
    }
}
