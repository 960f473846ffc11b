package dev.wakegate.detect.oww;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.wakegate.audio.Pcm;
import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * openWakeWord's two shared feature models: {@code melspectrogram.onnx} (audio -> 32 log-mel bands per 10 ms) and
 * {@code embedding_model.onnx} (Google's speech embedding: 76 mel frames -> 96 numbers). Every wake model reads the
 * embeddings, so one pipeline runs these once per 80 ms step for all of them. Holds the two sessions; several stages
 * may {@link #share} them, each closes them once, and the last close closes the sessions.
 */
public final class FeatureModels implements AutoCloseable {
    public static final String MEL_FILE = "melspectrogram.onnx";
    public static final String EMBEDDING_FILE = "embedding_model.onnx";
    /** What to run when a feature model is missing or broken. */
    public static final String FETCH = "scripts/fetch-model.sh oww-features";

    /** Mel bands per frame. */
    public static final int MELS = 32;
    /** Mel frames per embedding window (775 ms) and the window's hop (80 ms). */
    public static final int WINDOW_FRAMES = 76, WINDOW_HOP_FRAMES = 8;
    public static final int EMBEDDING_SIZE = 96;

    final OrtSession mel, embedding;
    /** The features of digital silence, for history that comes before the stream (as openWakeWord pads clips). */
    final float[] silentMelFrame = new float[MELS];
    final float[] silentEmbedding = new float[EMBEDDING_SIZE];
    private final String source;
    private final String embeddingSha256;
    private int holders = 1;
    /** Remembered runs for streams fed the same audio ({@link #rememberRuns}); null unless asked for. */
    ModelMemo melMemo, embeddingMemo, streamMemo, batchMemo;
    /** The embedding model re-cut to compute only what is new at each step; null where it could not be (then every window runs whole). */
    EmbeddingStream streaming;
    /**
     * Runs remembered: every stream asks for one mel run per step, and one embedding run, or, once a detector that
     * skipped steps comes near its threshold, one per window it catches up on (at most its window: 16 embeddings for a
     * trained model, twice the longest take and 2 for a template).
     */
    private static final int MEL_RUNS_REMEMBERED = 8, EMBEDDING_RUNS_REMEMBERED = 64;

    /** Where the models are looked for unless told otherwise; when it does not hold them, the copies in the jar are used. */
    public static final String DEFAULT_DIR = "models/openwakeword";
    /** The copies packed into the jar (the same files as the repository's models/openwakeword). */
    private static final String BUNDLED = "/models/openwakeword/";
    private static final String BUNDLED_NAME = "the feature models built into wakegate.jar";

    private FeatureModels(String source, OrtSession mel, OrtSession embedding, String embeddingSha256) {
        this.source = source;
        this.mel = mel;
        this.embedding = embedding;
        this.embeddingSha256 = embeddingSha256;
    }

    /**
     * Whether feature models can be opened from {@code dir} here: the folder holds both files, or it is the default
     * folder and the jar carries its copies; and ONNX Runtime has a build for this machine. ({@link #open} checks the files.)
     */
    public static boolean available(Path dir) {
        return unavailableHere() == null && openable(dir);
    }

    /** Whether {@code dir} holds both files, or is the default folder and the jar's copies stand in. */
    static boolean openable(Path dir) {
        return present(dir) || usesBundled(dir);
    }

    /** Why feature models cannot run on this machine (no ONNX Runtime build), or null where they can. */
    public static String unavailableHere() {
        return Onnx.unsupported(System.getProperty("os.arch"));
    }

    private static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(MEL_FILE)) && Files.isRegularFile(dir.resolve(EMBEDDING_FILE));
    }

    /** The default folder without the models in it: the jar's copies stand in. */
    private static boolean usesBundled(Path dir) {
        return dir.normalize().equals(Path.of(DEFAULT_DIR)) && !present(dir) && FeatureModels.class.getResource(BUNDLED + MEL_FILE) != null;
    }

    /**
     * Opens both models from {@code dir} (or, for the default folder when it does not hold them, the jar's copies); a
     * missing or wrong file is a {@link UserError} naming the fix.
     */
    public static FeatureModels open(Path dir) {
        if (usesBundled(dir)) return openBundled();
        if (!Files.isDirectory(dir))
            throw new UserError(dir + ": no such folder (it should hold openWakeWord's " + MEL_FILE + " and " + EMBEDDING_FILE
                    + "). Fix: " + FETCH + ", or point --oww-features at the folder that holds them");
        String fix = FETCH + " (or point --oww-features at the folder that holds " + MEL_FILE + " and " + EMBEDDING_FILE + ")";
        for (String f : List.of(MEL_FILE, EMBEDDING_FILE))
            if (!Files.exists(dir.resolve(f))) throw new UserError(dir.resolve(f) + ": no such file. Fix: " + fix);
        Path embeddingFile = dir.resolve(EMBEDDING_FILE);
        Onnx.requireModelFile(embeddingFile, fix);
        byte[] embeddingModel = read(embeddingFile);
        return opened(dir.toString(), Onnx.open(dir.resolve(MEL_FILE), fix), embeddingModel,
                () -> Onnx.open(embeddingModel, embeddingFile.toString(), fix), fix);
    }

    static FeatureModels openBundled() {
        String fix = "build the jar again (./mvnw -B package), or point --oww-features at a folder with " + MEL_FILE + " and " + EMBEDDING_FILE;
        byte[] embeddingModel = bundled(EMBEDDING_FILE);
        return opened(BUNDLED_NAME, Onnx.open(bundled(MEL_FILE), BUNDLED_NAME, fix), embeddingModel,
                () -> Onnx.open(embeddingModel, BUNDLED_NAME, fix), fix);
    }

    private static FeatureModels opened(String source, OrtSession mel, byte[] embeddingModel, Supplier<OrtSession> openEmbedding, String fix) {
        OrtSession embedding = null;
        try {
            embedding = openEmbedding.get();
            checkShapes(source, mel, embedding, fix);
            var models = new FeatureModels(source, mel, embedding, sha256(embeddingModel));
            models.computeSilence();
            models.streaming = EmbeddingStream.open(embeddingModel, embedding, models.silentMelFrame, models.silentEmbedding, source);
            return models;
        } catch (RuntimeException e) {
            closeQuietly(mel);
            if (embedding != null) closeQuietly(embedding);
            throw e;
        }
    }

    private static byte[] bundled(String file) {
        try (InputStream in = FeatureModels.class.getResourceAsStream(BUNDLED + file)) {
            if (in == null) throw new IllegalStateException(BUNDLED + file + " is not in the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another holder of these models (the sessions stay open until it has closed them too); this object itself. */
    public synchronized FeatureModels share() {
        if (holders == 0) throw new IllegalStateException("the feature models are closed");
        holders++;
        return this;
    }

    /**
     * Lets the streams made on these models from now on answer a mel or embedding run they repeat from memory, for
     * several detectors over the same audio on one thread ({@code tune}'s one per sensitivity): what they find does not
     * change, the models run once per step instead of once per detector. See {@link ModelMemo}.
     */
    public void rememberRuns() {
        if (melMemo != null) return;
        melMemo = new ModelMemo(MEL_RUNS_REMEMBERED, FeatureStream.MEL_INPUT_SAMPLES, FeatureStream.MEL_FRAMES_PER_STEP * MELS);
        embeddingMemo = new ModelMemo(EMBEDDING_RUNS_REMEMBERED, WINDOW_FRAMES * MELS, EMBEDDING_SIZE);
        if (streaming == null) return;
        streamMemo = streaming.memo(1, MEL_RUNS_REMEMBERED);
        batchMemo = streaming.memo(EmbeddingStream.BATCH_STEPS, MEL_RUNS_REMEMBERED);
    }

    /** Whether each step's embedding is computed from what is new in its window ({@link EmbeddingStream}), not the whole window. */
    public boolean streams() {
        return streaming != null;
    }

    /** Every window is computed whole from now on, as where the model cannot be re-cut; for comparisons. */
    void stopStreaming() {
        if (streaming != null) streaming.close();
        streaming = null;
        streamMemo = batchMemo = null;
    }

    /** Where the models came from, for messages: a folder, or the jar's copies. */
    public String source() {
        return source;
    }

    /** SHA-256 (hex) of the embedding model: embeddings made with another model do not compare with these. */
    public String embeddingSha256() {
        return embeddingSha256;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkShapes(String source, OrtSession mel, OrtSession embedding, String fix) {
        try {
            long[] melIn = Onnx.onlyShape(mel.getInputInfo()), melOut = Onnx.onlyShape(mel.getOutputInfo());
            if (melIn == null || melIn.length != 2 || melOut == null || melOut.length != 4 || melOut[3] != MELS)
                throw new UserError(source + ": " + MEL_FILE + " is not openWakeWord's mel-spectrogram model (input "
                        + Onnx.describe(melIn) + ", output " + Onnx.describe(melOut) + "; expected [-1, -1] -> [-1, 1, -1, 32]). Fix: " + fix);
            long[] embIn = Onnx.onlyShape(embedding.getInputInfo()), embOut = Onnx.onlyShape(embedding.getOutputInfo());
            if (embIn == null || embIn.length != 4 || embIn[1] != WINDOW_FRAMES || embIn[2] != MELS
                    || embOut == null || embOut[embOut.length - 1] != EMBEDDING_SIZE)
                throw new UserError(source + ": " + EMBEDDING_FILE + " is not openWakeWord's embedding model (input "
                        + Onnx.describe(embIn) + ", output " + Onnx.describe(embOut) + "; expected [-1, 76, 32, 1] -> [-1, 1, 1, 96]). Fix: " + fix);
        } catch (OrtException e) {
            throw new UserError(source + ": cannot inspect the feature models (" + Onnx.firstLine(e.getMessage()) + "). Fix: " + fix, e);
        }
    }

    /** Runs the models once on zeros: the steady state of a stream that has been silent forever. */
    private void computeSilence() {
        try (var melCall = new Onnx.Call(mel, new long[]{1, FeatureStream.MEL_INPUT_SAMPLES},
                new long[]{1, 1, FeatureStream.MEL_FRAMES_PER_STEP, MELS})) {
            melCall.run();
            for (int b = 0; b < MELS; b++) silentMelFrame[b] = FeatureStream.scaleMel(melCall.out.get(b));
        }
        try (var embCall = new Onnx.Call(embedding, new long[]{1, WINDOW_FRAMES, MELS, 1}, new long[]{1, 1, 1, EMBEDDING_SIZE})) {
            for (int f = 0; f < WINDOW_FRAMES; f++) embCall.in.put(f * MELS, silentMelFrame);
            embCall.run();
            embCall.out.get(0, silentEmbedding);
        }
    }

    /** The embeddings of a whole recording, one per 80 ms step, from digital silence before it to 1 s of it after. */
    public float[][] embeddingsOf(short[] audio) {
        short[] padded = withSilenceAfter(audio);
        int steps = padded.length / FeatureStream.STEP_SAMPLES;
        float[][] out = new float[steps][EMBEDDING_SIZE];
        try (var stream = new FeatureStream(this, 1)) {
            var newest = FloatBuffer.allocate(EMBEDDING_SIZE);
            for (int k = 0; k < steps; k++) {
                stream.step(padded, k * FeatureStream.STEP_SAMPLES);
                stream.copyNewest(1, newest);
                newest.get(0, out[k]);
            }
        }
        return out;
    }

    /**
     * The mel frames of a whole recording as the stream computes them ({@link #MELS} per 10 ms, scaled as the embedding
     * model takes them): step k's frames are 8k to 8k+7, and the recording is followed by 1 s of silence, as in
     * {@link #embeddingsOf}. Embedding k of that method is computed from frames 8k-68 to 8k+7 (before frame 0: the
     * mel frame of digital silence).
     */
    public float[][] melFramesOf(short[] audio) {
        short[] padded = withSilenceAfter(audio);
        int steps = padded.length / FeatureStream.STEP_SAMPLES;
        float[][] frames = new float[steps * WINDOW_HOP_FRAMES][MELS];
        try (var stream = FeatureStream.melOnly(this)) {
            for (int k = 0; k < steps; k++) {
                stream.step(padded, k * FeatureStream.STEP_SAMPLES, false);
                stream.copyNewestMelFrames(frames, k * WINDOW_HOP_FRAMES);
            }
        }
        return frames;
    }

    /** A recording followed by 1 s of silence, cut to whole 80 ms steps, as a clip is scored. */
    private static short[] withSilenceAfter(short[] audio) {
        int steps = (audio.length + Pcm.SAMPLE_RATE) / FeatureStream.STEP_SAMPLES;
        return Arrays.copyOf(audio, steps * FeatureStream.STEP_SAMPLES);
    }

    /**
     * The mel frames that embeddings {@code first} to {@code first + count - 1} of a recording are computed from, out of
     * its {@link #melFramesOf} frames: {@link #WINDOW_FRAMES} + 8 (count - 1) frames, digital silence before the recording.
     */
    public float[][] windowFrames(float[][] melFrames, int first, int count) {
        int from = (first + 1) * WINDOW_HOP_FRAMES - WINDOW_FRAMES;
        float[][] out = new float[WINDOW_FRAMES + WINDOW_HOP_FRAMES * (count - 1)][];
        for (int i = 0; i < out.length; i++) out[i] = (from + i < 0 ? silentMelFrame : melFrames[from + i]).clone();
        return out;
    }

    /** The embeddings of consecutive windows of {@code frames}: frames 8i to 8i+75 give embedding i. */
    public float[][] embeddingsOfWindows(float[][] frames) {
        int count = Math.max(0, (frames.length - WINDOW_FRAMES) / WINDOW_HOP_FRAMES + 1);
        return streaming == null || count == 0 ? wholeWindowEmbeddings(frames, count) : streamedEmbeddings(frames, count);
    }

    /** {@link #embeddingsOfWindows} on the window model, one run per window. */
    float[][] wholeWindowEmbeddings(float[][] frames, int count) {
        float[][] out = new float[count][EMBEDDING_SIZE];
        try (var call = new Onnx.Call(embedding, new long[]{1, WINDOW_FRAMES, MELS, 1}, new long[]{1, 1, 1, EMBEDDING_SIZE})) {
            for (int i = 0; i < out.length; i++) {
                for (int f = 0; f < WINDOW_FRAMES; f++) call.in.put(f * MELS, frames[i * WINDOW_HOP_FRAMES + f]);
                call.run();
                call.out.get(0, out[i]);
            }
        }
        return out;
    }

    /** {@link #embeddingsOfWindows} on the re-cut model, three steps per run while they fit. */
    private float[][] streamedEmbeddings(float[][] frames, int count) {
        int used = WINDOW_FRAMES + WINDOW_HOP_FRAMES * (count - 1);
        float[] flat = new float[used * MELS];
        for (int f = 0; f < used; f++) System.arraycopy(frames[f], 0, flat, f * MELS, MELS);
        return streaming.embeddingsOfWindows(flat, count, EmbeddingStream.BATCH_STEPS);
    }

    /** The power in one mel band of a scaled frame ({@code x/10 + 2} of a decibel value). */
    public static double melPower(float scaled) {
        return Math.pow(10, scaled - 2);
    }

    /** The scaled mel value of a band power: the inverse of {@link #melPower}. */
    public static float scaledMel(double power) {
        return (float) (Math.log10(power) + 2);
    }

    /** Speech embeddings come one per step of this many samples (80 ms). */
    public static final int STEP_SAMPLES = FeatureStream.STEP_SAMPLES;

    /** A buffer for a window of {@code embeddings} embeddings, as an {@link EmbeddingWord.Scorer}'s input (native order, direct). */
    public static FloatBuffer embeddingWindow(int embeddings) {
        return Onnx.directFloats(embeddings * EMBEDDING_SIZE);
    }

    /** Closes this holder's share: the sessions close with the last holder's. */
    @Override
    public synchronized void close() {
        if (holders == 0 || --holders > 0) return;
        closeQuietly(mel);
        closeQuietly(embedding);
        if (streaming != null) streaming.close();
    }

    static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | IllegalStateException e) {
            // closing twice or after a failed run: nothing left to free
        }
    }
}
