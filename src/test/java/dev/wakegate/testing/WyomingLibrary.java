package dev.wakegate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The upstream Wyoming Python library, the one Home Assistant talks to satellites with, at the versions in
 * {@code ../shared/peers}: 1.7.0 (pinned by Home Assistant through 2025) and 1.9 (2026). Test peers written in Python
 * live in {@code src/test/python}.
 */
public enum WyomingLibrary {
    V1_7_0("wyoming-1.7.0"), V1_9("wyoming-1.9");

    private final String folder;

    WyomingLibrary(String folder) {
        this.folder = folder;
    }

    /** The library's folder, for PYTHONPATH. */
    public Path path() {
        return TestData.file("peers/" + folder);
    }

    /** A script of {@code src/test/python}. */
    public static Path script(String name) {
        return Path.of("src/test/python", name).toAbsolutePath();
    }

    /** {@code python3 -u SCRIPT ARGS} with this version of the library on its path; skips the test if python3 is missing. */
    public ProcessBuilder python(String script, String... args) {
        assumeTrue(pythonAvailable(), "SKIPPED: python3 is missing; the upstream Wyoming library runs on it");
        var command = new ArrayList<>(List.of("python3", "-u", script(script).toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command);
        pb.environment().put("PYTHONPATH", path().toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // ../shared is read-only, and the checkout stays clean
        return pb;
    }

    /** Runs a script to its end and returns its standard output; fails with its standard error if it exits non-zero. */
    public String run(String script, String... args) throws IOException, InterruptedException {
        var pb = python(script, args).redirectError(ProcessBuilder.Redirect.PIPE);
        var process = pb.start();
        var err = new java.io.ByteArrayOutputStream();
        var errPump = Thread.ofVirtual().start(() -> {
            try {
                process.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        String out = new String(process.getInputStream().readAllBytes());
        int code = process.waitFor();
        errPump.join();
        if (code != 0) throw new AssertionError(script + " with " + this + " exited " + code + ":\n" + err);
        return out;
    }

    private static boolean pythonAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
            if (Files.isExecutable(Path.of(dir, "python3"))) return true;
        return false;
    }

    @Override
    public String toString() {
        return folder;
    }
}
