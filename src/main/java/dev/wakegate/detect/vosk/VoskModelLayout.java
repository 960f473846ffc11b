package dev.wakegate.detect.vosk;

import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a Vosk model directory in Java before native code sees it. Vosk reads the files in its own way and some damage
 * is fatal there: a model without a graph, or a grammar on a model with a static graph, dereferences a null graph and
 * takes the JVM down with it. So every file Vosk will need must be present, non-empty and of the right kind (the
 * acoustic model starts like a Kaldi model, graphs start with the OpenFST magic number).
 *
 * <p>The layout is Vosk's "v2" one ({@code am/}, {@code conf/}, {@code graph/}, optional {@code ivector/},
 * {@code rescore/}), which every model on the Vosk model list since 2020 uses. A graph is either static
 * ({@code graph/HCLG.fst}, big models) or dynamic ({@code graph/HCLr.fst} + {@code graph/Gr.fst}, small models); only a
 * dynamic graph can be restricted to a grammar, which the detector needs.
 *
 * @param dir          the model directory
 * @param dynamicGraph true for HCLr.fst + Gr.fst (grammar recognition possible), false for HCLG.fst
 */
public record VoskModelLayout(Path dir, boolean dynamicGraph) {
    static final String AM = "am/final.mdl", MODEL_CONF = "conf/model.conf", MFCC_CONF = "conf/mfcc.conf";
    static final String HCLG = "graph/HCLG.fst", HCLR = "graph/HCLr.fst", GR = "graph/Gr.fst",
            DISAMBIG = "graph/disambig_tid.int", WORDS = "graph/words.txt";
    static final List<String> IVECTOR = List.of("ivector/final.ie", "ivector/final.dubm", "ivector/final.mat",
            "ivector/global_cmvn.stats", "ivector/online_cmvn.conf", "ivector/splice.conf");
    private static final byte[] KALDI_BINARY_AM = "\0B<TransitionModel>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KALDI_TEXT_AM = "<TransitionModel>".getBytes(StandardCharsets.US_ASCII);

    /** Checks {@code dir}; a missing, incomplete or damaged model is a {@link UserError} naming the fetch script. */
    public static VoskModelLayout check(Path dir) {
        if (!Files.isDirectory(dir))
            throw new UserError("no Vosk model at " + dir + ". Fix: " + fetchHint(dir) + ", or point --model-dir at an unpacked model");
        for (String f : List.of(AM, MODEL_CONF, MFCC_CONF)) requireFile(dir, f);
        if (!startsWith(dir.resolve(AM), KALDI_BINARY_AM) && !startsWith(dir.resolve(AM), KALDI_TEXT_AM))
            throw damaged(dir, AM + " is not a Kaldi acoustic model");
        boolean dynamic;
        if (Files.exists(dir.resolve(HCLG))) {
            requireFst(dir, HCLG);
            dynamic = false;
        } else {
            if (!Files.exists(dir.resolve(HCLR)) && !Files.exists(dir.resolve(GR)))
                throw incomplete(dir, "no decoding graph (graph/HCLG.fst, or graph/HCLr.fst with graph/Gr.fst)");
            requireFst(dir, HCLR);
            requireFst(dir, GR);
            requireFile(dir, DISAMBIG);
            dynamic = true;
        }
        if (Files.exists(dir.resolve(IVECTOR.get(0)))) for (String f : IVECTOR) requireFile(dir, f);
        return new VoskModelLayout(dir, dynamic);
    }

    /** The detector's extra condition: a grammar needs a dynamic graph, or Vosk would decode with no graph at all. */
    public VoskModelLayout requireGrammarSupport() {
        if (!dynamicGraph)
            throw new UserError(name() + " has a static graph (" + HCLG + "), so recognition cannot be limited to the wake phrases."
                    + " Fix: use a small model with graph/HCLr.fst and graph/Gr.fst, e.g. scripts/fetch-model.sh vosk-model-small-en-us-0.15"
                    + " (a big model can still confirm: --confirm vosk --confirm-model-dir " + dir + ")");
        return this;
    }

