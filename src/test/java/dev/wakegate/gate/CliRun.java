package dev.wakegate.gate;

import dev.wakegate.cli.Main;
import dev.wakegate.testing.JsonLines;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the real command line in this JVM and collects its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The --events-json lines, parsed; fails on any stdout line that is not a JSON object. */
    List<Map<String, Object>> events() throws IOException {
        return JsonLines.parse(Stream.of(out.split("\n")).filter(line -> !line.isBlank()).toList());
    }

    List<Map<String, Object>> events(String type) throws IOException {
        return JsonLines.ofType(events(), type);
    }
}
