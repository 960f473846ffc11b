package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.internal.Json;
import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes template files: UTF-8 JSON, documented in docs/template-format.md. The front-end block
 * records how the spectra were computed, so a file made with different analysis settings is refused instead of
 * silently mis-matched.
 */
public final class TemplateFile {
    public static final String FORMAT = "wakegate-template";
    public static final int VERSION = 1;
    private static final long MAX_BYTES = 16 << 20;
    /** Enrollment keeps at most 2.5 s of speech per take; longer takes would not fit the detector's history. */
    static final int MAX_TAKE_FRAMES = (int) Math.round(Enroller.MAX_SPEECH_SECONDS * Pcm.FRAMES_PER_SECOND);

    private TemplateFile() {}

    public static void write(WakeTemplate template, Path file) throws IOException {
        var sb = new StringBuilder(64 * 1024);
        sb.append("{\n");
        sb.append("  \"format\": \"").append(FORMAT).append("\",\n");
        sb.append("  \"version\": ").append(VERSION).append(",\n");
        sb.append("  \"name\": ").append(Json.quote(template.name())).append(",\n");
        sb.append("  \"created\": \"").append(template.created()).append("\",\n");
        sb.append("  \"frontend\": ").append(frontEnd()).append(",\n");
        sb.append("  \"agreement\": ").append(Json.number(template.agreement(), 4)).append(",\n");
        var embeddings = template.embeddings();
        if (embeddings != null) {
            String info = Json.object().put("model_sha256", embeddings.modelSha256()).put("agreement", embeddings.agreement(), 4).toString();
            sb.append("  \"speech_embeddings\": ").append(info, 0, info.length() - 1);
            appendVerifiers(sb, embeddings.verifiers());
            sb.append("},\n");
        }
        sb.append("  \"takes\": [");
        for (int t = 0; t < template.takes().size(); t++) {
            var take = template.takes().get(t);
            sb.append(t == 0 ? "\n" : ",\n");
            sb.append("    {\"source\": ").append(Json.quote(take.source())).append(", \"voice\": ").append(Json.quote(take.voice()))
                    .append(", \"agreement\": ").append(Json.number(take.agreement(), 4));
            if (embeddings != null) sb.append(", \"embedding_agreement\": ").append(Json.number(embeddings.takeAgreements().get(t), 4));
            sb.append(", \"frames\": ").append(take.frames());
            if (!Double.isNaN(take.pitchHz())) sb.append(", \"pitch_hz\": ").append(Json.number(take.pitchHz(), 1));
            sb.append(", \"log_mel\": [");
            for (int i = 0; i < take.frames(); i++) {
                sb.append(i == 0 ? "\n      [" : ",\n      [");
                float[] frame = take.logMel()[i];
                for (int m = 0; m < frame.length; m++) sb.append(m == 0 ? "" : ",").append(Json.number(frame[m], 3));
                sb.append(']');
            }
            sb.append("\n    ]");
            if (embeddings != null) appendEmbeddings(sb, embeddings.takes().get(t));
            if (embeddings != null && embeddings.hasWindowFrames()) appendFrames(sb, "embedding_mel", embeddings.windowFrames().get(t), 3);
            sb.append('}');
        }
        sb.append("\n  ]\n}\n");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void appendVerifiers(StringBuilder sb, List<WordVerifier> verifiers) {
        if (verifiers.isEmpty()) return;
        sb.append(", \"verifiers\": [");
        for (int v = 0; v < verifiers.size(); v++) {
            var verifier = verifiers.get(v);
            sb.append(v == 0 ? "\n    " : ",\n    ").append("{\"steps\": ").append(WordVerifier.STEPS)
                    .append(", \"bias\": ").append(verifier.bias()).append(", \"weights\": [");
            float[] w = verifier.weights();
            for (int i = 0; i < w.length; i++) sb.append(i == 0 ? "" : ",").append(w[i]);  // exact: small weights matter
            sb.append("]}");
        }
        sb.append("\n  ]");
    }

    private static void appendEmbeddings(StringBuilder sb, float[][] take) {
        appendFrames(sb, "embeddings", take, 4);
    }

    private static void appendFrames(StringBuilder sb, String key, float[][] frames, int decimals) {
        sb.append(", \"").append(key).append("\": [");
        for (int i = 0; i < frames.length; i++) {
            sb.append(i == 0 ? "\n      [" : ",\n      [");
            for (int k = 0; k < frames[i].length; k++) sb.append(k == 0 ? "" : ",").append(Json.number(frames[i][k], decimals));
            sb.append(']');
        }
        sb.append("\n    ]");
    }

    private static String frontEnd() {
        return Json.object().put("sample_rate", Pcm.SAMPLE_RATE).put("window", Mfcc.WINDOW).put("hop", Mfcc.HOP)
                .put("fft", Mfcc.FFT_SIZE).put("mels", Mfcc.MELS).put("low_hz", (long) Mfcc.LOW_HZ).put("high_hz", (long) Mfcc.HIGH_HZ)
                .toString();
    }

    public static WakeTemplate read(Path file) {
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) throw new UserError(name + ": too large for a template file (over 16 MB)");
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(name + ": no such template file. Fix: check the path, or create it with 'wakegate enroll'");
        } catch (IOException e) {
            throw new UserError(name + ": cannot read template (" + e.getMessage() + ")");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(text);
        } catch (IOException e) {
            throw new UserError(name + ": not a wakegate template (not valid JSON). Fix: pass a file made by 'wakegate enroll'");
        }
        if (!FORMAT.equals(json.get("format")))
            throw new UserError(name + ": not a wakegate template (no \"format\": \"" + FORMAT + "\"). Fix: pass a file made by 'wakegate enroll'");
        int version = integer(json, "version", name);
        if (version > VERSION)
            throw new UserError(name + ": template format version " + version + " is newer than this wakegate reads (" + VERSION
                    + "). Fix: upgrade wakegate, or enroll again with this version");
        if (version < 1) throw new UserError(name + ": invalid template format version " + version);
        checkFrontEnd(json.get("frontend"), name);
        try {
            var template = new WakeTemplate(string(json, "name", name), takes(json.get("takes"), name),
                    number(json, "agreement", name), created(json.get("created")));
            return json.containsKey("speech_embeddings") ? template.withEmbeddings(embeddings(json, name)) : template;
        } catch (IllegalArgumentException e) {
            throw new UserError(name + ": corrupt template (" + e.getMessage() + "). Fix: enroll again");
        }
    }

    private static void checkFrontEnd(Object value, String name) {
        if (!(value instanceof Map<?, ?> fe) || !frontEnd().equals(normalised(fe)))
            throw new UserError(name + ": made with different analysis settings than this wakegate uses. Fix: enroll again");
    }

    private static String normalised(Map<?, ?> fe) {
        var obj = Json.object();
        for (String key : List.of("sample_rate", "window", "hop", "fft", "mels", "low_hz", "high_hz"))
            obj.put(key, fe.get(key) instanceof Number n ? n.longValue() : -1);
        return obj.toString();
    }

    private static List<WakeTemplate.Take> takes(Object value, String name) {
        if (!(value instanceof List<?> list) || list.isEmpty()) throw new UserError(name + ": corrupt template (no takes). Fix: enroll again");
        if (list.size() > WakeTemplate.MAX_TAKES)
            throw new UserError(name + ": corrupt template (" + list.size() + " takes; at most " + WakeTemplate.MAX_TAKES + "). Fix: enroll again");
        var takes = new ArrayList<WakeTemplate.Take>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> take) || !(take.get("log_mel") instanceof List<?> frames))
                throw new UserError(name + ": corrupt template (a take without log_mel). Fix: enroll again");
            if (frames.size() > MAX_TAKE_FRAMES)
                throw new UserError(name + ": corrupt template (a take of " + frames.size() + " frames; enrollment keeps at most "
                        + MAX_TAKE_FRAMES + "). Fix: enroll again");
            float[][] logMel = new float[frames.size()][];
            for (int i = 0; i < logMel.length; i++) logMel[i] = floats(frames.get(i), name);
            Object voice = take.containsKey("voice") ? take.get("voice") : WakeTemplate.FIRST_VOICE;
            if (!(voice instanceof String v) || v.isBlank()) throw new UserError(name + ": corrupt template (a take's voice is not a name). Fix: enroll again");
            takes.add(new WakeTemplate.Take(String.valueOf(take.get("source")), v, logMel, voiceAgreement(take, "agreement", name), pitch(take, name)));
        }
        return takes;
    }

    /** The pitch a take was said at; NaN in files written before takes kept it, or when it was not voiced. */
    private static double pitch(Map<?, ?> take, String name) {
        if (!take.containsKey("pitch_hz")) return Double.NaN;
        if (!(take.get("pitch_hz") instanceof Number n) || !(n.doubleValue() > 0))
            throw new UserError(name + ": corrupt template (a take's pitch_hz is not a number > 0). Fix: enroll again");
        return n.doubleValue();
    }

    /**
     * The agreement of a take's voice; NaN in files written before takes kept their own (then every
     * take has the template's).
     */
    private static double voiceAgreement(Map<?, ?> take, String key, String name) {
        if (!take.containsKey(key)) return Double.NaN;
        if (!(take.get(key) instanceof Number n) || !(n.doubleValue() >= 0))
            throw new UserError(name + ": corrupt template (a take's " + key + " is not a number >= 0). Fix: enroll again");
        return n.doubleValue();
    }

    /** Speech embeddings per take: 96 numbers per 80 ms step, at most as many steps as 2.5 s of speech needs. */
    static final int EMBEDDING_SIZE = 96, MAX_TAKE_EMBEDDINGS = 40;

    private static WakeTemplate.SpeechEmbeddings embeddings(Map<String, Object> json, String name) {
        String corrupt = name + ": corrupt template (%s). Fix: enroll again";
        if (!(json.get("speech_embeddings") instanceof Map<?, ?> info) || !(info.get("model_sha256") instanceof String sha)
                || !(info.get("agreement") instanceof Number agreement) || !(agreement.doubleValue() >= 0))
            throw new UserError(corrupt.formatted("speech_embeddings without model_sha256 and agreement"));
        var takes = new ArrayList<float[][]>();
        var windowFrames = new ArrayList<float[][]>();
        var agreements = new ArrayList<Double>();
        for (Object item : (List<?>) json.get("takes")) {
            double a = voiceAgreement((Map<?, ?>) item, "embedding_agreement", name);
            agreements.add(Double.isNaN(a) ? agreement.doubleValue() : a);
            if (!(((Map<?, ?>) item).get("embeddings") instanceof List<?> steps) || steps.isEmpty() || steps.size() > MAX_TAKE_EMBEDDINGS)
                throw new UserError(corrupt.formatted("a take without 1-" + MAX_TAKE_EMBEDDINGS + " embeddings"));
            float[][] e = new float[steps.size()][];
            for (int i = 0; i < e.length; i++) e[i] = floats(steps.get(i), EMBEDDING_SIZE, "embedding", name);
            takes.add(e);
            if (((Map<?, ?>) item).get("embedding_mel") instanceof List<?> frames) {
                if (frames.size() != WakeTemplate.SpeechEmbeddings.windowFramesFor(e.length))
                    throw new UserError(corrupt.formatted("a take's embedding_mel does not match its embeddings"));
                float[][] f = new float[frames.size()][];
                for (int i = 0; i < f.length; i++) f[i] = floats(frames.get(i), FeatureModels.MELS, "embedding mel", name);
                windowFrames.add(f);
            }
        }
        if (!windowFrames.isEmpty() && windowFrames.size() != takes.size())
            throw new UserError(corrupt.formatted("embedding_mel in some takes only"));
        return new WakeTemplate.SpeechEmbeddings(sha, takes, agreement.doubleValue(), windowFrames, agreements, verifiers(info, name, corrupt));
    }

    /** The verifiers of {@code speech_embeddings}, none when absent (templates enrolled before they were made). */
    private static List<WordVerifier> verifiers(Map<?, ?> info, String name, String corrupt) {
        if (!info.containsKey("verifiers")) return List.of();
        if (!(info.get("verifiers") instanceof List<?> list) || list.size() > WakeTemplate.MAX_TAKES)
            throw new UserError(corrupt.formatted("verifiers is not a list of at most " + WakeTemplate.MAX_TAKES));
        var out = new ArrayList<WordVerifier>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> v) || !(v.get("steps") instanceof Number steps) || steps.intValue() != WordVerifier.STEPS
                    || !(v.get("bias") instanceof Number bias) || !Double.isFinite(bias.doubleValue()))
                throw new UserError(corrupt.formatted("a verifier without steps " + WordVerifier.STEPS + " and a bias"));
            out.add(new WordVerifier(floats(v.get("weights"), WordVerifier.SIZE, "verifier weight", name), bias.doubleValue()));
        }
        return out;
    }

    private static float[] floats(Object value, String name) {
        return floats(value, Mfcc.MELS, "mel", name);
    }

    private static float[] floats(Object value, int size, String what, String name) {
        if (!(value instanceof List<?> list) || list.size() != size)
            throw new UserError(name + ": corrupt template (a frame without " + size + " " + what + " values). Fix: enroll again");
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue()))
                throw new UserError(name + ": corrupt template (a " + what + " value is not a number). Fix: enroll again");
            out[i] = n.floatValue();
        }
        return out;
    }

    private static int integer(Map<String, Object> json, String key, String name) {
        if (!(json.get(key) instanceof Number n)) throw new UserError(name + ": corrupt template (no \"" + key + "\"). Fix: enroll again");
        return n.intValue();
    }

    private static double number(Map<String, Object> json, String key, String name) {
        if (!(json.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0)
            throw new UserError(name + ": corrupt template (no valid \"" + key + "\"). Fix: enroll again");
        return n.doubleValue();
    }

    private static String string(Map<String, Object> json, String key, String name) {
        if (!(json.get(key) instanceof String s) || s.isBlank())
            throw new UserError(name + ": corrupt template (no \"" + key + "\"). Fix: enroll again");
        return s;
    }

    private static Instant created(Object value) {
        try {
            return value instanceof String s ? Instant.parse(s) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
