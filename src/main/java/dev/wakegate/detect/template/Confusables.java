package dev.wakegate.detect.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Phrases one sound away from a wake phrase, as espeak-ng input: each consonant swapped for one of its kind or dropped
 * ("hey commuter", "hey caspar"), the phrase with an s or a z after it (a plural), its last sound dropped, each word
 * alone, and "a"/"the" before the last word. Vowels are kept: a vowel swapped is often the same word in another accent.
 * A {@link WordVerifier} learns them as what the wake word is not.
 */
public final class Confusables {
    /** espeak-ng's multi-letter phoneme mnemonics, longest first where one begins another. */
    private static final List<String> MULTI = List.of("aI@", "aU@", "eI", "aI", "aU", "oU", "OI", "i@", "e@", "U@", "O@", "o@", "aa", "a#", "i:", "u:",
            "3:", "A:", "O:", "A@", "I2", "I#", "@L", "@2", "@5", "tS", "dZ", "t#", "r-");
    /** Consonants that are easily heard one for another: stops, sibilants, fricatives, nasals, approximants, affricates. */
    private static final List<Set<String>> KINDS = List.of(Set.of("p", "b", "t", "d", "k", "g"), Set.of("s", "z", "S", "Z", "T", "f"),
            Set.of("f", "v", "T", "D"), Set.of("m", "n", "N"), Set.of("l", "r", "w", "j"), Set.of("tS", "dZ", "S", "Z", "t", "d"));

    private Confusables() {}

    /**
     * The confusables of {@code phrase}, whose words espeak-ng spells {@code phonemeWords}: phoneme spellings in [[ ]]
     * (sorted), then plain words.
     */
    public static List<String> of(String phrase, List<String> phonemeWords) {
        if (phonemeWords.isEmpty()) return List.of();
        var tokens = phonemeWords.stream().map(Confusables::tokens).toList();
        var found = new TreeSet<String>();
        for (int w = 0; w < tokens.size(); w++) {
            var word = tokens.get(w);
            for (int p = 0; p < word.size(); p++) {
                var alternatives = alternativesTo(word.get(p));
                for (String q : alternatives) {
                    var changed = new ArrayList<>(word.subList(0, p));
                    if (!q.isEmpty()) changed.add(q);
                    changed.addAll(word.subList(p + 1, word.size()));
                    String spelled = String.join("", changed);
                    if (!spelled.replace("'", "").replace(",", "").isEmpty()) found.add(joinedWith(phonemeWords, w, spelled));
                }
            }
        }
        String whole = String.join(" ", phonemeWords);
        found.add(whole + "z");
        found.add(whole + "s");
        var last = tokens.getLast();
        if (last.size() > 2) found.add(joinedWith(phonemeWords, tokens.size() - 1, String.join("", last.subList(0, last.size() - 1))));
        found.remove(whole);
        var out = new ArrayList<String>();
        for (String c : found) out.add("[[" + c + "]]");
        String[] words = phrase.strip().split("\\s+");
        if (words.length > 1) out.addAll(List.of(words));
        out.add("a " + words[words.length - 1]);
        out.add("the " + words[words.length - 1]);
        return out;
    }

    /** Every consonant of the same kinds as {@code phoneme}, and "" (dropped); none for a vowel or a stress mark. */
    private static Set<String> alternativesTo(String phoneme) {
        var out = new TreeSet<String>();
        for (var kind : KINDS) if (kind.contains(phoneme)) out.addAll(kind);
        if (out.isEmpty()) return out;
        out.remove(phoneme);
        out.add("");
        return out;
    }

    private static String joinedWith(List<String> words, int index, String replacement) {
        var copy = new ArrayList<>(words);
        copy.set(index, replacement);
        return String.join(" ", copy);
    }

    /** A spelled word as phonemes: the longest multi-letter mnemonic that starts here, else one character. */
    static List<String> tokens(String word) {
        var out = new ArrayList<String>();
        for (int i = 0; i < word.length(); ) {
            final int at = i;
            String m = MULTI.stream().filter(x -> word.startsWith(x, at)).findFirst().orElse(word.substring(at, at + 1));
            out.add(m);
            i += m.length();
        }
        return out;
    }
}
