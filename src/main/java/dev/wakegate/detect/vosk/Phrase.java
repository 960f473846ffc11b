package dev.wakegate.detect.vosk;

import dev.wakegate.internal.Json;
import dev.wakegate.internal.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A wake phrase chosen as text, normalised the way Vosk models spell their vocabulary: lower case, words separated by
 * single spaces, no punctuation except apostrophes inside words ("what's"). Transcripts are normalised the same way
 * before they are compared with a phrase.
 *
 * @param text  the normalised phrase, also the detection's word name ("hey computer")
 * @param words its words in order
 */
public record Phrase(String text, List<String> words) {
    public Phrase {
        words = List.copyOf(words);
        if (words.isEmpty()) throw new IllegalArgumentException("empty phrase");
        if (!text.equals(String.join(" ", words))) throw new IllegalArgumentException("text does not match words: " + text);
    }

    /** Parses a phrase the user typed ("Hey, Computer!" → "hey computer"); a phrase with no words is a {@link UserError}. */
    public static Phrase parse(String raw) {
        List<String> words = new ArrayList<>();
        for (String w : raw.split("[\\s\\-_]+")) {
            String n = normaliseWord(w);
            if (!n.isEmpty()) words.add(n);
        }
        if (words.isEmpty())
            throw new UserError("--phrase '" + raw + "' has no words. Fix: give the wake phrase as text, e.g. --phrase \"hey computer\"");
        return new Phrase(String.join(" ", words), words);
    }

    /** The phrase for a template's word name: "hey-computer" and "hey_computer" become "hey computer". */
    public static Phrase fromWordName(String name) {
        return parse(name);
    }

    /**
     * One word as compared: lower case (root locale), curly apostrophes made straight, everything that is not a
     * letter, a digit or an apostrophe removed, and apostrophes at either end dropped. Vosk's own tokens such as
     * "[unk]" would lose their brackets here: check {@link #isSpecialToken} first.
     */
    public static String normaliseWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u02bc', '\'');
        var sb = new StringBuilder(lower.length());
        lower.codePoints().filter(c -> Character.isLetterOrDigit(c) || c == '\'').forEach(sb::appendCodePoint);
        int from = 0, to = sb.length();
        while (from < to && sb.charAt(from) == '\'') from++;
        while (to > from && sb.charAt(to - 1) == '\'') to--;
        return sb.substring(from, to);
    }

    /**
     * The words models use for "something outside the grammar", in order of preference: {@code [unk]} in the Vosk
     * models for English, German, French and most others; {@code <unk>} and {@code <UNK>} in a few (Swedish, Korean).
     */
    public static final List<String> UNKNOWN_TOKENS = List.of("[unk]", "<unk>", "<UNK>");

    /** Vosk's special tokens ({@code [unk]}, {@code <unk>}, …) are never a phrase word. */
    public static boolean isSpecialToken(String word) {
        return word.startsWith("[") || word.startsWith("<");
    }

    /** The grammar Vosk is given: every phrase, then the unknown token so that other speech has somewhere to go. */
    public static String grammar(List<Phrase> phrases, String unknownToken) {
        var entries = new ArrayList<String>();
        for (Phrase p : phrases) entries.add(p.text());
        entries.add(unknownToken);
        return Json.array(entries);
    }

    /** All distinct words of these phrases, in first-seen order. */
    public static List<String> distinctWords(List<Phrase> phrases) {
        return phrases.stream().flatMap(p -> p.words().stream()).distinct().toList();
    }

    @Override
    public String toString() {
        return text;
    }

    /** For messages: the words quoted and comma-separated. */
    static String quoted(List<String> words) {
        return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
    }
}
