package dev.wakegate.detect.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;

/**
 * Ordinary words said by other people, kept as speech embeddings (never audio): what a take of a wake word must stay
 * clear of. A take that lies near ordinary speech in embedding space (a "central" take, said flatly or on a poor
 * microphone) would accept other words at the limit its agreement with the other takes gives, and a take far from
 * ordinary speech can accept other people's voices further out; {@link EmbeddingTemplate#limitedBy} sets each take's
 * limit from how near it comes to these words.
 *
 * <p>The built-in cohort is 41 words of Mycroft Precise's community data ({@code not-wake-words-en}, released into the
 * public domain by its contributors), 66 s of speech, as embeddings of the bundled embedding model
 * ({@code scripts/make-cohort.sh} makes it again).
 *
 * <p>A take's distance is computed once per cohort and remembered by the take's content: {@code tune} builds one
 * detector per swept sensitivity and file, each from the same takes.
 */
public final class Cohort {
    static final String BUILT_IN = "/dev/wakegate/detect/template/cohort-not-wake-words-en.bin";
    private static final int MAGIC = 0x57474348;   // "WGCH"

    private final String embeddingSha256;
    private final List<float[][]> clips;
    private final Map<Take, Double> nearest = new HashMap<>();

    /**
     * @param embeddingSha256 the embedding model the clips were embedded with
     * @param clips           per clip, its embeddings, one per 80 ms step (kept at unit length)
     */
    public Cohort(String embeddingSha256, List<float[][]> clips) {
        if (clips.isEmpty()) throw new IllegalArgumentException("a cohort needs at least one clip");
        var units = new ArrayList<float[][]>(clips.size());
        for (float[][] clip : clips) {
            float[][] u = new float[clip.length][];
            for (int i = 0; i < clip.length; i++) {
                if (clip[i].length != EMBEDDING_SIZE) throw new IllegalArgumentException("an embedding has 96 numbers");
                u[i] = clip[i].clone();
                UnitVectors.normalise(u[i]);
            }
            units.add(u);
        }
        this.embeddingSha256 = embeddingSha256;
        this.clips = List.copyOf(units);
    }

    public String embeddingSha256() {
        return embeddingSha256;
    }

    public List<float[][]> clips() {
        return clips;
    }

    /** A take as a key: by content, not by which array holds it. */
    private record Take(float[][] vectors) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Take t && Arrays.deepEquals(vectors, t.vectors);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(vectors);
        }
    }

    /** The built-in cohort if it was made with the embedding model {@code embeddingSha256}, else null. */
    public static Cohort builtInFor(String embeddingSha256) {
        var clips = EmbeddingClips.builtIn(BUILT_IN, MAGIC, "a wakegate cohort", embeddingSha256);
        return clips == null ? null : new Cohort(clips.embeddingSha256(), clips.clips());
    }

    /**
     * How near ordinary speech comes to a take: the distance of its best match (subsequence DTW, as a take is matched)
     * in the second-nearest clip, so that one clip of the wake word itself (a user's word that is one of the cohort's)
     * does not decide it. A take that lies near ordinary speech lies near many of the clips.
     */
    public synchronized double nearest(float[][] take) {
        return nearest.computeIfAbsent(new Take(Arrays.stream(take).map(float[]::clone).toArray(float[][]::new)), t -> secondNearest(t.vectors()));
    }

    private double secondNearest(float[][] take) {
        var dtw = new EmbeddingTemplate.Dtw(take.length);
        double first = Double.POSITIVE_INFINITY, second = Double.POSITIVE_INFINITY;
        for (float[][] clip : clips) {
            double d = dtw.bestAnywhere(take, clip);
            if (d < first) {
                second = first;
                first = d;
            } else if (d < second) {
                second = d;
            }
        }
        return clips.size() == 1 ? first : second;
    }

    public void write(OutputStream out) throws IOException {
        new EmbeddingClips(embeddingSha256, clips).write(out, MAGIC);
    }

    public static Cohort read(InputStream in) throws IOException {
        var clips = EmbeddingClips.read(in, MAGIC, "a wakegate cohort");
        return new Cohort(clips.embeddingSha256(), clips.clips());
    }
}
