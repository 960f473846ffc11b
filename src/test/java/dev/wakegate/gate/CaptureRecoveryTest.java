package dev.wakegate.gate;

import dev.wakegate.audio.AudioInputs;
import dev.wakegate.audio.CaptureThread;
import dev.wakegate.audio.CommandCapture;
import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.detect.DetectionStage;
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.pi4j.Pi4jHardware;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.vad.EnergyVad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A capture that fails puts the gate in ERROR, blinks the mute LED, and comes back by itself: no restart needed. */
class CaptureRecoveryTest {

    @Test
    void aCaptureCommandThatExitsIsRestartedWithBackOffAndTheGateRecovers(@TempDir Path tmp) throws Exception {
        // given: a capture command that delivers half a second of sound and exits, like an unplugged microphone
        var capture = new CommandCapture("head -c 16000 /dev/urandom", AudioInputs.RawFormat.DEFAULT, InputFormat.DOWNMIX);
        var controls = new LinkedBlockingQueue<Control>();
        var events = new CopyOnWriteArrayList<GateEvent>();
        try (var hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, GpioSettings.PI_DEFAULTS.withDebounceMicros(0))) {
            var ring = new AudioRing(8 * Pcm.SAMPLE_RATE);
            var gate = GateTest.newGate(ring, new GateTest.ScriptedDetector(), new GateTest.AlwaysConfirms(),
                    new GateTest().new RecordingUplink(), hw, new AuditLog(tmp.resolve("a.jsonl"), Duration.ofDays(1), Clock.systemUTC()),
                    GateSettings.DEFAULT, events::add, controls::add);
            var thread = new CaptureThread(capture, Pipeline.captureReports(controls));
            var pipeline = new Pipeline(gate, thread, hw.mute(), controls, i -> {}, GateSettings.DEFAULT);
            Thread.ofPlatform().name("test-capture").daemon().start(thread);
            var runner = Thread.ofPlatform().name("test-pipeline").daemon().start(() -> {
                try {
                    pipeline.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // when: the command ends twice (back-off 1 s, then 2 s)
            long started = System.nanoTime();
            List<Long> recoveries = new ArrayList<>();
            boolean sawBlink = false;
            while (recoveries.size() < 2 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20)) {
                if (gate.state() instanceof GateState.Error && hw.muteLed().isOn()) sawBlink = true;
                long recovered = events.stream().filter(e -> e instanceof GateEvent.Recovered).count();
                if (recovered > recoveries.size()) recoveries.add(System.nanoTime());
                Thread.onSpinWait();
            }
            controls.add(new Control.Stop());
            runner.join(3000);

            // then: an error, the LED blinking, and recovery each time, with growing back-off
            long errors = events.stream().filter(e -> e instanceof GateEvent.Error).count();
            assertTrue(errors >= 2, "each exit of the command is an error: " + events);
            assertEquals(2, recoveries.size(), "the capture came back by itself, twice: " + events);
            assertTrue(sawBlink, "the mute LED blinks while capture is failing");
            assertTrue(recoveries.get(1) - recoveries.get(0) > TimeUnit.MILLISECONDS.toNanos(1800), "the second retry waited longer (back-off)");
            assertTrue(events.stream().anyMatch(e -> e instanceof GateEvent.StateChanged s && s.to().equals("ERROR")));
            assertTrue(events.stream().anyMatch(e -> e instanceof GateEvent.StateChanged s && s.from().equals("ERROR") && s.to().equals("LISTENING")));
        }
    }
}
