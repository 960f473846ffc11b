package dev.wakegate.detect.vosk;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads what wakegate needs from OpenFST binary files without loading the graph: the header's magic number (is it an
 * FST at all?) and the output symbol table stored after the header, which is where small Vosk models keep their
 * vocabulary ({@code graph/Gr.fst}; vosk-model-small-en-us-0.15 ships no {@code words.txt}).
 *
 * <p>Layout (OpenFST {@code FstHeader::Read}, {@code SymbolTableImpl::Read}; little-endian, strings are an int32 length
 * and bytes): int32 magic 2125659606, string fst type, string arc type, int32 version, int32 flags (1 = input symbols
 * follow, 2 = output symbols follow), uint64 properties, int64 start, int64 states, int64 arcs; then each symbol table
 * present: int32 magic 2125658996, string name, int64 available key, int64 size, size × (string symbol, int64 key).
 */
final class FstSymbols {
    static final int FST_MAGIC = 2125659606;
    static final int SYMBOL_TABLE_MAGIC = 2125658996;
    static final int HAS_ISYMBOLS = 1, HAS_OSYMBOLS = 2;
    private static final int MAX_STRING = 1 << 20;
    private static final long MAX_SYMBOLS = 50_000_000;

    private FstSymbols() {}

    /** Whether the file starts with the OpenFST magic number. */
    static boolean isFst(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && littleEndianInt(b) == FST_MAGIC;
        }
    }

    /**
     * Which of {@code wanted} are among the output symbols (words) stored in the FST's header; null if it stores none.
     * The table is streamed, never held: a small model's vocabulary is 150 000 words.
     */
    static Set<String> findOutputSymbols(Path file, Set<String> wanted) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (int32(in) != FST_MAGIC) throw new IOException(file.getFileName() + " is not an OpenFST file");
            skipString(in);                 // fst type
            skipString(in);                 // arc type
            int32(in);                      // version
            int flags = int32(in);
            in.skipNBytes(8 * 4);           // properties, start, states, arcs
            if ((flags & HAS_ISYMBOLS) != 0) readTable(in, Set.of());
            return (flags & HAS_OSYMBOLS) != 0 ? readTable(in, wanted) : null;
        } catch (EOFException e) {
            throw new IOException(file.getFileName() + " ends inside its header (truncated)");
        }
    }

    /** Reads one symbol table, returning which of {@code wanted} it holds; symbols longer than any wanted are skipped. */
    private static Set<String> readTable(DataInputStream in, Set<String> wanted) throws IOException {
        if (int32(in) != SYMBOL_TABLE_MAGIC) throw new IOException("bad symbol table");
        skipString(in);                     // name
        int64(in);                          // available key
        long size = int64(in);
        if (size < 0 || size > MAX_SYMBOLS) throw new IOException("implausible symbol table size " + size);
        int longest = wanted.stream().mapToInt(w -> w.getBytes(StandardCharsets.UTF_8).length).max().orElse(-1);
        Set<String> found = new HashSet<>();
        for (long i = 0; i < size; i++) {
            int len = length(in);
            if (len <= longest) {
                String symbol = new String(in.readNBytes(len), StandardCharsets.UTF_8);
                if (wanted.contains(symbol)) found.add(symbol);
            } else {
                in.skipNBytes(len);
            }
            int64(in);                      // key
        }
        return found;
    }

    private static int length(DataInputStream in) throws IOException {
        int len = int32(in);
        if (len < 0 || len > MAX_STRING) throw new IOException("implausible string length " + len);
        return len;
    }

    private static void skipString(DataInputStream in) throws IOException {
        in.skipNBytes(length(in));
    }

    private static int int32(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }

    private static long int64(DataInputStream in) throws IOException {
        return Long.reverseBytes(in.readLong());
    }

    private static int littleEndianInt(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }
}
