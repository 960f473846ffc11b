package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.internal.Futures;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
     * sound away from it ({@link Confusables}): what a verifier learns besides the takes. Synthesized at enrollment and
     * kept only as speech embeddings, each rendition's audio dropped once embedded.
     *
     * @param phrase      the phrase in {@link #PHRASE_VOICES} at two speeds and two pitches
     * @param confusables each confusable in the first {@link #CONFUSABLE_VOICES} of those voices
     */
    public record Synthesized(List<Said> phrase, List<float[][]> confusables) {
        static final List<String> PHRASE_VOICES = List.of("en-us", "en-gb", "en-gb-x-rp", "en-029", "en-us-nyc", "en-us+f2", "en-us+m3", "en-gb+f3",
                "en-gb-x-gbclan", "en-us+m6");
        static final int CONFUSABLE_VOICES = 5;

        /** A rendition of the phrase: its embeddings ({@link #embeddingsOf}) and where the speech in it is. */
        public record Said(float[][] embeddings, SpeechSpan span) {}

        /**
         * {@code phrase} and its confusables said by {@code espeak}, embedded by {@code models}: {@link Enroller#THREADS} renditions
         * at a time, since each waits on espeak-ng and then on one ONNX Runtime thread, and enroll waits for them all.
         */
        public static Synthesized of(Espeak espeak, String phrase, FeatureModels models) throws IOException {
            return of(espeak, phrase, models, Enroller.THREADS);
        }

        /** As {@link #of(Espeak, String, FeatureModels)} on {@code workers} threads: the same renditions in the same order. */
        static Synthesized of(Espeak espeak, String phrase, FeatureModels models, int workers) throws IOException {
            var confusables = Confusables.of(phrase, espeak.phonemes(phrase));
            try (var pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("wg-enroll-synthesis").daemon().factory())) {
                var said = new ArrayList<Future<Said>>();
                for (String voice : PHRASE_VOICES)
                    for (int speed : new int[]{140, 175})
                        for (int pitch : new int[]{35, 60})
                            said.add(pool.submit(() -> said(espeak.say(phrase, voice, speed, pitch), models)));
                var near = new ArrayList<Future<float[][]>>();
                for (String confusable : confusables)
                    for (String voice : PHRASE_VOICES.subList(0, CONFUSABLE_VOICES))
                        near.add(pool.submit(() -> embeddingsOf(models, espeak.say(confusable, voice, 160, 50))));
                try {
                    return new Synthesized(resultsOf(said), resultsOf(near));
                } catch (IOException | RuntimeException | Error failed) {
                    pool.shutdownNow();
                    throw failed;
                }
            }
        }

        private static Said said(short[] audio, FeatureModels models) {
            return new Said(embeddingsOf(models, audio), SpeechSpan.find(audio));
        }

        /** Each job's result, in the jobs' order; the first failure, in that order, is thrown as it was. */
        private static <T> List<T> resultsOf(List<Future<T>> jobs) throws IOException {
            var out = new ArrayList<T>(jobs.size());
            for (var job : jobs) out.add(Futures.resultOf(job));
            return out;
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
        for (var rendition : synthesized.phrase()) said.addTake(rendition.embeddings(), rendition.span());
        var positives = new TrainingWindows();
        positives.addAll(taken.onWord, (int) Math.max(1, said.onWord.copies() / Math.max(1, taken.onWord.copies())));
        positives.addAll(said.onWord, 1);
        var negatives = new TrainingWindows();
        negatives.addAll(taken.clear, 1);
        negatives.addAll(said.clear, 1);
        for (float[][] clip : synthesized.confusables()) negatives.addAll(clip);
        for (float[][] clip : clips) negatives.addAll(clip);
        return WordVerifier.train(positives, negatives);
    }

    /** A recording's windows that end on its word, and those clear of it. */
    private static final class Windows {
        final TrainingWindows onWord = new TrainingWindows(), clear = new TrainingWindows();

        void addTake(float[][] e, SpeechSpan span) {
            long start = (long) span.startFrame() * Pcm.FRAME_SAMPLES, end = (long) span.endFrame() * Pcm.FRAME_SAMPLES;
            for (int k = WordVerifier.STEPS - 1; k < e.length; k++) {
                long t = windowEnd(k);
                if (t >= end - Pcm.samples(ON_WORD_FROM) && t <= end + Pcm.samples(ON_WORD_TO)) onWord.add(e, k, 1);
                else if (t < start + Pcm.samples(CLEAR_BEFORE) || t > end + Pcm.samples(CLEAR_AFTER)) clear.add(e, k, 1);
            }
        }
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
