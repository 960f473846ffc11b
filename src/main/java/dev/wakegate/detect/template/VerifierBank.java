package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.oww.FeatureModels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;

/**
 * Ordinary speech as speech embeddings (never audio), the negatives a {@link WordVerifier} learns the wake word
 * against: Mycroft Precise's {@code not-wake-words-en} (public domain) and 150 espeak-ng sentences of common words in
 * ten voices, each clip after {@link #FRONT_SECONDS} of digital silence, as a take is embedded
 * ({@code scripts/make_verifier_bank.py} makes it again). Also where the verifier's windows of a recording come from.
 *
 * @param embeddingSha256 the embedding model the clips were embedded with
 * @param clips           per clip, its embeddings, one per 80 ms step
 */
public record VerifierBank(String embeddingSha256, List<float[][]> clips) {
    static final String BUILT_IN = "/dev/wakegate/detect/template/verifier-bank-en.bin";
    private static final int MAGIC = 0x57475642;   // "WGVB"
    /** Silence before a recording, so that a window of {@link WordVerifier#STEPS} can end on its first word. */
    public static final double FRONT_SECONDS = 1.5;
    /** A take's windows that end on the word: from this long before the spoken word's end … */
    static final double ON_WORD_FROM = 0.1;
    /** … to this long after it. */
    static final double ON_WORD_TO = 0.35;
    /** A take's windows that hold little of the word: ending this soon after its start, or this long after its end. */
    static final double CLEAR_BEFORE = 0.15, CLEAR_AFTER = 1.2;

    public VerifierBank {
        clips = List.copyOf(clips);
        if (clips.isEmpty()) throw new IllegalArgumentException("a bank needs at least one clip");
    }

    /** The built-in bank if it was made with the embedding model {@code embeddingSha256}, else null. */
    public static VerifierBank builtInFor(String embeddingSha256) {
        var clips = EmbeddingClips.builtIn(BUILT_IN, MAGIC, "a wakegate verifier bank", embeddingSha256);
        return clips == null ? null : new VerifierBank(clips.embeddingSha256(), clips.clips());
    }

    /** A recording's embeddings as the verifier sees them: after {@link #FRONT_SECONDS} of silence, 1 s of it after. */
    public static float[][] embeddingsOf(FeatureModels models, short[] recording) {
        short[] padded = new short[frontSamples() + recording.length];
        System.arraycopy(recording, 0, padded, frontSamples(), recording.length);
        return models.embeddingsOf(padded);
    }

    /** Where embedding {@code k} of {@link #embeddingsOf}'s window ends, in samples of the recording (negative: in the silence before it). */
    public static long windowEnd(int k) {
        return (long) (k + 1) * FeatureModels.STEP_SAMPLES - frontSamples();
    }

    /** The first embedding whose window ends at or after {@code sample} of the recording. */
    public static int firstEndingAtOrAfter(long sample) {
        return (int) Math.max(0, Math.ceilDiv(sample + frontSamples(), FeatureModels.STEP_SAMPLES) - 1);
    }

    private static int frontSamples() {
        return (int) Pcm.samples(FRONT_SECONDS);
    }

    /**
     * The wake phrase said by espeak-ng's voices (more voices for the word than three takes give) and the phrases one
     * sound away from it ({@link Confusables}): what a verifier learns besides the takes. Synthesized at enrollment, never
     * kept.
     *
     * @param phrase      the phrase in {@link #PHRASE_VOICES} at two speeds and two pitches
     * @param confusables each confusable in the first {@link #CONFUSABLE_VOICES} of those voices
     */
    public record Synthesized(List<short[]> phrase, List<short[]> confusables) {
        static final List<String> PHRASE_VOICES = List.of("en-us", "en-gb", "en-gb-x-rp", "en-029", "en-us-nyc", "en-us+f2", "en-us+m3", "en-gb+f3",
                "en-gb-x-gbclan", "en-us+m6");
        static final int CONFUSABLE_VOICES = 5;

