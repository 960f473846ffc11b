package dev.wakegate.confirm;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.template.VerifierBank;
import dev.wakegate.detect.template.VoicePitch;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.detect.template.WordVerifier;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How surely the enrolled voices' {@link WordVerifier}s find the heard word ending where it was detected: 0 to 1. They
 * are for a word said by another voice or through another microphone, which log mel refuses; a word said at the pitch of
 * an enrolled take is an enrolled voice's, whose sound-alikes ("hey jester") the verifier cannot tell from the word, so
 * it is not asked ({@link #enrolledVoiceLike}).
 */
@FunctionalInterface
interface VerifierCheck {
    /** A detector places the end of another voice's word loosely: windows ending this long before it to this long after it are asked. */
    double FROM_SECONDS = 0.1, TO_SECONDS = 0.6;
    /**
     * A word said within this many semitones of an enrolled take's pitch counts as that take's voice. Chosen on tuning
     * data: the "hey jester"s the verifier took from the voices that enrolled "hey jasper" (near-miss sets of seeds 111,
     * 131, 61) lay 0.0-0.8 semitones from their own takes; 7 of the 39 real tuning-half takes of other people it took
     * lay within 1.0 of a take.
     */
    double SAME_VOICE_SEMITONES = 1.0;

    double score(HeardWord heard);

    /** Which enrolled take the heard word is said at the pitch of ("182 Hz, as take 2 at 180 Hz"), or null: none, or not known. */
    default String enrolledVoiceLike(HeardWord heard) {
        return null;
    }

    /**
     * The highest score of any verifier of the heard word's template, over its windows ending from {@link #FROM_SECONDS}
     * before the detected end to {@link #TO_SECONDS} after it, the word heard with what the ring held before it (a
     * phrase one sound away said inside a sentence is told from the word better than cut out of it); null when no
     * template holds a verifier made with {@code features}' embedding model.
     */
    static VerifierCheck of(FeatureModels features, List<WakeTemplate> templates) {
        Map<String, List<WordVerifier>> byWord = new HashMap<>();
        for (var t : templates)
            if (hasVerifier(t) && t.embeddings().modelSha256().equalsIgnoreCase(features.embeddingSha256()))
                byWord.put(t.name(), t.embeddings().verifiers());
        if (byWord.isEmpty()) return null;
        List<WordVerifier> only = templates.size() == 1 ? byWord.get(templates.getFirst().name()) : null;
        Map<String, List<WakeTemplate.Take>> takesByWord = new HashMap<>();
        for (var t : templates) takesByWord.put(t.name(), t.takes());
        return new VerifierCheck() {
            @Override
            public double score(HeardWord heard) {
                return bestScore(features, only != null ? only : byWord.getOrDefault(heard.word(), List.of()), heard);
            }

            @Override
            public String enrolledVoiceLike(HeardWord heard) {
                return sameVoice(heard, templates.size() == 1 ? templates.getFirst().takes() : takesByWord.getOrDefault(heard.word(), List.of()));
            }
        };
    }

    private static double bestScore(FeatureModels features, List<WordVerifier> verifiers, HeardWord heard) {
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
    }

    private static boolean hasVerifier(WakeTemplate t) {
        return t.hasEmbeddings() && !t.embeddings().verifiers().isEmpty();
    }

    /** For whom the templates' verifiers are asked, as {@code run -v} says it at start. */
    static String forWhom(List<WakeTemplate> templates) {
        boolean older = templates.stream().anyMatch(t -> hasVerifier(t) && t.takes().stream().allMatch(take -> Double.isNaN(take.pitchHz())));
        return older ? "for every voice, the enrolled ones too: a template enrolled before the takes' pitches were kept (enroll it again"
                + " to leave the enrolled voices' words to log mel)" : "not for a word said at an enrolled take's pitch, which log mel decides";
    }

    /** The take of {@code takes} whose pitch the heard word is said within {@link #SAME_VOICE_SEMITONES} of, described; or null. */
    static String sameVoice(HeardWord heard, List<WakeTemplate.Take> takes) {
        if (takes.stream().allMatch(t -> Double.isNaN(t.pitchHz()))) return null;
        var d = heard.detection();
        double hz = VoicePitch.medianHz(heard.audio(), (int) (d.startSample() - heard.audioStartSample()), (int) (d.endSample() - heard.audioStartSample()));
        if (Double.isNaN(hz)) return null;
        for (int t = 0; t < takes.size(); t++) {
            double take = takes.get(t).pitchHz();
            if (!Double.isNaN(take) && VoicePitch.semitonesApart(hz, take) <= SAME_VOICE_SEMITONES)
                return String.format(Locale.ROOT, "%.0f Hz, as take %d at %.0f Hz", hz, t + 1, take);
        }
        return null;
    }
}
