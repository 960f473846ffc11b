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
 * The session side of the gate: at most one session at a time, held here only, from the LED interlock to its audit
 * entry. A session opens only with the stream LED on and read back on; it sends the audio since the end of the wake
 * word from the ring, then each frame, until the end of the utterance or the session limit; its outcome turns the
 * LED off and is audited. Called on the pipeline thread, except {@link #abortNow}.
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
    private final long maxSessionSamples, endSilenceSamples;
    private long nextSessionId = 1;
    private Session session;                 // from the uplink's open until its outcome: the stream LED is on meanwhile
    private volatile Uplink.Session liveHandle;        // for the hardware thread's immediate abort
    private volatile Uplink.Session abortedByHardware; // its outcome may arrive before the mute reaches the pipeline

    /**
     * @param frameEnd the audio time now (absolute sample position after the current frame)
     * @param controls where the uplink's outcome is posted, for the pipeline thread to hand back to {@link #ended}
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
        this.endSilenceSamples = Pcm.samples(settings.endSilenceSeconds());
    }

    /**
     * Opens a session for a confirmed word, the stream LED on and read back on first. Returns the session's id, or 0 if
     * the LED failed and the session was refused (and audited as such).
     */
    long open(Detection d, Verdict verdict, String confirmer) {
        long id = nextSessionId++;
        long first = settings.sendWakeWord() ? d.startSample() : d.endSample() + Pcm.samples(WAKE_END_GUARD_SECONDS);
        first = Math.max(first, ring.start());
        try {
            leds.streamOn();
        } catch (LedException e) {
            log.error("stream LED failed, refusing to stream: {}", e.getMessage());
            events.accept(new GateEvent.Error(seconds(), "stream LED: " + e.getMessage() + "; session refused"));
            audit(d, verdict, confirmer, 0, 0, "", "refused", "stream LED failed");
            leds.streamOff();
            return 0;
        }
        var s = new Session(id, d, verdict, confirmer, first);
        session = s;
        s.handle = uplink.open(new SessionRequest(id, d.word(), d.score(), verdict.score(), Pcm.seconds(first)),
                outcome -> controls.accept(new Control.SessionEnded(outcome)));
        liveHandle = s.handle;
        return id;
    }

    /** Announces the open session and sends the audio between the wake word's end and now, from the ring. */
    void begin() {
        var s = session;
        events.accept(new GateEvent.StreamStarted(seconds(), s.id, s.detection.word(), Pcm.seconds(s.firstSample), uplink.destination()));
        log.info("streaming: session={} word={} detector={} confirm={} from t={}", s.id, s.detection.word(), fmt(s.detection.score()),
                fmt(s.verdict.score()), fmt(Pcm.seconds(s.firstSample)));
        long to = Math.min(ring.end(), s.firstSample + maxSessionSamples);
        s.lastVoicedSample = Math.max(s.firstSample, s.detection.endSample());
        if (to <= s.firstSample) return;
        short[] backlog = new short[(int) (to - s.firstSample)];
        ring.read(s.firstSample, to, backlog, 0);
        s.handle.send(backlog, 0, backlog.length);
        s.samplesSent += backlog.length;
        Arrays.fill(backlog, (short) 0);
    }

    /**
     * Sends one frame of the open session. Returns why sending stops after it ("max-session", "end-of-utterance"), the
     * uplink then finishing the stream, or null to go on.
     */
    String stream(short[] frame, boolean voiced) {
        var s = session;
        if (s == null || s.finished) return null;
        int n = (int) Math.min(frame.length, Math.max(0, maxSessionSamples - s.samplesSent));
        if (n > 0) {
            s.handle.send(frame, 0, n);
            s.samplesSent += n;
        }
        if (voiced) s.lastVoicedSample = frameEnd.getAsLong();
        String stop = s.samplesSent >= maxSessionSamples ? "max-session"
                : frameEnd.getAsLong() - s.lastVoicedSample >= endSilenceSamples ? "end-of-utterance" : null;
        if (stop != null) finish(stop);
        return stop;
    }

    /** Stops sending normally: the uplink finishes the stream and reports its outcome later. */
    void finish(String reason) {
        session.end(reason);
        session.handle.finish();
    }

    /** True while a session's outcome is outstanding (the stream LED is on). */
    boolean open() {
        return session != null;
    }

    /** Audio of the open session still waiting for the network (0 when none is open). */
    long backlog() {
        var h = liveHandle;
        return h == null ? 0 : h.pendingBytes();
    }

    /** Stops the open session at once, dropping what was not sent; its outcome still comes through {@link #ended}. */
    void abort(String reason) {
        var s = session;
        if (s == null) return;
        s.handle.abort(reason);
        if (!s.finished) s.end(reason);
    }

    /** The hardware switch was muted: stops sending at once. Thread-safe; called on the hardware thread. */
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
     * The open session's outcome arrived: the stream LED goes off. Returns whether the session was still sending (the
     * uplink ended it, or the switch did on its own thread), so the gate leaves STREAMING. {@link #report} then records it.
     */
    boolean ended() {
        var s = session;
        leds.streamOff();
        boolean wasSending = !s.finished;
        if (wasSending) s.end(abortedByHardware == s.handle ? "muted" : "uplink");
        return wasSending;
    }

    /** Announces, logs and audits the session whose outcome {@link #ended} took; the session is then closed. */
    void report(SessionOutcome outcome) {
        var s = session;
        session = null;
        liveHandle = null;
        String result = outcomeLabel(outcome.status());
        double secondsSent = outcome.bytesSent() / (double) (Pcm.SAMPLE_RATE * Pcm.BYTES_PER_SAMPLE);
        events.accept(new GateEvent.StreamEnded(seconds(), s.id, s.detection.word(), outcome.bytesSent(), secondsSent, s.endReason, result,
                outcome.detail(), outcome.reply()));
        if (outcome.reply() != null && !outcome.reply().isBlank())
            log.info("session {} reply ({} chars): {}", s.id, outcome.reply().length(), PeerText.oneLine(outcome.reply(), 200));
        log.info("session {} ended: {} ({}), {} bytes sent", s.id, result, outcome.detail(), outcome.bytesSent());
        audit(s.detection, s.verdict, s.confirmer, secondsSent, outcome.bytesSent(), uplink.destination(), result, outcome.detail());
    }

    /** The outcome the uplink never reported, at exit: aborted, with the bytes handed to it (an upper bound of what left). */
    SessionOutcome unreported() {
        var s = session;
        if (s == null) return null;
        log.warn("session {}: the uplink reported no outcome before exit", s.id);
        return new SessionOutcome(s.id, SessionOutcome.Status.ABORTED, s.samplesSent * Pcm.BYTES_PER_SAMPLE,
                "no outcome from the uplink before exit; bytes = audio handed to it", null);
    }

    private void audit(Detection d, Verdict v, String confirmer, double secondsSent, long bytes, String destination, String outcome,
                       String detail) {
        audit.append(new AuditEntry(audit.now(), Pcm.seconds(d.atSample()), d.word(), d.score(), confirmer, v.score(), secondsSent, bytes,
                destination, outcome, detail));
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

    /** A session from open to outcome. */
    private static final class Session {
        final long id;
        final Detection detection;
        final Verdict verdict;
        final String confirmer;
        final long firstSample;
        Uplink.Session handle;
        long samplesSent;
        long lastVoicedSample;
        boolean finished;
        String endReason = "";

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