        /** {@code phrase} and its confusables said by {@code espeak}. */
        public static Synthesized of(Espeak espeak, String phrase) throws IOException {
            var said = new ArrayList<short[]>();
            for (String voice : PHRASE_VOICES)
                for (int speed : new int[]{140, 175})
                    for (int pitch : new int[]{35, 60}) said.add(espeak.say(phrase, voice, speed, pitch));
            var near = new ArrayList<short[]>();
            for (String confusable : Confusables.of(phrase, espeak.phonemes(phrase)))
                for (String voice : PHRASE_VOICES.subList(0, CONFUSABLE_VOICES)) near.add(espeak.say(confusable, voice, 160, 50));
            return new Synthesized(said, near);
        }
    }

    /**
     * A verifier for the word said in {@code takes} and by {@code synthesized}'s voices: their windows that end on the
     * word against their windows clear of it, every window of the confusables and every window of this bank. The takes'
     * windows count as much as the synthesized renditions' together.
     */
    public WordVerifier train(FeatureModels models, List<Enroller.Recording> takes, Synthesized synthesized) {
        var taken = new Windows();
        for (var take : takes) taken.addTake(embeddingsOf(models, take.samples()), SpeechSpan.find(take.samples()));
        var said = new Windows();
        for (short[] clip : synthesized.phrase()) said.addTake(embeddingsOf(models, clip), SpeechSpan.find(clip));
        var positives = new ArrayList<float[]>();
        for (int r = Math.max(1, said.onWord.size() / Math.max(1, taken.onWord.size())); r > 0; r--) positives.addAll(taken.onWord);
        positives.addAll(said.onWord);
        var negatives = new ArrayList<float[]>(taken.clear);
        negatives.addAll(said.clear);
        for (short[] clip : synthesized.confusables()) addAll(negatives, embeddingsOf(models, clip));
        for (float[][] clip : clips) addAll(negatives, clip);
        return WordVerifier.train(positives, negatives);
    }

    private static void addAll(List<float[]> windows, float[][] embeddings) {
        for (int k = WordVerifier.STEPS - 1; k < embeddings.length; k++) windows.add(window(embeddings, k));
    }

    /** A recording's windows that end on its word, and those clear of it. */
    private static final class Windows {
        final List<float[]> onWord = new ArrayList<>(), clear = new ArrayList<>();

        void addTake(float[][] e, SpeechSpan span) {
            long start = (long) span.startFrame() * Pcm.FRAME_SAMPLES, end = (long) span.endFrame() * Pcm.FRAME_SAMPLES;
            for (int k = WordVerifier.STEPS - 1; k < e.length; k++) {
                long t = windowEnd(k);
                if (t >= end - Pcm.samples(ON_WORD_FROM) && t <= end + Pcm.samples(ON_WORD_TO)) onWord.add(window(e, k));
                else if (t < start + Pcm.samples(CLEAR_BEFORE) || t > end + Pcm.samples(CLEAR_AFTER)) clear.add(window(e, k));
            }
        }
    }

    /** The {@link WordVerifier#STEPS} embeddings ending at {@code last}, one after the other. */
    static float[] window(float[][] embeddings, int last) {
        float[] out = new float[WordVerifier.SIZE];
        for (int j = 0; j < WordVerifier.STEPS; j++)
            System.arraycopy(embeddings[last - WordVerifier.STEPS + 1 + j], 0, out, j * EMBEDDING_SIZE, EMBEDDING_SIZE);
        return out;
    }

    public void write(OutputStream out) throws IOException {
        new EmbeddingClips(embeddingSha256, clips).write(out, MAGIC);
    }

    public static VerifierBank read(InputStream in) throws IOException {
        var clips = EmbeddingClips.read(in, MAGIC, "a wakegate verifier bank");
        return new VerifierBank(clips.embeddingSha256(), clips.clips());
    }

    @Override
    public String toString() {
        return "VerifierBank[" + clips.size() + " clips, " + Arrays.stream(clips.toArray(float[][][]::new)).mapToInt(c -> c.length).sum() + " embeddings]";
    }
}
