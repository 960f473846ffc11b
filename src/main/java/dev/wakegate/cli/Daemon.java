package dev.wakegate.cli;

import dev.wakegate.audio.Capture;
import dev.wakegate.audio.CaptureThread;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.control.ControlHandler;
import dev.wakegate.control.ControlServer;
import dev.wakegate.control.StatusBoard;
import dev.wakegate.detect.FrontEnd;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.gate.Control;
import dev.wakegate.gate.Gate;
import dev.wakegate.gate.GateEvent;
import dev.wakegate.gate.GateSettings;
import dev.wakegate.gate.Pipeline;
import dev.wakegate.hw.Hardware;
import dev.wakegate.internal.SystemdNotify;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.uplink.TimerChange;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.vad.EnergyVad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** Wires the stages of the gate together and runs it to the end of the input (or a stop): the composition root of {@code run} and {@code demo}. */
final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** Enough for the context before a wake word, the word, and the audio until the uplink opens. */
    static final int RING_SECONDS = 8;

    record Parts(Capture capture, WakeDetector detector, Confirmer confirmer, Uplink uplink, Hardware hardware, AuditLog audit,
                 GateSettings settings, Consumer<GateEvent> events, LongConsumer mockSchedule) {}

    /** What a run did. */
    record Summary(double secondsHeard, int sessions, long bytesSent) {}

    private final BlockingQueue<Control> controls = new LinkedBlockingQueue<>();
    private Path controlSocket;

    /** Queues a control for the pipeline (a control socket, a shutdown hook). */
    void post(Control c) {
        controls.add(c);
    }

    /** Serves a control socket at {@code socket} while running (null: none); see {@link ControlHandler}. */
    void controlSocket(Path socket) {
        this.controlSocket = socket;
    }

    @SuppressWarnings("try") // the control socket lives exactly as long as the run, unreferenced
    Summary run(Parts p) throws InterruptedException {
        var board = new StatusBoard(p.detector().words(), p.detector()::sensitivity);
        try (var control = controlSocket == null ? null : ControlServer.open(controlSocket, new ControlHandler(board, this::post, PairingControls.of(p.uplink()))::handle)) {
            return run(p, board);
        }
    }

    private Summary run(Parts p, StatusBoard board) throws InterruptedException {
        var counter = new SessionCounter(board.andThen(p.events()));
        var ear = new FrontEnd(new AudioRing(RING_SECONDS * Pcm.SAMPLE_RATE), new EnergyVad(), List.of(p.detector()),
                p.settings().deafAfterPlaySeconds());
        var gate = new Gate(ear, p.confirmer(), p.uplink(), p.hardware(), p.audit(), p.settings(), counter, controls::add);
        var capture = new CaptureThread(p.capture(), Pipeline.captureReports(controls));
        var pipeline = new Pipeline(gate, capture, p.hardware().mute(), controls, p.mockSchedule(), p.settings());
        p.uplink().onControl(new Uplink.ControlListener() {
            @Override
            public void paused(boolean paused) {
                controls.add(new Control.PauseChanged(paused, "server", p.uplink().destination()));
            }

            @Override
            public void timer(TimerChange change) {
                controls.add(new Control.TimerChanged(change));
            }

            @Override
            public void paired(String address, String openedBy) {
                controls.add(new Control.ServerPaired(address, openedBy));
            }
        });
        var housekeeping = housekeeping(p.audit());
        Thread captureThread = Thread.ofPlatform().name("wg-capture").daemon().start(capture);
        var systemd = SystemdNotify.fromEnvironment();
        if (systemd != null) {
            systemd.send("READY=1\nSTATUS=listening");
            long every = SystemdNotify.watchdogIntervalMillis();
            if (every > 0) housekeeping.scheduleAtFixedRate(() -> { // only while the daemon does its job: a wedged one gets restarted
                if (pipeline.healthy(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(every))) systemd.send("WATCHDOG=1");
            }, every, every, TimeUnit.MILLISECONDS);
        }
        String name = Thread.currentThread().getName();
        Thread.currentThread().setName("wg-pipeline");
        try {
            pipeline.run();
        } finally {
            Thread.currentThread().setName(name);
            housekeeping.shutdownNow();
            capture.stop();
            captureThread.join(1000);
            if (systemd != null) systemd.send("STOPPING=1");
        }
        return new Summary(pipeline.secondsHeard(), counter.sessions, counter.bytes);
    }

    /** Retention of the audit log: at start and daily. */
    private static ScheduledExecutorService housekeeping(AuditLog audit) {
        var exec = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("wg-housekeeping").daemon().unstarted(r));
        int dropped = audit.enforceRetention();
        if (dropped > 0) log.info("audit log: {} entries past retention deleted", dropped);
        exec.scheduleAtFixedRate(audit::enforceRetention, 1, 1, TimeUnit.DAYS);
        return exec;
    }

    /** Passes events on and counts sessions and bytes that left. */
    private static final class SessionCounter implements Consumer<GateEvent> {
        final Consumer<GateEvent> next;
        int sessions;
        long bytes;

        SessionCounter(Consumer<GateEvent> next) {
            this.next = next;
        }

        @Override
        public void accept(GateEvent e) {
            if (e instanceof GateEvent.StreamEnded s) {
                sessions++;
                bytes += s.bytes();
            }
            next.accept(e);
        }
    }
}
