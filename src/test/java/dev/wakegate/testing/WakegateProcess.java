package dev.wakegate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wakegate's command line in a JVM of its own, for what a test cannot check in this one (files written, signals, crashes). */
public final class WakegateProcess {
    private static final String MAIN = "dev.wakegate.cli.Main";

    private WakegateProcess() {}

    /** {@code java <jvmOptions> -cp <this JVM's class path> dev.wakegate.cli.Main <args>}. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        return command(System.getProperty("java.class.path"), jvmOptions, args);
    }

    /** {@code java <jvmOptions> -cp <classpath> dev.wakegate.cli.Main <args>}, with this JVM's java. */
    public static List<String> command(String classpath, List<String> jvmOptions, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, MAIN));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A wakegate that can only write inside {@code home}: HOME is {@code home}, the working directory {@code home/work},
     * TMPDIR and java.io.tmpdir {@code home/tmp}, and none of the XDG or systemd state and runtime directories is set.
     * stderr goes to stdout.
     */
    public static ProcessBuilder sandboxed(Path home, String... args) throws IOException {
        Path work = Files.createDirectories(home.resolve("work")), tmp = Files.createDirectories(home.resolve("tmp"));
        var pb = new ProcessBuilder(command(List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp), args))
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        for (String dir : List.of("XDG_STATE_HOME", "XDG_RUNTIME_DIR", "RUNTIME_DIRECTORY", "STATE_DIRECTORY")) pb.environment().remove(dir);
        return pb;
    }

    /** How a wakegate process ended: its exit code and its output. */
    public record Ended(int exitCode, String output) {}

    /** Starts {@code pb} and returns how it ended; fails unless it ends within two minutes. */
    public static Ended run(ProcessBuilder pb) throws IOException, InterruptedException {
        var process = pb.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        return new Ended(process.exitValue(), output);
    }

    /** Starts {@code pb} and returns its output; fails unless it exits 0 within two minutes. */
    public static String runToSuccess(ProcessBuilder pb) throws IOException, InterruptedException {
        var ended = run(pb);
        assertEquals(0, ended.exitCode(), ended.output());
        return ended.output();
    }

    /** The regular files under {@code dir}, relative to it. */
    public static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize).toList();
        }
    }
}
