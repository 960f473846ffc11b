package dev.wakegate.cli;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WakegateProcess;
import dev.wakegate.testing.WavFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The systemd watchdog is fed only while the daemon does its job: a daemon whose uplink is wedged (a server that
 * stopped reading) stops feeding it, so systemd would restart it. systemd is played by a datagram socket that python3
 * binds as NOTIFY_SOCKET, with WATCHDOG_USEC of 1 s (a ping every half second).
 */
class WatchdogTest {
    @TempDir
    Path tmp;

    @Test
    void aWedgedUplinkStopsTheWatchdogPingsUntilTheSessionIsFailed() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "SKIPPED: python3 is missing; it plays systemd's notify socket here");
        // given: a wake phrase and a command, then quiet; a server that accepts and never reads
        var p = dev.wakegate.testing.Labels.positive(TestData.VOICE, "04.wav");
        short[] positive = TestData.samples(TestData.dev(TestData.VOICE, "positives/04.wav"));
        short[] quiet = Signals.pinkNoise(3, 8 * 16_000, -60);
        short[] input = new short[positive.length + quiet.length];
        System.arraycopy(positive, 0, input, 0, positive.length);
        System.arraycopy(quiet, 0, input, positive.length, quiet.length);
        Path wav = WavFixtures.internal(input).writeTo(tmp, "wake-then-quiet.wav");
        Path notify = tmp.resolve("notify");
        var systemd = new ProcessBuilder("python3", "-u", "-c", String.join("\n",
                "import socket, sys, time",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "s.bind(sys.argv[1])",
                "print('bound', flush=True)",
                "while True:",
                "    m = s.recv(4096).decode()",
                "    print(f'{time.monotonic():.3f} ' + m.replace(chr(10), ' '), flush=True)"), notify.toString())
                .redirectErrorStream(true).start();
        try (var stalled = new ServerSocket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Socket> held = new ArrayList<>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) held.add(stalled.accept());
                } catch (java.io.IOException ignored) {
                    // closed at the end of the test
                }
            });
            var out = new BufferedReader(new InputStreamReader(systemd.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("bound", out.readLine());
            List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(heard::add));
            // when: the daemon runs under "systemd"
            var pb = WakegateProcess.sandboxed(tmp.resolve("home"), "run", "--input", wav.toString(), "--realtime",
                    "--model", Engine.heyComputerFile(TestData.VOICE, tmp).toString(), "--gpio", "mock", "--events-json",
                    "--uplink", "http://127.0.0.1:" + stalled.getLocalPort() + "/", "--audit-log", tmp.resolve("audit.jsonl").toString());
            pb.environment().put("NOTIFY_SOCKET", notify.toString());
            pb.environment().put("WATCHDOG_USEC", "1000000");
            String events = WakegateProcess.runToSuccess(pb);
            List<Double> pings = new ArrayList<>();
            boolean ready = false;
            for (String line : heard) {
                if (line.contains("READY=1")) ready = true;
                if (line.contains("WATCHDOG=1")) pings.add(Double.parseDouble(line.split(" ")[0]));
            }
            // then
            assertTrue(ready, "READY=1 was sent");
            assertTrue(events.contains("\"detail\": \"stalled"), "the wedged session was failed as stalled: " + events);
            double longestGap = 0;
            for (int i = 1; i < pings.size(); i++) longestGap = Math.max(longestGap, pings.get(i) - pings.get(i - 1));
            double normalGap = pings.size() > 2 ? pings.get(1) - pings.get(0) : 0;
            assertTrue(normalGap < 0.8, "fed every half second while healthy: " + pings);
            assertTrue(longestGap >= 1.5, "not fed while the uplink was wedged (longest gap " + longestGap + " s): " + pings);
            assertTrue(pings.getLast() - pings.getFirst() > longestGap, "fed again once the stalled session was failed: " + pings);
            for (var s : held) s.close();
        } finally {
            systemd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
