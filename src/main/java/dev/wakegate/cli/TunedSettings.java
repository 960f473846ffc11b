package dev.wakegate.cli;

import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.internal.UserError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * What a swept sensitivity was measured with, which {@code run} must share for the value to mean the same there: the
 * engine, the template features or the openWakeWord trigger level, and the wake word itself. A sensitivity tuned on
 * speech embeddings and run on log mel spectra, or tuned for one template and run with another, would wake on what
 * nobody measured. {@code tune --write-config} writes the sensitivity only into a configuration that agrees, checked
 * before the sweep; template features or a trigger level the file leaves at the default, where the sweep used another
 * value, are written with it (a new file also gets the engine).
 *
 * @param settings the settings that decide what a sensitivity means, as the sweep used them
 * @param wakeWord the key that names the wake word in the file ({@code model}, {@code oww-model} or {@code phrase}),
 *                 and the sweep's value for it
 */
record TunedSettings(List<Setting> settings, Setting wakeWord) {
    /**
     * One setting: its key in run's configuration file, the sweep's value and run's default, and whether it may be added to
     * a file that leaves it unset (not the engine: the file's other keys were written for its own).
     */
    record Setting(String key, String tuned, String runDefault, boolean addable) {}

    /**
     * As {@link #of(EngineSpec)} for a sweep that counted only what {@code confirm}'s confirmer accepts: its sensitivity
     * decides what passes (most near misses), so it is written with the sweep's value, or must agree.
     */
    static TunedSettings of(EngineSpec spec, ConfirmSpec confirm) {
        var tuned = of(spec);
        var kind = confirm.kindOr(ConfirmSpec.Kind.none);
        if (kind == ConfirmSpec.Kind.none) return tuned;
        String runDefault = TuneCommand.fmt(Confirmers.defaultSensitivity(kind, spec.engine()));
        String swept = TuneCommand.fmt(Confirmers.sensitivity(confirm, kind, spec.engine()).value());
        var settings = new ArrayList<>(tuned.settings());
        settings.add(new Setting("confirm-sensitivity", swept, runDefault, true));
        return new TunedSettings(settings, tuned.wakeWord());
    }

    static TunedSettings of(EngineSpec spec) {
        var settings = new ArrayList<Setting>();
        settings.add(new Setting("engine", name(spec.engine()), "template", false));
        Setting word = switch (spec.engine()) {
            case template -> {
                settings.add(new Setting("template-features", name(spec.templateFeatures()), "auto", true));
                yield new Setting("model", spec.templates().getFirst().toString(), null, false);
            }
            case oww -> {
                settings.add(new Setting("oww-trigger-level", String.valueOf(spec.owwTriggerSteps()), String.valueOf(EngineSpec.OWW_TRIGGER_STEPS_DEFAULT), true));
                yield new Setting("oww-model", spec.owwModels().getFirst().toString(), null, false);
            }
            case vosk -> new Setting("phrase", spec.phrases().getFirst(), null, false);
        };
        return new TunedSettings(settings, word);
    }

    /**
     * The settings to write into {@code file} beside the sensitivity (those it leaves at run's default where the sweep
     * used another value); a {@link UserError} naming the fix when the file sets one otherwise, or runs another wake word.
     */
    List<Setting> toWrite(Path file) {
        if (!Files.exists(file)) return settings.stream().filter(TunedSettings::differsFromDefault).toList();
        Properties config = ConfigFile.read(file);
        var write = new ArrayList<Setting>();
        for (var s : settings) {
            String set = value(config, s.key());
            if (set == null && s.addable()) {
                if (differsFromDefault(s)) write.add(s);
            } else {
                String runs = Objects.requireNonNullElse(set, s.runDefault());
                if (!same(runs, s.tuned()))
                    throw new UserError("--write-config " + file + ": run there uses " + s.key() + " = " + runs + (set == null ? " (the default)" : "")
                            + ", this sweep measured " + s.tuned() + ", and a sensitivity means something else for each. Fix: tune with --"
                            + s.key() + " " + runs + ", or set " + s.key() + " = " + s.tuned() + " in " + file + " first");
            }
        }
        checkWakeWord(file, value(config, wakeWord.key()));
        return write;
    }

    private void checkWakeWord(Path file, String set) {
        if (set == null) return;
        List<String> named = Arrays.stream(set.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (named.size() > 1)
            throw new UserError("--write-config " + file + ": run there has " + named.size() + " wake words (" + wakeWord.key() + " = " + set
                    + ") and one sensitivity would apply to all of them; this sweep measured one. Fix: set sensitivity = S1,S2,… in "
                    + file + " by hand, one value per wake word in that order");
        if (!sameWakeWord(named.getFirst()))
            throw new UserError("--write-config " + file + ": run there uses " + wakeWord.key() + " = " + named.getFirst() + ", this sweep measured "
                    + wakeWord.tuned() + ". Fix: tune with that wake word, or write to another file");
    }

    /** A template or model is the same when it is the same file or has the same bytes; one not on this machine cannot be told apart. */
    private boolean sameWakeWord(String named) {
        if (wakeWord.key().equals("phrase")) return normalised(named).equals(normalised(wakeWord.tuned()));
        Path there = Path.of(named), tuned = Path.of(wakeWord.tuned());
        if (!Files.isRegularFile(there)) return true;
        try {
            return Files.isSameFile(there, tuned) || Files.mismatch(there, tuned) == -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean differsFromDefault(Setting s) {
        return !same(s.tuned(), s.runDefault());
    }

    /** The same setting: as numbers where both are ("0.2" is "0.20"), else ignoring case. */
    private static boolean same(String a, String b) {
        if (a == null || b == null) return a == b;
        try {
            return Math.abs(Double.parseDouble(a) - Double.parseDouble(b)) < 1e-9;
        } catch (NumberFormatException notNumbers) {
            return a.equalsIgnoreCase(b);
        }
    }

    private static String value(Properties config, String key) {
        String v = config.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String normalised(String phrase) {
        return phrase.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
