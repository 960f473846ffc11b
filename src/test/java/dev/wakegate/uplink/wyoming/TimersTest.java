package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.TimerChange;
import dev.wakegate.uplink.TimerChange.Kind;
import dev.wakegate.uplink.Uplink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Home Assistant's voice timers on the satellite: kept, shown, and a finished one rings until the owner turns to the device. */
class TimersTest {
    private static final Clip BEEP = new Clip("beep", PcmFormat.MIC, new byte[320]);

    /** Records the timer changes the gate would hear. */
    private static final class Changes implements Uplink.ControlListener {
        final LinkedBlockingQueue<TimerChange> changes = new LinkedBlockingQueue<>();

        @Override
        public void paused(boolean paused) {}

        @Override
        public void timer(TimerChange change) {
            changes.add(change);
        }

        TimerChange next() throws InterruptedException {
            var c = changes.poll(10, TimeUnit.SECONDS);
            assertNotNull(c, "no timer change within 10 s");
            return c;
        }
    }

    @Test
    void aFinishedTimerRingsUntilTheWakeWordWhichItNeverDeafensAndNothingIsSentMeanwhile() throws Exception {
        var player = new RecordingPlayer();
        var playback = new RecordingListeners.Signals();
        try (var uplink = TestUplinks.builder().player(player).alarm(new Alarm(BEEP, Duration.ofMillis(100), Duration.ofMinutes(1))).start();
             var ha = FakeHomeAssistant.connect(uplink.address())) {
            var changes = new Changes();
            uplink.onControl(changes);
            uplink.onPlayback(playback);
            ha.send(new WyomingMessage.RunSatellite());

            ha.send(new WyomingMessage.TimerStarted("t1", 600, "pasta", null, 10L, null));
            var started = changes.next();
            assertEquals(new TimerChange("t1", "pasta", Kind.STARTED, 600, true, null), started);

            ha.send(new WyomingMessage.TimerFinished("t1"));
            assertEquals(Kind.RINGING, changes.next().kind());
            awaitPlays(player, 3);

            uplink.interrupt("the wake word");
            var silenced = changes.next();
            assertEquals(new TimerChange("t1", "pasta", Kind.SILENCED, 0, false, "the wake word"), silenced);
            int plays = player.played().size();
            Thread.sleep(350);
            assertTrue(player.played().size() <= plays + 1, "at most the ring already queued plays after the silence");
            assertEquals(List.of(), ha.sync(), "ringing sends nothing to Home Assistant");
            assertEquals(List.of(), playback.drain(), "the detector kept listening through every ring");
        }
    }

    @Test
    void aRingingTimerStopsAtItsLimit() throws Exception {
        var player = new RecordingPlayer();
        try (var uplink = TestUplinks.builder().player(player).alarm(new Alarm(BEEP, Duration.ofMillis(100), Duration.ofMillis(450))).start();
             var ha = FakeHomeAssistant.connect(uplink.address())) {
            var changes = new Changes();
            uplink.onControl(changes);
            ha.send(new WyomingMessage.TimerFinished("unknown-to-us")); // started before we connected: it rings all the same

            assertEquals(Kind.RINGING, changes.next().kind());
            var silenced = changes.next();
            assertEquals(Kind.SILENCED, silenced.kind());
            assertTrue(silenced.detail().startsWith("rang for"), silenced.detail());
            int rings = player.played().size();
            assertTrue(rings >= 3 && rings <= 6, "a ring every 100 ms for 450 ms: " + rings);
        }
    }

    @Test
    void pausedUpdatedAndCancelledTimersAreFollowedAndACancelledOneNeverRings() throws Exception {
        var player = new RecordingPlayer();
        try (var uplink = TestUplinks.builder().player(player).alarm(new Alarm(BEEP, Duration.ofMillis(100), Duration.ofMinutes(1))).start();
             var ha = FakeHomeAssistant.connect(uplink.address())) {
            var changes = new Changes();
            uplink.onControl(changes);
            ha.send(new WyomingMessage.TimerStarted("t2", 1, null, null, null, 1L));
            assertEquals(Kind.STARTED, changes.next().kind());
            ha.send(new WyomingMessage.TimerUpdated("t2", false, 1));
            assertEquals(new TimerChange("t2", null, Kind.UPDATED, 1, false, null), changes.next());
            ha.send(new WyomingMessage.TimerCancelled("t2"));
            assertEquals(Kind.CANCELLED, changes.next().kind());

            Thread.sleep(1000 + Timers.GRACE.toMillis() + 500);
            assertNull(changes.changes.poll(), "a cancelled timer never rings");
            assertEquals(0, player.played().size());
        }
    }

    @Test
    void aTimerWhoseFinishNeverComesRingsByItsOwnCountdown() throws Exception {
        var player = new RecordingPlayer();
        try (var uplink = TestUplinks.builder().player(player).alarm(new Alarm(BEEP, Duration.ofMillis(100), Duration.ofMinutes(1))).start()) {
            var changes = new Changes();
            uplink.onControl(changes);
            try (var ha = FakeHomeAssistant.connect(uplink.address())) {
                ha.send(new WyomingMessage.TimerStarted("t3", 1, "tea", null, null, 1L));
                assertEquals(Kind.STARTED, changes.next().kind());
            } // Home Assistant goes away: it drops timer events for a disconnected satellite

            long start = System.nanoTime();
            var ringing = changes.next();
            assertEquals(new TimerChange("t3", "tea", Kind.RINGING, 0, false, null), ringing);
            double after = (System.nanoTime() - start) / 1e9;
            assertTrue(after > 1 + Timers.GRACE.toSeconds() - 1.5, "rings after its own countdown and the grace: " + after);
            uplink.interrupt("the mute switch");
            assertEquals("the mute switch", changes.next().detail());
        }
    }

    private static void awaitPlays(RecordingPlayer player, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (player.played().size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(player.played().size() >= n, "the alarm played " + player.played().size() + " times");
        for (var p : player.played()) assertEquals(BEEP.pcm().length, p.pcm().length, "the alarm clip, whole");
    }
}
