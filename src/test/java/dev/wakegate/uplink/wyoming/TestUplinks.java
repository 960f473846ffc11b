package dev.wakegate.uplink.wyoming;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Builds uplinks bound to 127.0.0.1 on a free port, without zeroconf. */
public final class TestUplinks {
    static final String WORD = "hey-computer";
    static final SatelliteInfo SATELLITE = new SatelliteInfo("Test Kitchen", "Kitchen", List.of(WORD), "test");

    private Player player = new RecordingPlayer();
    private boolean cues;
    private AllowList allow = AllowList.loopback();
    private Pairing pairing = Pairing.none();
    private Duration replyTimeout = Duration.ofSeconds(15);
    private PipelineStage end = PipelineStage.TTS;
    private int queueFrames = 256;
    private Alarm alarm = Alarm.bundled();
    private Duration pingInterval = Duration.ofSeconds(2), pongTimeout = Duration.ofSeconds(5), slot = Duration.ofSeconds(5),
            frame = Duration.ofSeconds(5);
    private int maxConnections = 16, maxPerAddress = 2;

    public static TestUplinks builder() {
        return new TestUplinks();
    }

    TestUplinks player(Player p) { player = p; return this; }
    TestUplinks withCues() { cues = true; return this; }
    TestUplinks allow(String... entries) { allow = AllowList.parse(List.of(entries)); return this; }
    public TestUplinks replyTimeout(Duration d) { replyTimeout = d; return this; }
    TestUplinks end(PipelineStage s) { end = s; return this; }
    TestUplinks queueFrames(int n) { queueFrames = n; return this; }
    TestUplinks liveness(Duration ping, Duration pong) { pingInterval = ping; pongTimeout = pong; return this; }
    TestUplinks slotDeadline(Duration d) { slot = d; return this; }
    TestUplinks frameDeadline(Duration d) { frame = d; return this; }
    TestUplinks pairing(Pairing p) { pairing = p; return this; }
    TestUplinks connections(int max, int perAddress) { maxConnections = max; maxPerAddress = perAddress; return this; }
    TestUplinks alarm(Alarm a) { alarm = a; return this; }

    public WyomingUplink start() throws IOException {
        var bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        var settings = new WyomingServer.Settings(bind, allow, pairing, FrameLimits.DEFAULT, queueFrames, pingInterval, pongTimeout, slot,
                frame, maxConnections, maxPerAddress);
        var speaker = new Speaker(player);
        var cueSet = cues ? new Cues(speaker, Cues.bundled("awake"), Cues.bundled("done")) : new Cues(speaker, null, null);
        return WyomingUplink.start(new WyomingUplink.Config(SATELLITE, end, settings, replyTimeout, Discovery.Settings.OFF, alarm), speaker, cueSet);
    }
}
