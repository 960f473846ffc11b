package dev.wakegate.detect.vosk;

import java.util.List;

/**
 * Where a phrase occurs in a recognizer's word list: its words consecutive and in order. Vosk's words are compared
 * after {@link Phrase#normaliseWord}; special tokens such as {@code [unk]} never match.
 *
 * @param index   position of the phrase's first word in the list
 * @param start   seconds (recognizer time) of the first word's start
 * @param end     seconds of the last word's end
 * @param minConf the lowest confidence among the phrase's words (NaN if Vosk gave none)
 * @param weakest the phrase word with that lowest confidence
 */
public record PhraseMatch(int index, double start, double end, double minConf, String weakest) {

    /**
     * The first occurrence of {@code phrase} that starts at or after {@code notBefore} seconds, or null. Words without a
     * start time can only match when {@code notBefore} is minus infinity.
     */
    public static PhraseMatch find(List<VoskResult.Word> words, Phrase phrase, double notBefore) {
        List<String> said = comparable(words);
        for (int i = 0; i < words.size(); i++) {
            if (!(words.get(i).start() >= notBefore) && notBefore != Double.NEGATIVE_INFINITY) continue;
            PhraseMatch m = at(words, said, phrase, i);
            if (m != null) return m;
        }
        return null;
    }

    /** The occurrence of {@code phrase} whose weakest word is the most confident (NaN counts lowest), or null. */
    public static PhraseMatch best(List<VoskResult.Word> words, Phrase phrase) {
        List<String> said = comparable(words);
        PhraseMatch best = null;
        for (int i = 0; i < words.size(); i++) {
            PhraseMatch m = at(words, said, phrase, i);
            if (m != null && (best == null || Double.isNaN(best.minConf()) || m.minConf() > best.minConf())) best = m;
        }
        return best;
    }

    /** Each word as it is compared with a phrase's words: normalised, or null for a special token (which never matches). */
    private static List<String> comparable(List<VoskResult.Word> words) {
        return words.stream().map(w -> Phrase.isSpecialToken(w.word()) ? null : Phrase.normaliseWord(w.word())).toList();
    }

    /** The phrase starting at word {@code i}, or null; {@code said} holds the words as {@link #comparable}. */
    private static PhraseMatch at(List<VoskResult.Word> words, List<String> said, Phrase phrase, int i) {
        List<String> want = phrase.words();
        if (i + want.size() > words.size()) return null;
        double min = Double.POSITIVE_INFINITY;
        String weakest = want.get(0);
        for (int k = 0; k < want.size(); k++) {
            var w = words.get(i + k);
            if (!want.get(k).equals(said.get(i + k))) return null;
            if (Double.isNaN(w.conf())) min = Double.NaN;
            else if (!Double.isNaN(min) && w.conf() < min) {
                min = w.conf();
                weakest = want.get(k);
            }
        }
        return new PhraseMatch(i, words.get(i).start(), words.get(i + want.size() - 1).end(), min, weakest);
    }

    /** The lowest confidence clamped to [0, 1], or 0 if Vosk gave none. */
    public double score() {
        return Double.isNaN(minConf) ? 0 : Math.clamp(minConf, 0, 1);
    }
}
