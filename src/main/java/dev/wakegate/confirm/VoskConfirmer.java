package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.vosk.Decoder;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.detect.vosk.PhraseMatch;
import dev.wakegate.detect.vosk.VoskResult;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Confirms a candidate by transcribing its buffered audio with a Vosk model's whole vocabulary (no grammar), so that
 * a similar-sounding phrase comes out as the words it really was. Confirmed only if the transcript holds the detected
 * word's phrase, its words consecutive and in order (both normalised: lower case, no punctuation), each with conf at
 * least {@code 1 - sensitivity}. Stands behind any detector: the phrase is looked up by the detected word's name, and
 * with a single phrase that phrase is required whatever the detector called it.
 *
 * <p>The transcript is never logged or put into a verdict: it is what was said at home. Reasons name only the phrase.
 */
public final class VoskConfirmer implements Confirmer {
    private final Decoder decoder;
    private final Map<String, Phrase> phraseByWord;
    private final double threshold;

    /**
     * @param decoder      a recognizer over the whole vocabulary ({@code VoskModel.openDecoder()}); closed with this
     * @param phraseByWord the phrase that confirms each detector word
     * @param sensitivity  lower is stricter: every phrase word needs conf ≥ its threshold, 1 - sensitivity
     */
    public VoskConfirmer(Decoder decoder, Map<String, Phrase> phraseByWord, Sensitivity sensitivity) {
        if (phraseByWord.isEmpty()) throw new IllegalArgumentException("no phrases");
        this.decoder = decoder;
        this.phraseByWord = Map.copyOf(phraseByWord);
        this.threshold = sensitivity.threshold();
    }

    @Override
    public String name() {
        return "vosk";
    }

    @Override
    public Verdict confirm(HeardWord heard) {
        Phrase phrase = phraseByWord.size() == 1 ? phraseByWord.values().iterator().next() : phraseByWord.get(heard.word());
        if (phrase == null) return Verdict.reject(0, "no phrase for '" + heard.word() + "'");
        VoskResult result;
        try {
            decoder.accept(heard.audio(), heard.audio().length);
            result = VoskResult.parse(decoder.finalResult());
        } catch (IOException e) {
            return Verdict.reject(0, "unreadable Vosk result");
        }
        return judge(result, phrase, threshold);
    }

    /** The decision on a final result; pure, for tests. */
    static Verdict judge(VoskResult transcript, Phrase phrase, double threshold) {
        PhraseMatch m = PhraseMatch.best(transcript.words(), phrase);
        if (m == null)
            return Verdict.reject(0, "'" + phrase + "' not in the transcript (" + transcript.words().size() + " words)");
        if (!(m.minConf() >= threshold))        // a missing conf (NaN) never confirms
            return Verdict.reject(m.score(), String.format(Locale.ROOT, "'%s' heard, but conf %.2f < %.2f on '%s'",
                    phrase, m.minConf(), threshold, m.weakest()));
        return Verdict.accept(m.score(), String.format(Locale.ROOT, "'%s' heard, conf %.2f >= %.2f", phrase, m.minConf(), threshold));
    }

    @Override
    public void close() {
        decoder.close();
    }
}
