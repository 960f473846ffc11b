package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.JsonLines;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a wakegate command line in this JVM the way {@code main} does, capturing what it prints: picocli's out/err
 * writers and anything written to System.out/System.err (a stray print or a log line would break the
 * {@code --json} contract, so it counts as output too).
 */
final class Cli {
    private Cli() {}

    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    /**
     * How many of {@code files} {@code model}'s word is found in as {@code run} decides (detector and template
     * confirmation, {@code scan --confirm template}), with the shared openWakeWord feature models; fails unless scan exits 0.
     */
    static int filesFoundAsRunDecides(Path model, List<Path> files) throws IOException {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", model.toString(), "--oww-features",
                OwwTestData.MODELS.toString(), "--confirm", "template"));
        files.forEach(f -> args.add(f.toString()));
        var result = run(args.toArray(String[]::new));
        if (result.exit() != 0) throw new AssertionError(result.toString());
        return JsonLines.filesWithDetections(result.outLines());
    }

    /** Runs with {@code stdin} as standard input (for inputs named "-"). */
    static synchronized Result runWithStdin(byte[] stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var sysOut = new ByteArrayOutputStream();
        var sysErr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        int exit;
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            var cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            exit = cmd.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
        return new Result(exit, sysOut.toString(StandardCharsets.UTF_8) + out, sysErr.toString(StandardCharsets.UTF_8) + err);
    }
}
