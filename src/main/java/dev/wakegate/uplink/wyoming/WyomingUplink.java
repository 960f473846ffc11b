package dev.wakegate.uplink.wyoming;

import dev.wakegate.internal.PeerText;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * wakegate as a Home Assistant voice satellite: a Wyoming server that Home Assistant connects to, which streams
 * a confirmed command when the gate opens a session and plays the spoken reply.
 *
 * <p>A session starts only if a server is connected and has sent {@code run-satellite} (and not
 * {@code pause-satellite} since); otherwise it ends at once with {@link Status#NO_SERVER} and nothing is sent.
 * It sends {@code detection} (the wake word), {@code run-pipeline} (from speech-to-text to the configured end
 * stage), {@code audio-start}, the gate's samples as they are, and {@code audio-stop} on {@code finish()}. It
 * ends with the server's {@code transcript} (OK, the reply is its text), its {@code error} (FAILED),
 * {@code pause-satellite} (ABORTED, nothing more is sent), a lost connection (FAILED), the gate's
 * {@code abort} (ABORTED), an overflowing send queue (FAILED "uplink too slow") or no answer within the reply
 * timeout after the stream ended (FAILED). {@code voice-stopped} from the server closes the stream early.
 *
 * <p>An {@code abort} also closes the connection: Home Assistant then cancels its pipeline, whereas an
 * {@code audio-stop} would make it act on the partial command. It reconnects within seconds.
 *
 * <p>{@code pause-satellite} / {@code run-satellite} are passed to {@link ControlListener#paused}: a software
 * pause that the gate combines with the hardware mute switch, which always wins.
 *
 * <p>Reply audio ({@code audio-start}/{@code -chunk}/{@code -stop}, any session or an announcement) is played by
 * the {@link Speaker}, and {@code played} is sent when it has been played. The awake cue plays when a session
 * starts, the done cue when it ends. Home Assistant's voice timers are kept by {@link Timers}; a finished one rings
 * until the wake word or the mute switch {@link #interrupt interrupts} it.
 */
public final class WyomingUplink implements Uplink, WyomingServer.Handler {
    private static final Logger log = LoggerFactory.getLogger(WyomingUplink.class);

    /**
     * @param satellite    what {@code info} says about us
     * @param endStage     {@link PipelineStage#TTS} to hear replies, {@link PipelineStage#HANDLE} for none
     * @param server       where to listen and whom to accept
     * @param replyTimeout how long to wait for the transcript after the stream ended
     * @param zeroconf     whether and as what to advertise over mDNS
     * @param alarm        how a finished timer rings
     */
    public record Config(SatelliteInfo satellite, PipelineStage endStage, WyomingServer.Settings server,
                         Duration replyTimeout, Discovery.Settings zeroconf, Alarm alarm) {
        public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(15);

        public Config {
            Objects.requireNonNull(satellite, "satellite");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(replyTimeout, "replyTimeout");
            Objects.requireNonNull(alarm, "alarm");
            Objects.requireNonNull(zeroconf, "zeroconf");
            if (endStage != PipelineStage.TTS && endStage != PipelineStage.HANDLE)
                throw new IllegalArgumentException("the pipeline ends with tts or handle, not " + endStage);
        }
    }

    private static final Session ENDED = new Session() {
        @Override
        public void send(short[] samples, int off, int len) {}

        @Override
        public void allow() {}

        @Override
        public void finish() {}

        @Override
        public void abort(String reason) {}

        @Override
        public long pendingBytes() {
            return 0;
        }
    };

    private final Config config;
    private final Speaker speaker;
    private final Cues cues;
    private final ScheduledExecutorService timer;
    private final WyomingServer server;
    private final Discovery discovery;
    private final Timers timers;
    private volatile ControlListener control = paused -> {};

    // guarded by this
    private Connection connected;
    private boolean running;
    private WyomingSession session;
    private boolean closed;

    private WyomingUplink(Config config, Speaker speaker, Cues cues) throws IOException {
        this.config = config;
        this.speaker = speaker;
        this.cues = cues;
        var executor = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("wg-wyoming-timer").daemon().unstarted(r));
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
        this.timers = new Timers(speaker, config.alarm(), timer, change -> control.timer(change));
        config.server().pairing().onPaired((address, by) -> control.paired(address.getHostAddress(), by));
        try {
            this.server = WyomingServer.start(config.server(), config.satellite()::toInfo, this, timer);
        } catch (IOException e) {
            timer.shutdownNow();
            throw e;
        }
        this.discovery = config.zeroconf().enabled() ? Discovery.advertise(config.zeroconf(), server.address()) : null;
    }

    /**
     * Binds the server and starts accepting Home Assistant. The uplink owns the speaker from now on and closes it.
     *
     * @throws IOException if the address cannot be bound (in use, not ours)
     */
    public static WyomingUplink start(Config config, Speaker speaker, Cues cues) throws IOException {
        return new WyomingUplink(config, speaker, cues);
    }

    /** Which Home Assistant may run this satellite; {@code ctl pair} opens its window. */
    public Pairing pairing() {
        return config.server().pairing();
    }

    /** Where the server listens (port 0 resolved). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The peer of the connected server, "host:port"; else where we listen. */
    @Override
    public synchronized String destination() {
        if (connected != null) return connected.peer();
        InetSocketAddress a = server.address();
        return a.getAddress().getHostAddress() + ":" + a.getPort() + " (no server connected)";
    }

    /** True if a server is connected and has sent run-satellite (and no pause since). */
    public synchronized boolean ready() {
        return connected != null && running;
    }

    @Override
    public void onControl(ControlListener listener) {
        this.control = listener == null ? paused -> {} : listener;
    }

    /** The wake word or the mute switch: a ringing timer goes quiet. */
    @Override
    public void interrupt(String reason) {
        timers.interrupt(reason);
    }

    /** Hears the start and end of every sound wakegate plays (replies and cues). */
    public void onPlayback(PlaybackListener listener) {
        speaker.onPlayback(listener);
    }

    @Override
    public Session open(SessionRequest request, SessionListener listener) {
        WyomingSession s = null, replaced = null;
        String refusal = null;
        synchronized (this) {
            if (closed) refusal = "shutting down";
            else if (connected == null) refusal = "no server connected";
            else if (!running) refusal = "the server has not sent run-satellite";
            else {
                replaced = session;
                s = new WyomingSession(this, request, connected, listener, config.endStage(), config.server().queueFrames());
                session = s;
            }
        }
        if (refusal != null) {
            log.info("wyoming: session={} not sent: {}", request.id(), refusal);
            listener.ended(new SessionOutcome(request.id(), Status.NO_SERVER, 0, refusal, null));
            return ENDED;
        }
        if (replaced != null) replaced.end(Status.FAILED, "replaced by session " + request.id(), null);
        listener.ready(s.connection.peer());
        return s;
    }

    // ---- session callbacks

    /** The gate has the stream LED on and the opening events are queued: the session streams. */
    void streaming(WyomingSession s) {
        log.info("wyoming: streaming session={} word={} to {}", s.id, s.word, s.connection.peer());
        cues.awake();
    }

    void overflow(WyomingSession s) {
        if (s.end(Status.FAILED, "uplink too slow", null)) {
            log.warn("wyoming: session={}: the server does not take audio fast enough; resetting the connection", s.id);
            resetFor(s, "send queue full");
        }
    }

    /**
     * Stops the session at the wire: the connection is reset, so the kernel discards what it still holds and Home
     * Assistant cancels its pipeline (an audio-stop would make it act on the partial command). It reconnects within
     * seconds.
     */
    void abort(WyomingSession s, String reason) {
        if (s.end(Status.ABORTED, reason, null)) resetFor(s, "session aborted: " + reason);
    }

    /**
     * The server ended the session (transcript, error, pause): the connection is kept, unless audio of the session
     * could still be on its way, which a reset then discards.
     */
    private void endAtWire(WyomingSession s, Status status, String detail, String reply) {
        if (!s.end(status, detail, reply)) return;
        if (s.mayHoldBytes()) resetFor(s, "session ended: " + detail);
        else s.drained();
    }

    /** Resets the session's connection, first noting what was not acknowledged: those bytes never leave. */
    private void resetFor(WyomingSession s, String reason) {
        long unacknowledged = s.connection.unacknowledged();
        log.info("wyoming: session={}: resetting the connection to {} ({}; {} bytes not acknowledged{}, a chunk {})", s.id,
                s.connection.peer(), reason, unacknowledged, unacknowledged < 0 ? ": cannot tell" : "",
                s.writing() ? "being written" : "not being written");
        s.resetWith(unacknowledged);
        s.connection.reset(reason);
        s.drained();
    }

    /** The stream is closed: once no write is under way and the peer has acknowledged everything, nothing of the session can leave any more. */
    void awaitDrained(WyomingSession s) {
        var check = new Runnable() {
            final long deadline = System.nanoTime() + Uplink.STALL.toNanos();

            @Override
            public void run() {
                long unacked = s.connection.unacknowledged();
                if ((!s.writing() && unacked <= 0) || !s.connection.isOpen()) s.drained();
                else if (System.nanoTime() > deadline) {
                    log.warn("wyoming: session={}: the server did not take the last {} bytes; resetting the connection", s.id, unacked);
                    if (s.end(Status.FAILED, "stalled: the server took no audio for " + Uplink.STALL.toSeconds() + " s", null))
                        resetFor(s, "stalled");
                    else resetFor(s, "stalled");
                } else timer.schedule(this, DRAIN_POLL_MS, TimeUnit.MILLISECONDS);
            }
        };
        timer.execute(check);
    }

    private static final long DRAIN_POLL_MS = 10;

    void awaitReply(WyomingSession s, String why) {
        log.debug("wyoming: session={} audio-stop ({})", s.id, why);
        long millis = config.replyTimeout().toMillis();
        timer.schedule(() -> {
            if (s.end(Status.FAILED, "no reply within " + millis / 1000.0 + " s", null))
                log.warn("wyoming: session={}: no transcript within {} s", s.id, millis / 1000.0);
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** The session has ended (its outcome may follow when a write completes). */
    void ended(WyomingSession s) {
        synchronized (this) {
            if (session == s) session = null;
        }
        cues.done();
    }

    void log(SessionOutcome o) {
        log.info("wyoming: session={} {} ({}), {} audio bytes sent", o.sessionId(), o.status(), o.detail(), o.bytesSent());
    }

    // ---- server callbacks (reader thread of the server's connection)

    @Override
    public void serverConnected(Connection c) {
        synchronized (this) {
            if (closed || !c.isOpen()) return;
            connected = c;
            running = false;
        }
    }

    @Override
    public void received(Connection c, WyomingMessage message) {
        switch (message) {
            case WyomingMessage.RunSatellite r -> {
                synchronized (this) {
                    running = true;
                }
                log.info("wyoming: {} is ready (run-satellite)", c.peer());
                control.paused(false);
            }
            case WyomingMessage.PauseSatellite p -> {
                synchronized (this) {
                    running = false;
                }
                log.info("wyoming: {} paused the satellite", c.peer());
                WyomingSession s = current();
                if (s != null) endAtWire(s, Status.ABORTED, "paused by the server", null);
                control.paused(true);
            }
            case WyomingMessage.VoiceStarted v -> log.debug("wyoming: the server hears speech");
            case WyomingMessage.VoiceStopped v -> {
                WyomingSession s = current();
                if (s != null) s.serverStopped();
            }
            case WyomingMessage.Transcript t -> {
                WyomingSession s = current();
                if (s != null) endAtWire(s, Status.OK, "transcript", t.text());
                else log.debug("wyoming: a transcript outside a session");
            }
            case WyomingMessage.ErrorMessage e -> {
                String detail = "server error" + (e.code() == null ? "" : ": " + PeerText.printable(e.code()));
                WyomingSession s = current();
                if (s != null) endAtWire(s, Status.FAILED, detail, null);
                else log.warn("wyoming: {} outside a session", detail);
            }
            case WyomingMessage.AudioStart a -> speaker.replyStart(a.format());
            case WyomingMessage.AudioChunk a -> speaker.replyChunk(a.format(), a.audio());
            case WyomingMessage.AudioStop a -> speaker.replyEnd(() -> {
                if (c.isOpen()) c.send(new WyomingMessage.Played());
            });
            case WyomingMessage.Transcribe t -> log.debug("wyoming: the server transcribes");
            case WyomingMessage.Synthesize t -> log.debug("wyoming: the server synthesizes a reply");
            case WyomingMessage.Detection d -> log.debug("wyoming: detection echoed by the server");
            case WyomingMessage.Describe d -> log.debug("wyoming: describe (answered by the server)");
            case WyomingMessage.Ping p -> log.debug("wyoming: ping (answered by the server)");
            case WyomingMessage.Pong p -> log.debug("wyoming: pong");
            case WyomingMessage.Info i -> log.debug("wyoming: info from the server ignored");
            case WyomingMessage.RunPipeline r -> log.debug("wyoming: run-pipeline from the server ignored");
            case WyomingMessage.Played p -> log.debug("wyoming: played from the server ignored");
            case WyomingMessage.TimerStarted t -> timers.started(t);
            case WyomingMessage.TimerUpdated t -> timers.updated(t);
            case WyomingMessage.TimerCancelled t -> timers.cancelled(t);
            case WyomingMessage.TimerFinished t -> timers.finished(t);
            case WyomingMessage.Unknown u -> log.debug("wyoming: ignored '{}'", PeerText.printable(u.type()));
        }
    }

    @Override
    public void serverDisconnected(Connection c, String reason) {
        WyomingSession s;
        synchronized (this) {
            if (connected != c) return;
            connected = null;
            running = false;
            s = session;
        }
        if (s != null && s.connection == c) {
            s.end(Status.FAILED, reason.startsWith("stalled") ? reason : "connection lost", null);
            s.drained(); // the connection is gone: nothing can leave any more
        }
        speaker.replyAbandon();
    }

    private synchronized WyomingSession current() {
        return session;
    }

    /** Ends a running session (ABORTED "shutdown"), withdraws the mDNS service, closes the server and the speaker. */
    @Override
    public void close() {
        WyomingSession s;
        synchronized (this) {
            if (closed) return;
            closed = true;
            s = session;
        }
        if (s != null) abort(s, "shutdown");
        timers.close();
        if (discovery != null) discovery.close();
        server.close();
        speaker.close();
        timer.shutdownNow();
    }
}
