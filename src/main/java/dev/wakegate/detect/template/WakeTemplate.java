package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.oww.FeatureModels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;

/**
 * A personal wake word: the log mel spectra of the enrolled takes (never their audio), and how well the takes
 * agreed, which calibrates the thresholds so that a sensitivity means the same for every voice.
 *
 * @param name      the wake word's name, as reported in detections
 * @param takes     the enrolled takes, silence-trimmed
 * @param agreement typical distance of one take to the others (0 = identical); from enrollment. With takes added later,
 *                  each take has its voice's ({@link Take#agreement}); this is the loosest voice's, and that of takes that carry none
 * @param created   when it was enrolled
 */
public record WakeTemplate(String name, List<Take> takes, double agreement, Instant created, SpeechEmbeddings embeddings) {
    public WakeTemplate {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a wake word needs a name");
        if (takes.isEmpty()) throw new IllegalArgumentException("a wake word needs at least one take");
        takes = takes.stream().map(t -> t.agreedAtLeast(agreement)).toList();
        if (embeddings != null && embeddings.takes().size() != takes.size())
            throw new IllegalArgumentException("one embedding sequence per take");
    }

    /** A template of log mel spectra only (no speech embeddings). */
    public WakeTemplate(String name, List<Take> takes, double agreement, Instant created) {
        this(name, takes, agreement, created, null);
    }

    public WakeTemplate withEmbeddings(SpeechEmbeddings e) {
        return new WakeTemplate(name, takes, agreement, created, e);
    }

    /** The label of takes enrolled without one: the first person of a household. */
    public static final String FIRST_VOICE = "voice 1";
    /** A household's template holds at most this many takes: each one is matched against every frame. */
    public static final int MAX_TAKES = 16;

    /** The enrolled voices, in the order they were added. */
    public List<String> voices() {
        return takes.stream().map(Take::voice).distinct().toList();
    }

    /**
     * Whether detections should say whose voice matched: the takes are more than one person's, or were given a label.
     * A template enrolled the plain way reports no voice.
     */
    public static boolean labelled(List<String> voices) {
        return voices.stream().anyMatch(v -> !v.equals(FIRST_VOICE));
    }

    /** This template with every take labelled {@code voice}. */
    public WakeTemplate withVoice(String voice) {
        return new WakeTemplate(name, takes.stream().map(t -> new Take(t.source(), voice, t.logMel(), t.agreement(), t.pitchHz())).toList(), agreement, created, embeddings);
    }

    /**
     * This wake word with more takes added: another person's (a household), or the same person's said another day.
     * Each take's thresholds follow how consistently its own voice says the word: the loosest agreement among that
     * voice's batches of takes. One person's looser batch shows how differently that person can say it, and widens
     * all of their takes; another person's does not, so no voice is held to another's consistency or loosened by it.
     * Speech embeddings are kept only when both have them, from the same embedding model.
     */
    public WakeTemplate plus(WakeTemplate added) {
        var all = new ArrayList<>(takes);
        all.addAll(added.takes());
        var voices = all.stream().map(Take::voice).toList();
        var agreements = loosestOfEachVoice(voices, all.stream().map(Take::agreement).toList());
        var agreed = new ArrayList<Take>();
        for (int t = 0; t < all.size(); t++) agreed.add(new Take(all.get(t).source(), voices.get(t), all.get(t).logMel(), agreements.get(t), all.get(t).pitchHz()));
        SpeechEmbeddings e = null;
        if (embeddings != null && added.embeddings() != null && embeddings.modelSha256().equalsIgnoreCase(added.embeddings().modelSha256())) {
            e = embeddings.plus(added.embeddings(), voices);
        }
        return new WakeTemplate(name, agreed, Math.max(agreement, added.agreement()), created, e);
    }

    /** A take's agreement lies in [0, its template's]: the template's is its loosest voice's. */
    private static void requireWithin(double takeAgreement, double templateAgreement) {
        if (!(takeAgreement >= 0 && takeAgreement <= templateAgreement))
            throw new IllegalArgumentException("a take's agreement must lie in [0, the template's]");
    }

    /** Per take, the loosest of the agreements of the takes of its voice ({@code voices}: one label per take). */
    private static List<Double> loosestOfEachVoice(List<String> voices, List<Double> agreements) {
        var loosest = new HashMap<String, Double>();
        for (int t = 0; t < voices.size(); t++) loosest.merge(voices.get(t), agreements.get(t), Math::max);
        return voices.stream().map(loosest::get).toList();
    }

    public boolean hasEmbeddings() {
        return embeddings != null;
    }

    /** The typical length of the spoken word: the median trimmed take. */
    public long wordSamples() {
        int[] frames = takes.stream().mapToInt(Take::frames).sorted().toArray();
        return (long) frames[frames.length / 2] * Pcm.FRAME_SAMPLES;
    }

