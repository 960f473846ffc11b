package dev.wakegate.cli;

import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A configuration cannot weaken a safety setting by accident, and {@code run --check} says exactly what the start
 * says: each hole below is refused with one line naming the fix and exit 1, by {@code --check} and by the real start
 * alike, before anything is opened.
 */
class StartValidationTest {
    @TempDir
    static Path dir;

    /** A name, and the arguments (or a config file's lines) that must be refused, with a piece of the message. */
    record Hole(String name, Function<Path, List<String>> args, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Hole> holes() {
        return Stream.of(
                new Hole("end-silence NaN", d -> List.of("--end-silence", "NaN"), "--end-silence NaN is outside"),
                new Hole("end-silence infinite", d -> List.of("--end-silence", "Infinity"), "--end-silence Infinity is outside"),
                new Hole("min-end-silence NaN", d -> List.of("--min-end-silence", "NaN"), "--min-end-silence NaN is outside"),
                new Hole("max-session NaN", d -> List.of("--max-session", "NaN"), "--max-session NaN is outside"),
                new Hole("max-session huge", d -> List.of("--max-session", "1e9"), "--max-session 1.0E9 is outside"),
                new Hole("refractory NaN", d -> List.of("--refractory", "NaN"), "--refractory NaN is outside"),
                new Hole("mute-after-reply NaN", d -> List.of("--mute-after-reply", "NaN"), "--mute-after-reply NaN is outside"),
                new Hole("alarm-limit NaN", d -> satellite("--alarm-limit", "NaN"), "--alarm-limit NaN is outside"),
                new Hole("alarm-limit of a second", d -> satellite("--alarm-limit", "1"), "--alarm-limit 1.0 is outside"),
                new Hole("uplink-timeout NaN", d -> List.of("--uplink-timeout", "NaN"), "--uplink-timeout NaN is outside"),
                new Hole("sensitivity NaN", d -> List.of("--sensitivity", "NaN"), "--sensitivity NaN is not a number from 0 to 1"),
                new Hole("confirm-sensitivity NaN", d -> List.of("--confirm-sensitivity", "NaN"), "--confirm-sensitivity NaN is not a number from 0 to 1"),
                new Hole("sensitivity above 0.9 without --force", d -> List.of("--sensitivity", "0.95"), "add --force if you mean it"),
                new Hole("mute pin 99", d -> List.of("--mute-pin", "99"), "BCM pin 99 is outside 0-27"),
                new Hole("debounce negative", d -> List.of("--mute-debounce-ms", "-1"), "--mute-debounce-ms -1 is outside"),
                new Hole("audit retention negative", d -> List.of("--audit-retention-days", "-5"), "--audit-retention-days -5 is outside"),
                new Hole("mock mute NaN", d -> List.of("--mock-mute", "20-NaN"), "--mock-mute"),
                new Hole("token file world-writable", d -> token(d, "w", "secret", "rw-----w-"), "readable or writable by group or others"),
                new Hole("token with a carriage return", d -> token(d, "cr", "sec\rret", "rw-------"), "a control character"),
                new Hole("token file of 100 MB", d -> token(d, "big", "x".repeat(100 * 1024 * 1024), "rw-------"), "larger than 4096 bytes"),
                new Hole("a key given twice", d -> config(d, "gpio = mock", "gpio = none"), "the key 'gpio' is given twice"));
    }

    /** A Home Assistant satellite on a free loopback port, with {@code more}. */
    private static List<String> satellite(String... more) {
        var args = new ArrayList<>(List.of("--uplink", "wyoming://127.0.0.1:0", "--no-zeroconf"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> token(Path d, String name, String content, String perms) {
        try {
            Path f = d.resolve("token-" + name);
            if (!Files.exists(f)) Files.writeString(f, content);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            return List.of("--uplink", "https://127.0.0.1:9/listen", "--token-file", f.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> config(Path d, String... lines) {
        try {
            return List.of("--config", Files.writeString(d.resolve("twice.properties"), String.join("\n", lines) + "\n").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holes")
    void isRefusedByCheckAndByTheStartWithTheSameOneLine(Hole hole) throws Exception {
        // given: a configuration that would run, plus the hole
        var base = new ArrayList<>(List.of("run", "--input", TestData.dev(TestData.VOICE, "positives/01.wav").toString(),
                "--model", Engine.heyComputerFile(TestData.VOICE, dir).toString(), "--gpio", "mock", "--uplink", "http://127.0.0.1:9/",
                "--audit-log", dir.resolve("audit-" + hole.name().hashCode() + ".jsonl").toString()));
        var args = hole.args().apply(dir);
        if (args.contains("--uplink")) base.subList(base.indexOf("--uplink"), base.indexOf("--uplink") + 2).clear();
        base.addAll(args);
        var checkArgs = new ArrayList<>(base);
        checkArgs.add("--check");
        // when
        var checked = CliRun.of(checkArgs.toArray(String[]::new));
        var started = CliRun.of(base.toArray(String[]::new));
        // then
        assertEquals(1, checked.exitCode(), "--check: " + checked);
        assertEquals(1, started.exitCode(), "start: " + started);
        assertTrue(checked.err().contains(hole.says()), checked.err());
        assertEquals(1, checked.err().strip().lines().count(), "one line: " + checked.err());
        assertEquals(checked.err(), started.err(), "--check refuses exactly what the start refuses");
        assertFalse(Files.exists(dir.resolve("audit-" + hole.name().hashCode() + ".jsonl")), "nothing was opened");
    }
}
