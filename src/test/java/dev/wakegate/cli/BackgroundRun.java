package dev.wakegate.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.wakegate.testing.JsonLines;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A wakegate command line running in this JVM on a thread of its own ({@code run} as a daemon), whose stdout lines
 * the test can wait for: each {@code --events-json} event is a point in audio time to act at, without sleeping.
 */
final class BackgroundRun implements AutoCloseable {
    private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    BackgroundRun(String... args) {
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(new LineWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        Thread.ofPlatform().name("test-wakegate").daemon().start(() -> {
            try {
                exit.complete(cmd.execute(args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    /** Waits for the next stdout line that is an event of {@code type}; fails the test after {@code timeout}. */
    Map<String, Object> awaitEvent(String type, Duration timeout) throws Exception {
        return awaitEvent(e -> type.equals(e.get("type")), type, timeout);
    }

    Map<String, Object> awaitEvent(Predicate<Map<String, Object>> wanted, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) fail("no " + what + " event within " + timeout + "; stdout so far:\n" + String.join("\n", lines()) + "\nstderr:\n" + err);
            if (!line.startsWith("{")) continue;
            Map<String, Object> event = JSON.std.mapFrom(line);
            if (wanted.test(event)) return event;
        }
    }

    int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    List<Map<String, Object>> events(String type) throws IOException {
        return JsonLines.ofType(JsonLines.parseObjects(lines()), type);
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() throws Exception {
        awaitExit(Duration.ofSeconds(30));
    }

    private final class LineWriter extends Writer {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void write(char[] buf, int off, int len) {
            synchronized (BackgroundRun.this) {
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        String line = partial.toString();
                        partial.setLength(0);
                        lines.add(line);
                        pending.add(line);
                    } else {
                        partial.append(buf[i]);
                    }
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