    /**
     * The takes as speech embeddings (96 numbers per 80 ms), which find the word in other voices too.
     *
     * @param modelSha256  SHA-256 of the embedding model they were made with: another model's embeddings do not compare
     * @param takes        per take, the embeddings over the spoken word, oldest first
     * @param agreement    how well the takes agree in this space ({@link EmbeddingTemplate#agreement}; the loosest voice's)
     * @param windowFrames per take, the mel frames its embeddings were computed from (openWakeWord's 32 bands, 76 + 8 per
     *                     further embedding), so that the take can be heard through a candidate's background; empty for
     *                     templates enrolled before they were kept
     * @param takeAgreements per take, how well its voice's takes agree in this space (as {@link Take#agreement}); all
     *                     {@code agreement} when given empty
     * @param verifiers    one per batch of takes enrolled or added, trained on them ({@link WordVerifier}); empty for
     *                     templates enrolled before verifiers were made, or where the built-in bank does not fit the model
     */
    public record SpeechEmbeddings(String modelSha256, List<float[][]> takes, double agreement, List<float[][]> windowFrames,
                                   List<Double> takeAgreements, List<WordVerifier> verifiers) {
        public SpeechEmbeddings {
            verifiers = List.copyOf(verifiers);
            takes = List.copyOf(takes);
            if (takeAgreements.isEmpty()) takeAgreements = Collections.nCopies(takes.size(), agreement);
            takeAgreements = List.copyOf(takeAgreements);
            if (takeAgreements.size() != takes.size()) throw new IllegalArgumentException("one agreement per take");
            for (double a : takeAgreements) requireWithin(a, agreement);
            windowFrames = List.copyOf(windowFrames);
            if (!windowFrames.isEmpty()) {
                if (windowFrames.size() != takes.size()) throw new IllegalArgumentException("one set of window frames per take");
                for (int t = 0; t < takes.size(); t++)
                    if (windowFrames.get(t).length != windowFramesFor(takes.get(t).length))
                        throw new IllegalArgumentException("a take's window frames do not match its " + takes.get(t).length + " embeddings");
            }
        }

        /** Without verifiers. */
        public SpeechEmbeddings(String modelSha256, List<float[][]> takes, double agreement, List<float[][]> windowFrames,
                                List<Double> takeAgreements) {
            this(modelSha256, takes, agreement, windowFrames, takeAgreements, List.of());
        }

        /** These embeddings with {@code verifier}, trained on these takes, as their only verifier. */
        public SpeechEmbeddings withVerifier(WordVerifier verifier) {
            return new SpeechEmbeddings(modelSha256, takes, agreement, windowFrames, takeAgreements, List.of(verifier));
        }

        /** Takes that all have {@code agreement} (one enrollment's). */
        public SpeechEmbeddings(String modelSha256, List<float[][]> takes, double agreement, List<float[][]> windowFrames) {
            this(modelSha256, takes, agreement, windowFrames, List.of());
        }

        /** Without window frames (as enrolled before they were kept). */
        public SpeechEmbeddings(String modelSha256, List<float[][]> takes, double agreement) {
            this(modelSha256, takes, agreement, List.of());
        }

        /** How many mel frames the windows of {@code embeddings} consecutive embeddings span. */
        public static int windowFramesFor(int embeddings) {
            return FeatureModels.WINDOW_FRAMES + FeatureModels.WINDOW_HOP_FRAMES * (embeddings - 1);
        }

        public boolean hasWindowFrames() {
            return !windowFrames.isEmpty();
        }

        /**
         * These and {@code added}'s takes, each with the loosest agreement of its voice's ({@code voices}: one label per
         * take of both); window frames only when both have them; the verifiers of both.
         */
        SpeechEmbeddings plus(SpeechEmbeddings added, List<String> voices) {
            var all = new ArrayList<>(takes);
            all.addAll(added.takes());
            var frames = new ArrayList<float[][]>();
            if (hasWindowFrames() && added.hasWindowFrames()) {
                frames.addAll(windowFrames);
                frames.addAll(added.windowFrames());
            }
            var each = new ArrayList<>(takeAgreements);
            each.addAll(added.takeAgreements());
            var verified = new ArrayList<>(verifiers);
            verified.addAll(added.verifiers());
            return new SpeechEmbeddings(modelSha256, all, Math.max(agreement, added.agreement()), frames, loosestOfEachVoice(voices, each), verified);
        }
    }

    /**
     * One take: natural-log mel energies, {@link Mfcc#MELS} per 10 ms frame.
     *
     * @param source where it came from (a file name), for the record only
     * @param voice  whose voice it is: a label given at enrollment ({@link #FIRST_VOICE} unless named), never audio
     * @param agreement how consistently its voice says the word (the loosest agreement of that voice's batches of
     *               takes), which its thresholds follow; NaN until it joins a template, which gives it the template's
     * @param pitchHz the pitch it was said at ({@link VoicePitch}); NaN when not known (unvoiced, or enrolled before
     *               takes kept it)
     */
    public record Take(String source, String voice, float[][] logMel, double agreement, double pitchHz) {
        public Take {
            if (voice == null || voice.isBlank()) throw new IllegalArgumentException("a take needs a voice label");
            if (logMel.length < 2) throw new IllegalArgumentException("a take needs at least two frames");
            for (float[] frame : logMel)
                if (frame.length != Mfcc.MELS) throw new IllegalArgumentException("a frame must have " + Mfcc.MELS + " mel bands");
            if (agreement < 0) throw new IllegalArgumentException("a take's agreement must be >= 0");
            if (pitchHz <= 0) throw new IllegalArgumentException("a take's pitch must be > 0 Hz");
        }

        /** A take whose pitch is not known. */
        public Take(String source, String voice, float[][] logMel, double agreement) {
            this(source, voice, logMel, agreement, Double.NaN);
        }

        /** A take whose agreement and pitch are not known yet. */
        public Take(String source, String voice, float[][] logMel) {
            this(source, voice, logMel, Double.NaN);
        }

        /** A take of the first (or only) enrolled voice. */
        public Take(String source, float[][] logMel) {
            this(source, FIRST_VOICE, logMel);
        }

        public int frames() {
            return logMel.length;
        }

        /** This take with {@code agreement} if it has none; one looser than its template's cannot be. */
        Take agreedAtLeast(double templateAgreement) {
            if (Double.isNaN(agreement)) return new Take(source, voice, logMel, templateAgreement, pitchHz);
            requireWithin(agreement, templateAgreement);
            return this;
        }

        @Override
        public String toString() {
            return "Take[" + source + ", " + logMel.length + " frames]";
        }
    }
}
