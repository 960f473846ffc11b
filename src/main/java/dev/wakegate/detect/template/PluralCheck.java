package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.oww.FeatureModels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plural check ({@link TrailingSibilant}) for a word found by its speech embeddings, where no log-mel alignment says
 * where the word ends. The end comes from the embedding match instead: a take's last embedding is that of the window
 * ending {@link EmbeddingTemplate#LAST_AFTER_END_SECONDS} after the spoken word at most and one 80 ms step less at
 * least, so the word ended that long before the window in which the match peaked, or a step less. The check is
 * made from each frame of that step as the word's end; from each it walks back over the hiss and the quiet to the word's
 * last sound, as it does after a log-mel match that ran on over the s. Nothing in it was fitted: its times are the
 * template's own, and the hiss is judged as in the log-mel confirmation, on the input's spectra, not on the takes'.
 */
public final class PluralCheck {
    private final Map<String, Word> words = new HashMap<>();

    private record Word(boolean endsInSibilant, long samples) {}

    public PluralCheck(List<WakeTemplate> templates) {
        for (var t : templates) words.put(t.name(), new Word(TrailingSibilant.anyTakeEndsIn(t), t.wordSamples()));
    }

    /**
     * Whether {@code word}, whose embedding match peaked in the window ending at {@code peakEndSample} of {@code audio},
     * runs straight into an s. False for a word whose takes end in a hiss themselves, and for a word not enrolled here.
     */
    public boolean sibilantAfter(String word, short[] audio, int peakEndSample) {
        var w = words.size() == 1 ? words.values().iterator().next() : words.get(word);
        if (w == null || w.endsInSibilant) return false;
        var heard = MelAnalysis.of(audio);
        long earliestEnd = EmbeddingTemplate.earliestWordEnd(peakEndSample);
        int first = frameOf(earliestEnd, heard), last = frameOf(earliestEnd + FeatureModels.STEP_SAMPLES, heard);
        int wordStart = (int) Math.max(0, first - w.samples / Pcm.FRAME_SAMPLES);
        if (first - wordStart < 3) return false;
        float peak = heard.speechPeak(wordStart, last + 1);
        for (int end = first; end <= last; end++)
            if (TrailingSibilant.follows(heard, end, peak)) return true;
        return false;
    }

    /**
     * The frame holding {@code sample}, within the audio. Each frame of the step is tried as the word's end: from the
     * latest alone, a next word said without a pause ("hey jaspers are ...") would pass for the word's last sound.
     */
    private static int frameOf(long sample, MelAnalysis heard) {
        return (int) Math.clamp(sample / Pcm.FRAME_SAMPLES, 0, heard.frames() - 1);
    }
}
