package dev.wakegate.gate;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.wakegate.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        var list = new ArrayList<Map<String, Object>>();
        for (String line : out.split("\n")) if (!line.isBlank()) list.add(JSON.std.mapFrom(line));
        return list;
    }

    List<Map<String, Object>> events(String type) throws IOException {
        return events().stream().filter(e -> type.equals(e.get("type"))).toList();
    }

    static double num(Map<String, Object> event, String key) {
        return ((Number) event.get(key)).doubleValue();
    }
}
