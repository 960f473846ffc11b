package dev.wakegate.detect.vosk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Model directories for tests: the real Vosk layout with files that pass wakegate's Java checks (a Kaldi binary header
 * on the acoustic model, OpenFST headers and symbol tables on the graphs), but whose contents are not a model. Vosk
 * itself must refuse them, with an error and not a crash. Also: Vosk's JSON as the recognizer prints it.
 */
public final class VoskFixtures {
    private VoskFixtures() {}

    /** A small-model layout (HCLr.fst + Gr.fst with the vocabulary in Gr.fst's output symbols, no words.txt). */
    public static Path dynamicModel(Path dir, List<String> vocabulary) throws IOException {
        common(dir);
        Files.write(dir.resolve("graph/HCLr.fst"), fst("olabel_lookahead", null));
        Files.write(dir.resolve("graph/Gr.fst"), fst("ngram", vocabulary));
        Files.writeString(dir.resolve("graph/disambig_tid.int"), "11\n12\n");
        Files.createDirectories(dir.resolve("graph/phones"));
        Files.writeString(dir.resolve("graph/phones/word_boundary.int"), "1 nonword\n");
        return dir;
    }

    /** A big-model layout: graph/HCLG.fst without symbols, vocabulary in graph/words.txt. */
    public static Path staticModel(Path dir, List<String> vocabulary) throws IOException {
        common(dir);
        Files.write(dir.resolve("graph/HCLG.fst"), fst("const", null));
        var sb = new StringBuilder("<eps> 0\n");
        for (int i = 0; i < vocabulary.size(); i++) sb.append(vocabulary.get(i)).append(' ').append(i + 1).append('\n');
        Files.writeString(dir.resolve("graph/words.txt"), sb);
        return dir;
    }

    private static void common(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("am"));
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("graph"));
        // Kaldi binary marker and first token, then bytes that are not a model: Vosk must report an error
        byte[] am = new byte[4096];
        byte[] head = "\0B<TransitionModel> <Topology> ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, am, 0, head.length);
        for (int i = head.length; i < am.length; i++) am[i] = (byte) (i * 31);
        Files.write(dir.resolve("am/final.mdl"), am);
        Files.writeString(dir.resolve("conf/model.conf"), """
                --min-active=200
                --max-active=3000
                --beam=10.0
                --lattice-beam=2.0
                --acoustic-scale=1.0
                --frame-subsampling-factor=3
                --endpoint.silence-phones=1:2:3:4:5:6:7:8:9:10
                --endpoint.rule2.min-trailing-silence=0.5
                """);
        Files.writeString(dir.resolve("conf/mfcc.conf"), "--sample-frequency=16000\n--use-energy=false\n");
    }

    /** An OpenFST header (no states) followed by an output symbol table if {@code symbols} is given. */
    public static byte[] fst(String type, List<String> symbols) {
        var out = new ByteArrayOutputStream();
        int32(out, FstSymbols.FST_MAGIC);
        string(out, type);
        string(out, "standard");
        int32(out, 1);                                              // version
        int32(out, symbols == null ? 0 : FstSymbols.HAS_OSYMBOLS);  // flags
        int64(out, 0);                                              // properties
        int64(out, 0);                                              // start
        int64(out, 0);                                              // states
        int64(out, 0);                                              // arcs
        if (symbols != null) {
            int32(out, FstSymbols.SYMBOL_TABLE_MAGIC);
            string(out, "exp/lgraph/words.txt");
            int64(out, symbols.size() + 1);                         // available key
            int64(out, symbols.size() + 1);                         // size
            string(out, "<eps>");
            int64(out, 0);
            for (int i = 0; i < symbols.size(); i++) {
                string(out, symbols.get(i));
                int64(out, i + 1);
            }
        }
        return out.toByteArray();
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void int64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int32(out, b.length);
        out.writeBytes(b);
    }

    // --- Vosk's JSON, in the pretty-printed form its json.h writes (keys sorted, six decimals) ---

    /** One word entry as Vosk prints it. */
    public static String word(String word, double start, double end, double conf) {
        return String.format(Locale.ROOT, """
                {
                      "conf" : %.6f,
                      "end" : %.6f,
                      "start" : %.6f,
                      "word" : "%s"
                    }""", conf, end, start, word);
    }

    /** A partial result with partial words ({@code setPartialWords(true)}). */
    public static String partial(String... words) {
        if (words.length == 0) return "{\n  \"partial\" : \"\"\n}";
        return "{\n  \"partial\" : \"" + text(words) + "\",\n  \"partial_result\" : [" + String.join(", ", words) + "]\n}";
    }

    /** A final result with words ({@code setWords(true)}); no words gives Vosk's empty result. */
    public static String result(String... words) {
        if (words.length == 0) return "{\"text\": \"\"}";
        return "{\n  \"result\" : [" + String.join(", ", words) + "],\n  \"text\" : \"" + text(words) + "\"\n}";
    }

    private static String text(String... words) {
        var sb = new StringBuilder();
        for (String w : words) {
            int at = w.indexOf("\"word\" : \"") + 10;
            sb.append(sb.isEmpty() ? "" : " ").append(w, at, w.indexOf('"', at));
        }
        return sb.toString();
    }
}
