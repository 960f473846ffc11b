package dev.wakegate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sets one key of a properties file (the file {@code run --config FILE} reads) and keeps everything else: other
 * keys, comments, blank lines and their order. Every line that sets the key is replaced in place; a key that is
 * not there is appended, after a comment saying where it came from. Read and written as ISO-8859-1, as
 * {@link java.util.Properties#load(java.io.InputStream)} reads it, so other lines round-trip byte for byte. Written in place,
 * keeping the file's owner and permissions. Lines continued with a trailing backslash are not followed.
 */
final class ConfigFileEditor {
    private ConfigFileEditor() {}

    static void set(Path file, String key, String value, String comment) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        String setting = key + " = " + value;
        var out = new ArrayList<String>();
        var sets = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*([=:]|\\s|$).*");
        boolean replaced = false;
        for (String line : lines) {
            if (sets.matcher(line).matches() && !line.stripLeading().startsWith("#")) {
                out.add(setting);
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            if (!out.isEmpty() && !out.get(out.size() - 1).isBlank()) out.add("");
            out.add("# " + comment);
            out.add(setting);
        }
        Files.write(file, out, StandardCharsets.ISO_8859_1);
    }
}
