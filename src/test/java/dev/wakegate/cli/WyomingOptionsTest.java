package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The Wyoming options as `run` will mix them in, and the uplink they build. */
class WyomingOptionsTest {
    @Command(name = "run")
    static final class Run {
        @Mixin
        WyomingOptions wyoming;
    }

    private static WyomingOptions parse(String... args) {
        var run = new Run();
        new CommandLine(run).parseArgs(args);
        return run.wyoming;
    }

    @Test
    void buildsAListeningUplinkFromTheOptions() throws Exception {
        var options = parse("--allow", "10.0.0.0/8,127.0.0.1", "--satellite-name", "Kitchen", "--area", "Kitchen",
                "--pipeline-end", "handle", "--no-zeroconf", "--awake-wav", "none", "--done-wav", "none",
                "--mute-after-reply", "1.5", "--play-command", "aplay -q -r {rate} -c {channels} -f S16_LE -t raw");
        assertEquals(Duration.ofMillis(1500), options.muteAfterReply());
        try (var uplink = options.build(URI.create("wyoming://127.0.0.1:0"), List.of("hey-computer"), "test")) {
            assertTrue(uplink.address().getPort() > 0);
            var outcome = new CompletableFuture<SessionOutcome>();
            uplink.open(new SessionRequest(1, "hey-computer", 1, 1, 0), outcome::complete);
            assertEquals(SessionOutcome.Status.NO_SERVER, outcome.get(5, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void defaultsSuitAHomeAssistantSatellite() {
        var options = parse();
        assertEquals("wakegate", options.name);
        assertEquals(WyomingOptions.PipelineEnd.tts, options.pipelineEnd);
        assertEquals(Duration.ofMillis(500), options.muteAfterReply());
        assertFalse(options.noZeroconf);
        assertTrue(options.allow.isEmpty(), "empty means the private ranges");
        assertEquals(new InetSocketAddress("0.0.0.0", 10700), WyomingOptions.bindAddress(URI.create("wyoming://0.0.0.0")));
        assertEquals(new InetSocketAddress("::1", 10701), WyomingOptions.bindAddress(URI.create("wyoming://[::1]:10701")));
    }

    @Test
    void badAddressesAndOptionsAreOneLineUserErrors() throws Exception {
        for (String uri : List.of("tcp://0.0.0.0:10700", "wyoming:0.0.0.0", "wyoming://0.0.0.0:10700/x", "wyoming://0.0.0.0:10700?a=1", "wyoming:///"))
            assertThrows(UserError.class, () -> WyomingOptions.bindAddress(URI.create(uri)), uri);

        var e = assertThrows(UserError.class, () -> parse("--allow", "homeassistant.local", "--no-zeroconf")
                .build(URI.create("wyoming://127.0.0.1:0"), List.of("w"), "t"));
        assertTrue(e.getMessage().startsWith("--allow 'homeassistant.local' is not an IP address"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix:"));

        e = assertThrows(UserError.class, () -> parse("--play-command", "aplay -r {hz}", "--no-zeroconf")
                .build(URI.create("wyoming://127.0.0.1:0"), List.of("w"), "t"));
        assertTrue(e.getMessage().startsWith("--play-command"), e.getMessage());

        e = assertThrows(UserError.class, () -> parse("--awake-wav", "/nonexistent/awake.wav", "--no-zeroconf")
                .build(URI.create("wyoming://127.0.0.1:0"), List.of("w"), "t"));
        assertTrue(e.getMessage().startsWith("--awake-wav /nonexistent/awake.wav: no such file"), e.getMessage());

        assertThrows(UserError.class, () -> parse("--mute-after-reply", "-1").muteAfterReply());

        try (var taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var uri = URI.create("wyoming://127.0.0.1:" + taken.getLocalPort());
            e = assertThrows(UserError.class, () -> parse("--no-zeroconf", "--awake-wav", "none", "--done-wav", "none")
                    .build(uri, List.of("w"), "t"));
            assertTrue(e.getMessage().contains("cannot listen") && e.getMessage().contains("Fix:"), e.getMessage());
        }
    }
}
