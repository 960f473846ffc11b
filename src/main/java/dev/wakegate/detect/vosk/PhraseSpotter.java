package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Sensitivity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleToLongFunction;

/**
 * The Vosk detector's decision, kept pure (no Vosk, no audio) so it can be tested on recorded JSON. It sees each
 * partial result and each final result of the grammar recognizer and says when a phrase fires.
 *
 * <p>Sensitivity s in [0, 1] maps onto two numbers per phrase:
 * <ul>
 *   <li>a confidence threshold {@code 1 - s} ({@link Sensitivity#threshold()}): every word of the phrase must have at least this conf;</li>
 *   <li>a trigger level: the phrase must be in this many consecutive partial results (polled every
 *       {@link VoskDetector#CHUNK_FRAMES} frames) before it fires: 1 for s ≥ 2/3, 2 for s ≥ 1/3, else 3.</li>
 * </ul>
 * Partial results fire early (latency). A final result (Vosk's endpoint, or the end of a stretch of speech) fires a
 * phrase that partials did not, with the trigger level not applying since the final is Vosk's last word on it; but
 * only if the phrase ended at most {@link #FINAL_MAX_AGE_SECONDS} ago, so that a wake word is never reported long after
 * it was said. Grammar decoding often reports conf 1.0 for similar-sounding words (vosk-api issues 1339 and 2011), which
 * is why wakegate never lets this detector open the uplink without a second stage.
 *
 * <p>One utterance gives one detection: an occurrence counts only if it starts after the end of the last one fired (any
 * phrase), and longer phrases are checked first, so "hey computer" wins over "computer" on the same words. A partial word
 * without a conf (older Vosk versions) is treated as conf 1: the trigger level alone decides on partials then.
 */
public final class PhraseSpotter {
    /** A final result fires only for a phrase that ended at most this long before the decision. */
    public static final double FINAL_MAX_AGE_SECONDS = 1.0;

    /** A phrase that fired: absolute sample positions and its score (the lowest word conf). */
    public record Hit(Phrase phrase, long startSample, long endSample, double score) {}

    private final List<Phrase> phrases;
    private final Sensitivity[] sensitivity;
    private final int[] consecutive;
    private final double[] liveScore;
    private final int[] order;          // phrase indices, longest first
    private double firedUntil = Double.NEGATIVE_INFINITY;   // recognizer seconds: end of the last occurrence fired

    public PhraseSpotter(List<Phrase> phrases, List<Sensitivity> sensitivities) {
        if (phrases.isEmpty()) throw new IllegalArgumentException("no phrases");
        if (phrases.size() != sensitivities.size()) throw new IllegalArgumentException("one sensitivity per phrase");
        this.phrases = List.copyOf(phrases);
        this.sensitivity = new Sensitivity[phrases.size()];
        for (int i = 0; i < sensitivity.length; i++) setSensitivity(i, sensitivities.get(i));
        this.consecutive = new int[phrases.size()];
        this.liveScore = new double[phrases.size()];
        var idx = new ArrayList<Integer>();
        for (int i = 0; i < phrases.size(); i++) idx.add(i);
        idx.sort(Comparator.comparingInt((Integer i) -> -phrases.get(i).words().size()));
        this.order = idx.stream().mapToInt(Integer::intValue).toArray();
    }

    public List<Phrase> phrases() {
        return phrases;
    }

    public int indexOf(String word) {
        for (int i = 0; i < phrases.size(); i++) if (phrases.get(i).text().equals(word)) return i;
        throw new IllegalArgumentException("unknown wake phrase: " + word);
    }

    public void setSensitivity(int phrase, Sensitivity s) {
        sensitivity[phrase] = s;
    }

    public Sensitivity sensitivity(int phrase) {
        return sensitivity[phrase];
    }

    /** How many consecutive partial results must hold the phrase at sensitivity {@code s}. */
    public static int triggerLevel(Sensitivity s) {
        return s.value() >= 2.0 / 3 ? 1 : s.value() >= 1.0 / 3 ? 2 : 3;
    }

    /** The lowest word conf of the phrase in the latest partial result, 0 if it is not there (for live meters). */
    public double liveScore(int phrase) {
        return liveScore[phrase];
    }

    /**
     * Judges a partial result.
     *
     * @param toSample maps recognizer seconds to an absolute sample position
     * @return the phrase that fires now, or null
     */
    public Hit onPartial(VoskResult partial, DoubleToLongFunction toSample) {
        Hit hit = null;
        for (int i : order) {
            PhraseMatch m = PhraseMatch.find(partial.words(), phrases.get(i), firedUntil);
            liveScore[i] = m == null ? 0 : score(m);
            boolean holds = m != null && score(m) >= sensitivity[i].threshold();
            consecutive[i] = holds ? consecutive[i] + 1 : 0;
            if (hit == null && holds && consecutive[i] >= triggerLevel(sensitivity[i])) hit = fire(i, m, toSample);
        }
        return hit;
    }

    /**
     * Judges a final result; the utterance is over afterwards.
     *
     * @param nowSample the absolute position of the audio when the result was taken
     */
    public Hit onFinal(VoskResult result, DoubleToLongFunction toSample, long nowSample) {
        Hit hit = null;
        for (int i : order) {
            PhraseMatch m = PhraseMatch.find(result.words(), phrases.get(i), firedUntil);
            if (m == null || score(m) < sensitivity[i].threshold()) continue;
            if (nowSample - toSample.applyAsLong(m.end()) > Pcm.samples(FINAL_MAX_AGE_SECONDS)) continue;
            hit = fire(i, m, toSample);
            break;
        }
        Arrays.fill(consecutive, 0);
        Arrays.fill(liveScore, 0);
        return hit;
    }

    private Hit fire(int i, PhraseMatch m, DoubleToLongFunction toSample) {
        firedUntil = m.end();
        Arrays.fill(consecutive, 0);
        long start = toSample.applyAsLong(m.start());
        long end = Math.max(start, toSample.applyAsLong(m.end()));
        return new Hit(phrases.get(i), start, end, score(m));
    }

    /** The match's score; a partial word without conf counts as conf 1 (see the class comment). */
    private static double score(PhraseMatch m) {
        return Double.isNaN(m.minConf()) ? 1 : m.score();
    }
}
