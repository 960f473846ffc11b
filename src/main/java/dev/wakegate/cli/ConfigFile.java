package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Defaults from a properties file whose keys are the command's long option names without dashes
 * ({@code end-silence = 0.8}, {@code model = /etc/wakegate/me.json}); the command line wins. Unknown keys are
 * refused, so a typo cannot silently leave a safety setting at its default.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    private final Path file;
    private final Properties values;

    private ConfigFile(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** Finds {@code --config FILE} (or {@code --config=FILE}) among the arguments; null if absent. */
    static Path requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) return Path.of(args[i + 1]);
            if (args[i].startsWith("--config=")) return Path.of(args[i].substring("--config=".length()));
        }
        return null;
    }

    static ConfigFile load(Path file, CommandLine.Model.CommandSpec command) {
        var props = read(file);
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : command.options()) known.add(key(o));
        known.remove("config");
        known.remove("check"); // a service whose config says "check" would never start
        for (String k : props.stringPropertyNames())
            if (!known.contains(k))
                throw new UserError("--config " + file + ": unknown key '" + k + "'. Fix: use the long option names of '" + command.name()
                        + "' without dashes, e.g. end-silence = 0.8 (see 'wakegate " + command.name() + " --help')");
        return new ConfigFile(file, props);
    }

    /**
     * The properties of {@code file}; a key given twice is refused: the second would silently win, and
     * {@code gpio = mock} followed by {@code gpio = none} would leave no hardware mute at all.
     */
    static Properties read(Path file) {
        var props = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                if (containsKey(key))
                    throw new IllegalArgumentException("the key '" + key + "' is given twice; the second would silently win."
                            + " Fix: keep one line for '" + key + "'");
                return super.put(key, value);
            }
        };
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (NoSuchFileException e) {
            throw new UserError("--config " + file + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new UserError("--config " + file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("--config " + file + ": cannot read (" + e.getMessage() + ")");
        }
        return props;
    }

    /** One setting of {@code run}'s configuration file (the service's), for the commands that look at its files; null if unset. */
    static String runSetting(Path file, String key) {
        String v = read(file).getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String key(OptionSpec o) {
        return key(o.longestName());
    }

    private static String key(String longName) {
        return longName.replaceFirst("^-+", "");
    }

    /** Whether the file sets {@code option} (a long name, e.g. "--allow"). */
    boolean sets(String option) {
        return values.containsKey(key(option));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) return null;
        String v = values.getProperty(key(o));
        return v == null ? null : v.strip();
    }

    @Override
    public String toString() {
        return "config " + file;
    }
}
