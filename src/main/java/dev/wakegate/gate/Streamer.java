package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audit.AuditEntry;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.Verdict;
import dev.wakegate.detect.Detection;
import dev.wakegate.hw.LedException;
import dev.wakegate.internal.PeerText;
import dev.wakegate.ring.AudioRing;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The session side of the gate: at most one session at a time, held here only, from the uplink's open to its audit
 * entry. A session opens holding its audio in memory: the audio since the end of the wake word, from the ring, then
 * each frame, until the command ends ({@link EndOfCommand}), the far end says it heard enough, or the session limit.
 * Only when the uplink is {@link #ready} is the stream LED set and read back on, and only then may the audio leave;
 * the LED goes off when nothing more can leave ({@link #drained}). Called on the pipeline thread, except
 * {@link #abortNow}.
 */
final class Streamer {
    private static final Logger log = LoggerFactory.getLogger(Streamer.class);
    /**
     * The stream starts this long after the detected end of the wake word: detectors place the end within about
     * ±80 ms, and an early estimate must not leak the word's last syllable.
     */
    static final double WAKE_END_GUARD_SECONDS = 0.05;

    private final AudioRing ring;
    private final LongSupplier frameEnd;
    private final Uplink uplink;
    private final Indicators leds;
    private final AuditLog audit;
    private final Consumer<GateEvent> events;
    private final Consumer<Control> controls;
    private final GateSettings settings;
    private final long maxSessionSamples;
    private final EndOfCommand endOfCommand;
    private long nextSessionId = 1;
    private Session session;                           // from the uplink's open until its outcome
    private volatile Uplink.Session liveHandle;        // for the hardware thread's immediate abort
    private volatile Uplink.Session abortedByHardware; // its outcome may arrive before the mute reaches the pipeline

    /**
     * @param frameEnd the audio time now (absolute sample position after the current frame)
     * @param controls where the uplink's reports are posted, for the pipeline thread to hand back here
     */
    Streamer(AudioRing ring, LongSupplier frameEnd, Uplink uplink, Indicators leds, AuditLog audit, GateSettings settings,
             Consumer<GateEvent> events, Consumer<Control> controls) {
        this.ring = ring;
        this.frameEnd = frameEnd;
        this.uplink = uplink;
        this.leds = leds;
        this.audit = audit;
        this.settings = settings;
        this.events = events;
        this.controls = controls;
        this.maxSessionSamples = Pcm.samples(settings.maxSessionSeconds());
        this.endOfCommand = new EndOfCommand(settings.endSilenceSeconds(), settings.minEndSilenceSeconds());
    }

    /**
     * Opens a session for a confirmed word and hands it the audio between the wake word's end and now, from the ring;
     * nothing leaves until the uplink is {@link #ready}. Returns the session's id.
     */
    long open(Detection d, Verdict verdict, String confirmer) {
        long id = nextSessionId++;
        long first = settings.sendWakeWord() ? d.startSample() : d.endSample() + Pcm.samples(WAKE_END_GUARD_SECONDS);
        first = Math.max(first, ring.start());
        var s = new Session(id, d, verdict, confirmer, first);
        session = s;
        endOfCommand.start(wakeWordDb(d));
        s.handle = uplink.open(new SessionRequest(id, d.word(), d.score(), verdict.score(), Pcm.seconds(first)), new Reports(id));
        liveHandle = s.handle;
        sendBacklog(s);
        return id;
    }

    /** The loudest 30 ms of the wake word as the ring holds it: the speaker's level. */
    private double wakeWordDb(Detection d) {
        long from = Math.max(ring.start(), d.startSample()), to = Math.min(ring.end(), d.endSample());
        if (to <= from) return -120;
        short[] word = new short[(int) (to - from)];
        ring.read(from, to, word, 0);
        double db = EndOfCommand.loudestDb(word);
        Arrays.fill(word, (short) 0);
        return db;
    }

    private void sendBacklog(Session s) {
        long to = Math.min(ring.end(), s.firstSample + maxSessionSamples);
        if (to <= s.firstSample) return;
        short[] backlog = new short[(int) (to - s.firstSample)];
        ring.read(s.firstSample, to, backlog, 0);
        s.handle.send(backlog, 0, backlog.length);
        s.samplesSent += backlog.length;
        Arrays.fill(backlog, (short) 0);
    }

    /**
     * The uplink is connected to {@code peer}: the stream LED on and read back on (the interlock), then the audio may
     * leave. Returns false if the LED failed: the session is then aborted, and audited as refused.
     */
    boolean ready(long id, String peer) {
        var s = session;
        if (s == null || s.id != id || s.aborted) return true;
        try {
            leds.streamOn();
        } catch (LedException e) {
            log.error("stream LED failed, refusing to stream: {}", e.getMessage());
            events.accept(new GateEvent.Error(seconds(), "stream LED: " + e.getMessage() + "; session refused"));
            s.refused = true;
            leds.streamOff();
            abort("stream LED failed");
            return false;
        }
        s.ledOn = true;
        s.peer = peer;
        s.handle.allow();
        events.accept(new GateEvent.StreamStarted(seconds(), s.id, s.detection.word(), Pcm.seconds(s.firstSample), peer));
        log.info("streaming: session={} word={} detector={} confirm={} from t={} to {}", s.id, s.detection.word(), fmt(s.detection.score()),
                fmt(s.verdict.score()), fmt(Pcm.seconds(s.firstSample)), peer);
        return true;
    }

    /**
     * Hands one frame to the open session. Returns why sending stops after it ("max-session", "end-of-utterance"), the
     * uplink then finishing the stream, or null to go on.
     */
    String stream(short[] frame, boolean voiced, double levelDb) {
        var s = session;
        if (s == null || s.finished) return null;
        int n = (int) Math.min(frame.length, Math.max(0, maxSessionSamples - s.samplesSent));
        if (n > 0) {
            s.handle.send(frame, 0, n);
            s.samplesSent += n;
        }
        String stop = s.samplesSent >= maxSessionSamples ? "max-session" : endOfCommand.endsWith(voiced, levelDb) ? "end-of-utterance" : null;
        if (stop != null) finish(stop);
        return stop;
    }

    /** Stops sending normally: the uplink finishes the stream and reports its outcome later. */
    void finish(String reason) {
        session.end(reason);
        session.handle.finish();
    }

    /** Whether the open session {@code id} is still sending (the far end may end it: {@link #finish} then). */
    boolean sending(long id) {
        return session != null && session.id == id && !session.finished;
    }

    /** Nothing more of session {@code id} can leave: the stream LED goes off. */
    void drained(long id) {
        var s = session;
        if (s == null || s.id != id || !s.ledOn) return;
        s.ledOn = false;
        leds.streamOff();
    }

    /** True while a session's outcome is outstanding. */
    boolean open() {
        return session != null;
    }

    /** Audio of the open session still waiting for the network (0 when none is open). */
    long backlog() {
        var h = liveHandle;
        return h == null ? 0 : h.pendingBytes();
    }

    /** How long the open session's uplink has been stuck writing (0 when none is open or it is not stuck). */
    long stalledNanos() {
        var h = liveHandle;
        return h == null ? 0 : h.stalledNanos();
    }

    /** Stops the open session at once, at the wire; its outcome still comes through {@link #ended}. */
    void abort(String reason) {
        var s = session;
        if (s == null) return;
        s.aborted = true;
        s.handle.abort(reason);
        if (!s.finished) s.end(reason);
    }

    /** The hardware switch was muted: stops sending at once. Thread-safe; called on the hardware thread. */
    /** The owner turned to the device (the wake word, the switch): the uplink silences what it plays on its own. */
    void interruptUplink(String reason) {
        uplink.interrupt(reason);
    }

    void abortNow() {
        var h = liveHandle;
        if (h != null) {
            abortedByHardware = h;
            h.abort("muted");
        }
    }

    /** Whether {@code outcome} is the open session's (a stray one is logged and ignored). */
    boolean awaits(SessionOutcome outcome) {
        boolean mine = session != null && session.id == outcome.sessionId();
        if (!mine) log.warn("outcome for unknown session {}", outcome.sessionId());
        return mine;
    }

    /**
     * The open session's outcome arrived: the stream LED goes off if it is still on. Returns whether the session was
     * still sending (the uplink ended it, or the switch did on its own thread), so the gate leaves STREAMING.
     * {@link #report} then records it.
     */
    boolean ended() {
        var s = session;
        if (s.ledOn) {
            s.ledOn = false;
            leds.streamOff();
        }
        boolean wasSending = !s.finished;
        if (wasSending) s.end(abortedByHardware == s.handle ? "muted" : "uplink");
        return wasSending;
    }

    /** Announces, logs and audits the session whose outcome {@link #ended} took; the session is then closed. */
    void report(SessionOutcome outcome) {
        var s = session;
        session = null;
        liveHandle = null;
        String result = s.refused ? "refused" : outcomeLabel(outcome.status());
        String detail = s.refused ? "stream LED failed" : outcome.detail();
        double secondsSent = outcome.bytesSent() / (double) (Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE);
        events.accept(new GateEvent.StreamEnded(seconds(), s.id, s.detection.word(), outcome.bytesSent(), secondsSent, s.endReason, result,
                detail, outcome.reply()));
        if (outcome.reply() != null && !outcome.reply().isBlank())
            log.info("session {} reply ({} chars): {}", s.id, outcome.reply().length(), PeerText.oneLine(outcome.reply(), 200));
        log.info("session {} ended: {} ({}), {} bytes sent", s.id, result, detail, outcome.bytesSent());
        String where = outcome.peer() != null ? outcome.peer() : outcome.bytesSent() > 0 && s.peer != null ? s.peer : "";
        audit(s.detection, s.verdict, s.confirmer, secondsSent, outcome.bytesSent(), where, result, detail);
    }

    /** The outcome the uplink never reported, at exit: aborted, with the bytes handed to it (an upper bound of what left). */
    SessionOutcome unreported() {
        var s = session;
        if (s == null) return null;
        log.warn("session {}: the uplink reported no outcome before exit", s.id);
        return new SessionOutcome(s.id, SessionOutcome.Status.ABORTED, s.peer == null ? 0 : s.samplesSent * Pcm.BYTES_PER_SAMPLE,
                "no outcome from the uplink before exit; bytes = audio handed to it", null, s.peer);
    }

    private void audit(Detection d, Verdict v, String confirmer, double secondsSent, long bytes, String destination, String outcome,
                       String detail) {
        audit.append(new AuditEntry(audit.now(), Pcm.seconds(d.atSample()), d.word(), d.score(), confirmer, v.score(), secondsSent, bytes,
                destination, outcome, detail, d.voice()));
    }

    private double seconds() {
        return Pcm.seconds(frameEnd.getAsLong());
    }

    private static String outcomeLabel(SessionOutcome.Status s) {
        return switch (s) {
            case OK -> "ok";
            case FAILED -> "failed";
            case ABORTED -> "aborted";
            case NO_SERVER -> "no-server";
        };
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The uplink's reports on session {@code id}, posted as controls for the pipeline thread. */
    private final class Reports implements Uplink.SessionListener {
        private final long id;

        Reports(long id) {
            this.id = id;
        }

        @Override
        public void ready(String peer) {
            controls.accept(new Control.SessionReady(id, peer));
        }

        @Override
        public void stoppedByServer(String why) {
            controls.accept(new Control.SessionStoppedByServer(id, why));
        }

        @Override
        public void drained() {
            controls.accept(new Control.SessionDrained(id));
        }

        @Override
        public void ended(SessionOutcome outcome) {
            controls.accept(new Control.SessionEnded(outcome));
        }
    }

    /** A session from open to outcome. */
    private static final class Session {
        final long id;
        final Detection detection;
        final Verdict verdict;
        final String confirmer;
        final long firstSample;
        Uplink.Session handle;
        long samplesSent;
        boolean finished, ledOn, refused, aborted;
        String endReason = "";
        String peer;

        Session(long id, Detection detection, Verdict verdict, String confirmer, long firstSample) {
            this.id = id;
            this.detection = detection;
            this.verdict = verdict;
            this.confirmer = confirmer;
            this.firstSample = firstSample;
        }

        void end(String reason) {
            finished = true;
            endReason = reason;
        }
    }
}
