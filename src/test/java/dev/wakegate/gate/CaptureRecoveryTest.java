package dev.wakegate.gate;

import dev.wakegate.audio.AudioInputs;
import dev.wakegate.audio.CaptureThread;
import dev.wakegate.audio.CommandCapture;
import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.detect.DetectionStage;
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
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
        try (var hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, GpioSettings.PI_DEFAULTS.withDebounceMicros(0))) {
            var rig = Rig.start(capture, hw, tmp);
            var gate = rig.gate();
            var events = rig.events();
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
            rig.stop();

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

    @Test
    void aCaptureCommandThatStopsDeliveringIsAnErrorWithinFiveSecondsAndComesBack(@TempDir Path tmp) throws Exception {
        // given: a command that delivers 0.5 s of audio and then hangs without writing (a stalled microphone)
        var capture = new CommandCapture("bash -c 'head -c 16000 /dev/urandom; sleep 100000'", AudioInputs.RawFormat.DEFAULT, InputFormat.DOWNMIX);
        try (var hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, GpioSettings.PI_DEFAULTS.withDebounceMicros(0))) {
            var rig = Rig.start(capture, hw, tmp);
            var pipeline = rig.pipeline();
            var events = rig.events();
            // when: the half second is delivered (at once: a pipe), then nothing
            long started = System.nanoTime();
            long errorAt = -1, recoveredAt = -1;
            boolean unhealthyWhileStalled = false;
            while (recoveredAt < 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15)) {
                long now = System.nanoTime();
                if (errorAt < 0 && !pipeline.healthy(now, TimeUnit.SECONDS.toNanos(1)) && now - started > TimeUnit.SECONDS.toNanos(1))
                    unhealthyWhileStalled = true;
                if (errorAt < 0 && events.stream().anyMatch(e -> e instanceof GateEvent.Error)) errorAt = now;
                if (recoveredAt < 0 && events.stream().anyMatch(e -> e instanceof GateEvent.Recovered)) recoveredAt = now;
                Thread.sleep(5);
            }
            rig.stop();
            // then: ERROR within 5 s of the last audio, the watchdog unfed while stalled, and back when audio returns
            assertTrue(errorAt > 0, "the stall is an error: " + events);
            assertTrue(errorAt - started < TimeUnit.SECONDS.toNanos(5), "within 5 s: " + (errorAt - started) / 1_000_000 + " ms");
            var error = events.stream().filter(e -> e instanceof GateEvent.Error).map(e -> (GateEvent.Error) e).findFirst().orElseThrow();
            assertTrue(error.reason().contains("delivered no audio"), error.toString());
            assertTrue(unhealthyWhileStalled, "the watchdog is not fed while the microphone is stalled");
            assertTrue(recoveredAt > errorAt, "the capture came back when the command delivered audio again: " + events);
        }
    }

    /** A gate and its pipeline fed by {@code capture}, running on their own threads, with what they report. */
    private record Rig(Gate gate, Pipeline pipeline, LinkedBlockingQueue<Control> controls, List<GateEvent> events, Thread runner) {
        static Rig start(CommandCapture capture, Hardware hw, Path tmp) {
            var controls = new LinkedBlockingQueue<Control>();
            var events = new CopyOnWriteArrayList<GateEvent>();
            var gate = GateTest.newGate(new AudioRing(8 * Pcm.SAMPLE_RATE), new GateTest.ScriptedDetector(), new GateTest.AlwaysConfirms(),
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
            return new Rig(gate, pipeline, controls, events, runner);
        }

        void stop() throws InterruptedException {
            controls.add(new Control.Stop());
            runner.join(3000);
        }
    }
}
