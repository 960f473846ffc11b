package dev.wakegate.testing;

import dev.wakegate.cli.Main;
import dev.wakegate.internal.UserError;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the real command line in this JVM, as {@code Main.run} does (a config file read, a bad one a one-line error
 * and exit 1), and collects its exit code and what it printed through picocli's writers.
 */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine cmd;
        try {
            cmd = Main.commandLine(args);
        } catch (UserError e) {
            return new CliRun(1, "", "wakegate: " + e.getMessage() + "\n");
        }
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The --events-json lines, parsed; fails on any stdout line that is not a JSON object. */
    public List<Map<String, Object>> events() throws IOException {
        return JsonLines.parse(Stream.of(out.split("\n")).filter(line -> !line.isBlank()).toList());
    }

    public List<Map<String, Object>> events(String type) throws IOException {
        return JsonLines.ofType(events(), type);
    }
}