    /** The model's name for messages: its directory's name. */
    public String name() {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }

    /**
     * Which of {@code words} the model does not know, looked up where Vosk looks: the output symbols stored in the graph
     * (HCLG.fst, else Gr.fst), else {@code graph/words.txt}. A model with none of these is damaged (Vosk refuses it too).
     */
    public List<String> missingWords(List<String> words) {
        Set<String> wanted = new LinkedHashSet<>(words);
        try {
            Set<String> found = FstSymbols.findOutputSymbols(dir.resolve(dynamicGraph ? GR : HCLG), wanted);
            if (found == null) {
                Path list = dir.resolve(WORDS);
                if (!Files.isRegularFile(list)) throw damaged(dir, "it has no vocabulary (no word symbols in the graph, no " + WORDS + ")");
                found = new HashSet<>();
                try (var lines = Files.lines(list, StandardCharsets.UTF_8)) {
                    for (String line : (Iterable<String>) lines::iterator) {
                        String word = line.strip().split("\\s+", 2)[0];
                        if (wanted.contains(word)) found.add(word);
                    }
                }
            }
            wanted.removeAll(found);
            return List.copyOf(wanted);
        } catch (IOException | UncheckedIOException e) {
            throw damaged(dir, "its vocabulary cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Checks that the model knows every word of the phrases; the missing words are a one-line {@link UserError}. Vosk
     * would otherwise drop them from a grammar with only a warning, and the phrase could never be heard.
     *
     * @return the model's unknown-word token ({@link Phrase#UNKNOWN_TOKENS}), found in the same pass
     */
    public String requireWords(List<Phrase> phrases) {
        List<String> words = Phrase.distinctWords(phrases);
        var lookup = new ArrayList<>(words);
        lookup.addAll(Phrase.UNKNOWN_TOKENS);
        List<String> absent = missingWords(lookup);
        List<String> missing = words.stream().filter(absent::contains).toList();
        if (!missing.isEmpty())
            throw new UserError("the model " + name() + " does not know the word" + (missing.size() == 1 ? " " : "s ")
                    + Phrase.quoted(missing) + ". Fix: choose a wake phrase of words the model knows, or a model of that language");
        return Phrase.UNKNOWN_TOKENS.stream().filter(t -> !absent.contains(t)).findFirst().orElse(Phrase.UNKNOWN_TOKENS.get(0));
    }

    static String fetchHint(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        String name = n == null ? "" : n.toString();
        return name.startsWith("vosk-model") ? "scripts/fetch-model.sh " + name : "scripts/fetch-model.sh --list";
    }

    private static void requireFile(Path dir, String file) {
        Path p = dir.resolve(file);
        try {
            if (!Files.isRegularFile(p)) throw incomplete(dir, file + " is missing");
            if (Files.size(p) == 0) throw incomplete(dir, file + " is empty");
        } catch (IOException e) {
            throw damaged(dir, file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static void requireFst(Path dir, String file) {
        requireFile(dir, file);
        try {
            if (!FstSymbols.isFst(dir.resolve(file))) throw damaged(dir, file + " is not an OpenFST graph");
        } catch (IOException e) {
            throw damaged(dir, file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private static boolean startsWith(Path file, byte[] prefix) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(prefix.length), prefix);
        } catch (IOException e) {
            return false;
        }
    }

    private static UserError incomplete(Path dir, String what) {
        return new UserError(dir + " is not a complete Vosk model: " + what + ". Fix: " + fetchHint(dir) + " (it unpacks a checked download)");
    }

    private static UserError damaged(Path dir, String what) {
        return new UserError(dir + " is a damaged Vosk model: " + what + ". Fix: delete it and " + fetchHint(dir));
    }
}
