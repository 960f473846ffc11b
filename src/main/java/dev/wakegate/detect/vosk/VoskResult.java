package dev.wakegate.detect.vosk;

import dev.wakegate.internal.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One result from a Vosk recognizer, parsed from its JSON. Partial results look like
 * {@code {"partial": "hey computer", "partial_result": [{"conf": 1.0, "end": 1.02, "start": 0.6, "word": "hey"}, …]}},
 * final ones like {@code {"result": [{"conf": 0.98, "end": 1.02, "start": 0.6, "word": "hey"}, …], "text": "hey computer"}},
 * and an utterance with nothing decoded is {@code {"text": ""}}. The word list is present only when words were enabled
 * on the recognizer ({@code setWords}, {@code setPartialWords}).
 *
 * @param partial true for a partial (still changing) result
 * @param text    the transcript as Vosk wrote it (may contain {@code [unk]}); never logged, it is what was said at home
 * @param words   the words with times in seconds since the recognizer started, and confidence in [0, 1]
 */
public record VoskResult(boolean partial, String text, List<Word> words) {
    public VoskResult {
        words = List.copyOf(words);
    }

    /**
     * @param word  as in the model's vocabulary, or {@code [unk]}
     * @param start seconds since the recognizer started
     * @param end   seconds since the recognizer started
     * @param conf  confidence in [0, 1]; {@code NaN} if Vosk gave none
     */
    public record Word(String word, double start, double end, double conf) {}

    public static VoskResult parse(String json) throws IOException {
        Map<String, Object> obj = Json.parseObject(json);
        boolean partial = obj.containsKey("partial");
        Object text = partial ? obj.get("partial") : obj.get("text");
        if (text != null && !(text instanceof String)) throw new IOException("Vosk result: text is not a string");
        Object list = obj.get(partial ? "partial_result" : "result");
        List<Word> words = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> w) || !(w.get("word") instanceof String word))
                    throw new IOException("Vosk result: a word entry without a word");
                words.add(new Word(word, number(w.get("start")), number(w.get("end")), number(w.get("conf"))));
            }
        } else if (list != null) {
            throw new IOException("Vosk result: words are not a list");
        }
        return new VoskResult(partial, text == null ? "" : (String) text, words);
    }

    private static double number(Object value) throws IOException {
        if (value == null) return Double.NaN;
        if (value instanceof Number n) return n.doubleValue();
        throw new IOException("Vosk result: not a number: " + value.getClass().getSimpleName());
    }

    /** Prints counts only: the text is what somebody said at home. */
    @Override
    public String toString() {
        return "VoskResult[" + (partial ? "partial" : "final") + ", " + words.size() + " words]";
    }
}
