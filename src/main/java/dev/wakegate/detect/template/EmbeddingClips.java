package dev.wakegate.detect.template;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static dev.wakegate.detect.oww.FeatureModels.EMBEDDING_SIZE;

/**
 * The binary layout of the built-in clips of speech embeddings ({@link Cohort}, {@link VerifierBank}): a magic number,
 * the embedding model's SHA-256, then each clip's length and its embeddings, 96 floats each.
 *
 * @param embeddingSha256 the embedding model the clips were embedded with
 * @param clips           per clip, its embeddings, one per 80 ms step
 */
record EmbeddingClips(String embeddingSha256, List<float[][]> clips) {
    void write(OutputStream out, int magic) throws IOException {
        var data = new DataOutputStream(out);
        data.writeInt(magic);
        data.writeUTF(embeddingSha256);
        data.writeInt(clips.size());
        for (float[][] clip : clips) {
            data.writeInt(clip.length);
            for (float[] e : clip) for (float v : e) data.writeFloat(v);
        }
        data.flush();
    }

    /**
     * The clips of the resource {@code name}, if it is there and was made with the embedding model {@code embeddingSha256};
     * else null.
     */
    static EmbeddingClips builtIn(String name, int magic, String what, String embeddingSha256) {
        try (InputStream in = EmbeddingClips.class.getResourceAsStream(name)) {
            if (in == null) return null;
            var clips = read(in, magic, what);
            return clips.embeddingSha256.equalsIgnoreCase(embeddingSha256) ? clips : null;
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in " + what + " cannot be read", e);
        }
    }

    /** The clips in {@code in}, which must start with {@code magic} (else an IOException saying it is not {@code what}). */
    static EmbeddingClips read(InputStream in, int magic, String what) throws IOException {
        var data = new DataInputStream(new BufferedInputStream(in));
        if (data.readInt() != magic) throw new IOException("not " + what);
        String sha = data.readUTF();
        int n = data.readInt();
        var clips = new ArrayList<float[][]>(n);
        for (int c = 0; c < n; c++) {
            float[][] clip = new float[data.readInt()][EMBEDDING_SIZE];
            for (float[] e : clip) for (int i = 0; i < EMBEDDING_SIZE; i++) e[i] = data.readFloat();
            clips.add(clip);
        }
        return new EmbeddingClips(sha, clips);
    }
}
