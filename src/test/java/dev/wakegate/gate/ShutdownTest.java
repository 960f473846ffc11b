package dev.wakegate.gate;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service stop (SIGTERM) in the middle of a session: the daemon ends it, audits it and darkens the LED before the JVM exits. */
class ShutdownTest {

    @Test
    void sigtermMidSessionEndsAndAuditsTheStreamAndTurnsTheStreamLedOffBeforeExiting(@TempDir Path home) throws Exception {
        Path template = Engine.heyComputerFile("flite_slt", home);
        var wake = Labels.streamWakes("flite_slt").get(0);
        short[] stream = TestData.samples(Labels.streamWav("flite_slt"));
        int upToCommand = (int) ((wake.end() + 1.5) * 16_000); // the wake word and part of the command; then the mic "hangs"
        try (var server = new LoopbackReceiver()) {
            var process = new ProcessBuilder(WakegateProcess.command(List.of("-XX:-UsePerfData"),
                    "run", "--input", "-", "--model", template.toString(), "--uplink", server.uri().toString(), "--gpio", "mock",
                    "--audit-log", home.resolve("audit.jsonl").toString(), "--events-json"))
                    .redirectError(home.resolve("stderr.txt").toFile()).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            var streamStarted = new CompletableFuture<Void>();
            var reader = Thread.ofPlatform().daemon().start(() -> readLines(process, lines, streamStarted));
            try (OutputStream mic = process.getOutputStream()) {
                mic.write(WavFixtures.s16(Arrays.copyOf(stream, upToCommand)));
                mic.flush();
                streamStarted.get(60, TimeUnit.SECONDS);
                // when: systemd stops the service while audio is leaving
                process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
                assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the daemon exits on SIGTERM");
            }
            reader.join(5_000);
            var events = JsonLines.parseObjects(lines);
            var ends = JsonLines.ofType(events, "stream-end");
            assertEquals(1, ends.size(), "the open session is ended and reported: " + lines + Files.readString(home.resolve("stderr.txt")));
            assertEquals("shutdown", ends.get(0).get("reason"));
            var streamLed = JsonLines.ofType(events, "led").stream().filter(e -> "stream".equals(e.get("led"))).toList();
            assertFalse(streamLed.isEmpty(), "the stream LED was lit while sending: " + lines);
            assertEquals(false, streamLed.get(streamLed.size() - 1).get("on"), "the stream LED is off when the daemon exits: " + lines);
            assertEquals(1, Files.readAllLines(home.resolve("audit.jsonl")).size(), "the interrupted upload is in the audit log");
        }
    }

    private static void readLines(Process process, List<String> lines, CompletableFuture<Void> streamStarted) {
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.contains("\"stream-start\"")) streamStarted.complete(null);
            }
        } catch (Exception e) {
            streamStarted.completeExceptionally(e);
        }
        streamStarted.completeExceptionally(new AssertionError("no session started: " + lines));
    }
}
