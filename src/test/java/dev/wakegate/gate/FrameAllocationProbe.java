package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.TemplateConfirmer;
import dev.wakegate.detect.FrontEnd;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.hw.NoHardware;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.vad.EnergyVad;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Run in a JVM of its own with the daemon's options (see {@link FrameAllocationTest}): builds the gate as the daemon
 * does (front end, template detector, template confirmation) and prints the bytes the pipeline thread allocates per
 * 10 000 frames fed to it, after warm-up: "room B" over steady room noise, "speech B" over ordinary speech with no
 * wake word (LibriSpeech), "speech dips N" the distance dips the detector re-scored meanwhile.
 */
public final class FrameAllocationProbe {
    static final int FRAMES = 10_000, WARM_UP_FRAMES = 30_000;

    public static void main(String[] args) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        var template = Engine.heyComputer(TestData.VOICE);
        var detector = Engine.detector(template, 0.5);
        var ear = new FrontEnd(new AudioRing(8 * Pcm.SAMPLE_RATE), new EnergyVad(), List.of(detector), 0.5);
        var audit = new AuditLog(Files.createTempDirectory("alloc").resolve("audit.jsonl"), Duration.ofDays(1), Clock.systemUTC());
        var gate = new Gate(ear, new TemplateConfirmer(List.of(template), Sensitivity.of(0.3)), new NoUplink(), NoHardware.create(), audit,
                GateSettings.DEFAULT, e -> {}, c -> {});
        gate.start(false);
        short[] room = Signals.pinkNoise(9, 4 * Pcm.SAMPLE_RATE, -50);
        short[] speech = TestData.samples(TestData.file("real/librispeech/1034-121119-0000.wav"));
        long[] index = {0};
        short[] frame = new short[Pcm.FRAME_SAMPLES];
        for (int i = 0; i < WARM_UP_FRAMES; i++) feed(gate, i < WARM_UP_FRAMES / 2 ? speech : room, frame, index);
        for (short[] audio : List.of(room, speech)) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < FRAMES; i++) feed(gate, audio, frame, index);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println((audio == room ? "room" : "speech") + " " + allocated + " B");
        }
        System.out.println("state " + gate.state().label());
    }

    private static void feed(Gate gate, short[] audio, short[] frame, long[] index) {
        int frames = audio.length / Pcm.FRAME_SAMPLES;
        System.arraycopy(audio, (int) (index[0] % frames) * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
        gate.onFrame(frame, index[0]++);
    }

    /** An uplink that is never opened: ordinary speech must not reach it. */
    private static final class NoUplink implements Uplink {
        @Override
        public String destination() {
            return "nowhere";
        }

        @Override
        public Session open(SessionRequest request, SessionListener listener) {
            listener.ended(new SessionOutcome(request.id(), SessionOutcome.Status.NO_SERVER, 0, "probe", null));
            throw new IllegalStateException("ordinary speech opened a session");
        }
    }
}
