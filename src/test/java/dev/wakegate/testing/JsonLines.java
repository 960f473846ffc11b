package dev.wakegate.testing;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Output with one JSON object per line ({@code --events-json}, {@code scan --json}), parsed into maps. */
public final class JsonLines {
    private JsonLines() {}

    /** Every line as one object: a line that is not a JSON object fails the parse. */
    public static List<Map<String, Object>> parse(List<String> lines) throws IOException {
        var objects = new ArrayList<Map<String, Object>>();
        for (String line : lines) objects.add(JSON.std.mapFrom(line));
        return objects;
    }

    /** The lines that are JSON objects (starting with '{'), parsed; other lines are skipped. */
    public static List<Map<String, Object>> parseObjects(List<String> lines) throws IOException {
        return parse(lines.stream().filter(line -> line.startsWith("{")).toList());
    }

    /** How many different files {@code scan --json} output names: the inputs in which a wake word was found. */
    public static int filesWithDetections(List<String> scanJsonLines) throws IOException {
        return (int) parse(scanJsonLines).stream().map(d -> d.get("file")).distinct().count();
    }

    /** The events whose "type" is {@code type}, in order. */
    public static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type"))).toList();
    }

    public static double num(Map<String, Object> event, String key) {
        return ((Number) event.get(key)).doubleValue();
    }
}
