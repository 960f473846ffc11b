package dev.wakegate.gate;

import dev.wakegate.audio.CaptureThread;
import dev.wakegate.audio.Pcm;
import dev.wakegate.hw.MuteSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * {@code wg-pipeline}: the one thread that changes gate state. Before every frame it applies queued controls
 * (mute, pause, uplink outcomes, capture failures) and reads the switch itself, so a mute takes effect before
 * the next 10 ms of audio even if a GPIO event were lost. The switch is also heard at once on its own thread: a
 * mute stops sending and capturing there, before the pipeline applies it.
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final long IDLE_POLL_MS = 10;
    private static final long OUTCOME_WAIT_MS = 60_000;
    /** File input while streaming: how long a frame may wait for the uplink to send what it holds, polled this often. */
    private static final long BACKLOG_WAIT_MS = 5_000, BACKLOG_POLL_MS = 1;
    /** Live input that ended (a command exited, stdin closed): how long the last session's outcome is awaited. */
    private static final long LIVE_OUTCOME_WAIT_MS = 5_000;
    /** At exit, how long an aborted session's uplink gets to report what it sent, for the event and the audit log. */
    private static final long ABORT_OUTCOME_WAIT_MS = 2_000;

    private final Gate gate;
    private final CaptureThread capture;
    private final MuteSwitch muteSwitch;
    private final BlockingQueue<Control> controls;
    private final LongConsumer beforeFrame;
    private final GateSettings settings;
    private long lastIndex = -1;
    private boolean stopping;
    private volatile long heartbeat = System.nanoTime();

    /**
     * Connects the switch: from now on a mute reaches the capture and any open session at once, on the switch's thread.
     *
     * @param beforeFrame called with each frame's index before it is applied (drives a simulated switch); may be a no-op
     */
    public Pipeline(Gate gate, CaptureThread capture, MuteSwitch muteSwitch, BlockingQueue<Control> controls, LongConsumer beforeFrame,
                    GateSettings settings) {
        this.gate = gate;
        this.capture = capture;
        this.muteSwitch = muteSwitch;
        this.controls = controls;
        this.beforeFrame = beforeFrame;
        this.settings = settings;
        muteSwitch.onChange(muted -> {
            // queued first: the aborted session's outcome (queued by the uplink) must reach the pipeline after the mute
            controls.add(new Control.MuteChanged(muted));
            if (muted) { // stop sending and capturing at once, on the hardware thread; the pipeline follows
                gate.hardwareMuteNow();
                capture.setMuted(true);
            }
        });
        capture.setMuted(muteSwitch.muted()); // the switch is read before the first sample
    }

    /** Where a capture thread reports failures and recoveries: as controls for this pipeline. */
    public static CaptureThread.Listener captureReports(BlockingQueue<Control> controls) {
        return new CaptureThread.Listener() {
            @Override
            public void failed(String reason) {
                controls.add(new Control.CaptureFailed(reason));
            }

            @Override
            public void restored(String detail) {
                controls.add(new Control.CaptureRestored(detail));
            }
        };
    }

    /** Runs until the input ends or a {@link Control.Stop}; returns the number of frames heard. */
    public long run() throws InterruptedException {
        gate.start(readSwitch());
        capture.setMuted(gate.hardwareMuted());
        while (!stopping) {
            heartbeat = System.nanoTime();
            applyControls();
            CaptureThread.Frame frame = capture.poll(IDLE_POLL_MS);
            if (frame == null) {
                syncSwitch();
                long now = System.nanoTime();
                capture.checkStall(now);
                gate.tick(now);
                continue;
            }
            if (frame.index < 0) break;
            try {
                process(frame);
            } finally {
                capture.recycle(frame);
            }
            if (settings.waitForUplink()) awaitOutcome();
        }
        finish();
        return lastIndex + 1;
    }

    private void process(CaptureThread.Frame frame) {
        beforeFrame.accept(frame.index);
        applyControls();
        syncSwitch();
        lastIndex = frame.index;
        if (gate.acceptsAudio()) gate.onFrame(frame.samples, frame.index);
        else gate.onSkippedFrame(frame.index);
    }

    private boolean readSwitch() {
        return muteSwitch.muted();
    }

    /** The switch is the truth: if it disagrees with the gate, the gate follows it. */
    private void syncSwitch() {
        boolean m;
        try {
            m = readSwitch();
        } catch (RuntimeException e) {
            log.error("the mute switch cannot be read ({}); treating as muted", e.getMessage());
            m = true;
        }
        applyMute(m);
    }

    /** The gate follows the switch if it does not already. */
    private void applyMute(boolean muted) {
        if (muted == gate.hardwareMuted()) return;
        if (muted) gate.hardwareMuteNow();
        capture.setMuted(muted);
        gate.onMute(muted);
    }

    private void applyControls() {
        Control c;
        while ((c = controls.poll()) != null) apply(c);
    }

    private void apply(Control c) {
        switch (c) {
            case Control.MuteChanged m -> applyMute(m.muted());
            case Control.Stop s -> stopping = true;
            default -> deliver(gate, c);
        }
    }

    /**
     * Hands {@code gate} a control that concerns the gate alone: every one but the switch (which the pipeline also
     * applies to the capture) and stop (which ends the pipeline).
     */
    public static void deliver(Gate gate, Control c) {
        switch (c) {
            case Control.PauseChanged p -> gate.onPause(p.paused(), p.by(), p.requester());
            case Control.SessionReady r -> gate.onSessionReady(r.session(), r.peer());
            case Control.SessionStoppedByServer s -> gate.onSessionStoppedByServer(s.session(), s.why());
            case Control.SessionDrained d -> gate.onSessionDrained(d.session());
            case Control.SessionEnded s -> gate.onSessionEnded(s.outcome());
            case Control.CaptureFailed f -> gate.onCaptureFailed(f.reason());
            case Control.CaptureRestored r -> gate.onCaptureRestored(r.detail());
            case Control.SetSensitivity s -> gate.onSensitivity(s.word(), s.sensitivity(), s.by());
            case Control.Playback p -> gate.onPlayback(p.playing());
            case Control.TimerChanged t -> gate.onTimer(t.change());
            case Control.ServerPaired p -> gate.onPaired(p.address(), p.openedBy());
            case Control.MuteChanged m -> gate.onMute(m.muted());
            case Control.Stop s -> { }
        }
    }

    /**
     * File input as fast as possible: while streaming, each frame is handed to the network before the next is
     * read (as a microphone's pace would allow); after a session, the audio waits for its outcome. So audio
     * time, events and what the server receives stay in step.
     */
    private void awaitOutcome() throws InterruptedException {
        if (!gate.session().open()) return;
        if (gate.state() instanceof GateState.Confirmed) // connecting: the audio waits for the uplink, as a microphone's would not
            applyControlsWhile(() -> gate.state() instanceof GateState.Confirmed && gate.session().open(), OUTCOME_WAIT_MS, BACKLOG_POLL_MS);
        if (gate.state() instanceof GateState.Streaming)
            applyControlsWhile(() -> gate.session().backlog() > 0 && gate.session().open(), BACKLOG_WAIT_MS, BACKLOG_POLL_MS);
        else awaitSessionEnd(OUTCOME_WAIT_MS);
    }

    /** End of input: the last session is finished (or aborted) and its outcome awaited briefly. */
    private void finish() throws InterruptedException {
        if (gate.state() instanceof GateState.Streaming) log.info(stopping ? "stopping during a session" : "input ended during a session");
        if (!stopping) {
            gate.endOfInput();
            if (gate.session().open()) awaitSessionEnd(settings.waitForUplink() ? OUTCOME_WAIT_MS : LIVE_OUTCOME_WAIT_MS);
        }
        gate.shutdown();
        awaitSessionEnd(ABORT_OUTCOME_WAIT_MS);
        gate.closeUnreportedSession();
        capture.stop();
    }

    /** Applies controls (the uplink's outcome among them) until no session is open or the time is up. */
    private void awaitSessionEnd(long millis) throws InterruptedException {
        applyControlsWhile(() -> gate.session().open(), millis, IDLE_POLL_MS);
    }

    /** Applies controls as they arrive, polling every {@code pollMs}, while {@code condition} holds, for at most {@code millis}. */
    private void applyControlsWhile(BooleanSupplier condition, long millis, long pollMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (condition.getAsBoolean() && System.nanoTime() < deadline) {
            Control c = controls.poll(pollMs, TimeUnit.MILLISECONDS);
            if (c != null) apply(c);
        }
    }

    /**
     * Whether the daemon is doing its job, for the systemd watchdog (called on another thread): the loop went round
     * within {@code withinNanos}, audio flows (or is meant not to: muted, a capture being re-opened), and no session's
     * uplink has been stuck writing for that long. A wedged daemon stops being fed, and systemd restarts it.
     */
    public boolean healthy(long nanoTime, long withinNanos) {
        return nanoTime - heartbeat < withinNanos && capture.flowing(nanoTime) && gate.session().stalledNanos() < withinNanos;
    }

    public double secondsHeard() {
        return Pcm.seconds((lastIndex + 1) * Pcm.FRAME_SAMPLES);
    }
}
