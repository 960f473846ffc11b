package dev.wakegate.uplink.wyoming;

import dev.wakegate.audio.Pcm;
import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One confirmed command streamed to the Wyoming server as Home Assistant's satellite loop expects it: {@code detection},
 * {@code run-pipeline}, {@code audio-chunk}s of up to {@link #CHUNK_SAMPLES} samples, and {@code audio-stop} if wakegate
 * ends the command (not after the server's {@code voice-stopped}). Nothing is
 * sent before {@link #allow} (the gate has the stream LED on): until then the chunks wait here, in memory.
 *
 * <p>Threads: the gate's pipeline thread calls {@link #send}, {@link #allow} and {@link #finish}; {@link #abort} may
 * come from any thread; the connection's reader thread may close the stream ({@code voice-stopped}) or end the
 * session; the writer thread reports each audio frame it writes. {@code send} copies the samples into the current
 * chunk and queues full chunks without waiting. Once the session has ended, queued chunks are dropped by the writer,
 * not written.
 *
 * <p>{@code bytesSent} counts audio payload bytes whose write to the socket completed, less what the peer had not
 * acknowledged when the connection was reset. If a chunk is being written at the moment the session ends, the
 * outcome is reported when that write completes or fails, so the count is exact.
 */
final class WyomingSession implements Uplink.Session, Connection.AudioAccount {
    /** 1024 samples = 64 ms, as wyoming-satellite and Home Assistant chunk audio. */
    static final int CHUNK_SAMPLES = 1024;

    final long id;
    final String word;
    final Connection connection;
    private final WyomingUplink uplink;
    private final Uplink.SessionListener listener;
    private final PipelineStage endStage;
    private final int maxHeld;

    // the outgoing stream; guarded by this
    private byte[] chunk = new byte[CHUNK_SAMPLES * Pcm.BYTES_PER_SAMPLE];
    private int fill;
    private long samplesQueued;
    private boolean streamOpen = true, allowed, stopSent;
    private final ArrayDeque<WyomingEvent> held = new ArrayDeque<>();

    // the end and the byte count; guarded by account (never held together with this)
    private final Object account = new Object();
    private boolean ended, drained, stopped;
    private int inFlight;
    private long sent, unsentAtReset;
    private SessionOutcome pending;

    WyomingSession(WyomingUplink uplink, SessionRequest request, Connection connection, Uplink.SessionListener listener,
                   PipelineStage endStage, int maxHeld) {
        this.uplink = uplink;
        this.id = request.id();
        this.word = request.word();
        this.connection = connection;
        this.listener = listener;
        this.endStage = endStage;
        this.maxHeld = maxHeld;
    }

    /** Audio handed to the connection (or held for it) but not yet written. */
    @Override
    public long pendingBytes() {
        long queued;
        synchronized (this) {
            queued = samplesQueued * Pcm.BYTES_PER_SAMPLE;
        }
        synchronized (account) {
            return ended ? 0 : Math.max(0, queued - sent);
        }
    }

    @Override
    public void send(short[] samples, int off, int len) {
        boolean overflow = false;
        synchronized (this) {
            if (!streamOpen) return;
            while (len > 0) {
                int n = Math.min(len, CHUNK_SAMPLES - fill / Pcm.BYTES_PER_SAMPLE);
                Pcm.toBytes(samples, off, n, chunk, fill);
                fill += n * Pcm.BYTES_PER_SAMPLE;
                off += n;
                len -= n;
                if (fill == chunk.length && !flush()) {
                    overflow = true;
                    break;
                }
            }
        }
        if (overflow) uplink.overflow(this);
    }

    /** The LED is on: the opening events go out, then the audio held so far (and audio-stop, if it already ended). */
    @Override
    public void allow() {
        boolean ok;
        synchronized (this) {
            if (allowed) return;
            allowed = true;
            // no audio-start: Home Assistant's satellite loop does not expect one from a satellite (it logs "Unexpected event")
            ok = connection.send(new WyomingMessage.Detection(word, 0L))
                    && connection.send(new WyomingMessage.RunPipeline(PipelineStage.ASR, endStage, word, false));
            while (ok && !held.isEmpty()) ok = queue(held.poll());
            if (ok && !streamOpen && !stopSent) ok = sendStop();
        }
        if (!ok) uplink.overflow(this);
        else uplink.streaming(this);
    }

    @Override
    public void finish() {
        closeStream("end of command");
    }

    /**
     * The server heard the command end (voice-stopped): nothing more is sent, not even what is queued or audio-stop
     * (Home Assistant no longer reads the stream, and logs audio after its pipeline as unexpected). The session waits
     * for the transcript.
     */
    void serverStopped() {
        synchronized (this) {
            if (!streamOpen) return;
            streamOpen = false;
            fill = 0;
            held.clear();
        }
        synchronized (account) {
            stopped = true;
        }
        listener.stoppedByServer("the server heard the end of speech (voice-stopped)");
        uplink.awaitReply(this, "voice-stopped");
        uplink.awaitDrained(this);
    }

    /** Ends the stream with audio-stop (once allowed); false if it already was ended. */
    private boolean closeStream(String why) {
        boolean ok;
        synchronized (this) {
            if (!streamOpen) return false;
            streamOpen = false;
            ok = (fill == 0 || flush()) && (!allowed || sendStop());
        }
        if (ok) uplink.awaitReply(this, why);
        else uplink.overflow(this);
        return true;
    }

    /** Queues audio-stop; once it is written, the uplink watches the connection drain. Caller holds this. */
    private boolean sendStop() {
        stopSent = true;
        return connection.send(new WyomingMessage.AudioStop(millis(samplesQueued)), () -> uplink.awaitDrained(this));
    }

    @Override
    public void abort(String reason) {
        uplink.abort(this, reason);
    }

    /** Queues the current chunk, or holds it until allowed; false if the connection's queue is full. Caller holds this. */
    private boolean flush() {
        byte[] payload = fill == chunk.length ? chunk : Arrays.copyOf(chunk, fill);
        var event = new WyomingMessage.AudioChunk(PcmFormat.MIC, millis(samplesQueued), payload).toEvent();
        samplesQueued += fill / Pcm.BYTES_PER_SAMPLE;
        if (payload == chunk) chunk = new byte[chunk.length]; // the queued chunk is no longer ours
        fill = 0;
        if (allowed) return queue(event);
        if (held.size() >= maxHeld) return false;
        held.add(event);
        return true;
    }

    /** Queues one chunk of audio. Caller holds this. */
    private boolean queue(WyomingEvent chunkEvent) {
        return connection.sendAudio(chunkEvent, this);
    }

    private static long millis(long samples) {
        return samples * 1000 / Pcm.SAMPLE_RATE;
    }

    /** Whether audio of this session may be in the kernel now (a chunk being written, or written and not acknowledged). */
    boolean mayHoldBytes() {
        return writing() || connection.unacknowledgedAudio() != 0;
    }

    /** Whether a chunk of this session is being written to the socket now. */
    boolean writing() {
        synchronized (account) {
            return inFlight > 0;
        }
    }

    /** The connection was reset with {@code unsent} bytes not acknowledged: they never left. */
    void resetWith(long unsent) {
        synchronized (account) {
            unsentAtReset = Math.max(0, unsent);
        }
    }

    /**
     * Ends the session once; later calls return false. The outcome goes to the listener now, or when a write in
     * progress completes.
     */
    boolean end(SessionOutcome.Status status, String detail, String reply) {
        synchronized (this) {
            streamOpen = false;
            held.clear();
        }
        SessionOutcome outcome;
        synchronized (account) {
            if (ended) return false;
            ended = true;
            outcome = outcome(status, detail, reply);
            if (inFlight > 0) {
                pending = outcome;
                outcome = null;
            }
        }
        uplink.ended(this);
        if (outcome != null) deliver(outcome);
        return true;
    }

    /** Caller holds account. */
    private SessionOutcome outcome(SessionOutcome.Status status, String detail, String reply) {
        return new SessionOutcome(id, status, Math.max(0, sent - unsentAtReset), detail, reply, allowed() ? connection.peer() : null);
    }

    private synchronized boolean allowed() {
        return allowed;
    }

    /** Nothing more of this session can leave: reported once. */
    void drained() {
        synchronized (account) {
            if (drained) return;
            drained = true;
        }
        listener.drained();
    }

    @Override
    public boolean beginWrite(int audioBytes) {
        synchronized (account) {
            if (ended || stopped) return false;
            inFlight = audioBytes;
            return true;
        }
    }

    @Override
    public void endWrite(int audioBytes, boolean written) {
        SessionOutcome late = null;
        synchronized (account) {
            inFlight = 0;
            if (written) sent += audioBytes;
            if (pending != null) {
                late = outcome(pending.status(), pending.detail(), pending.reply());
                pending = null;
            }
        }
        if (late != null) deliver(late);
    }

    private void deliver(SessionOutcome outcome) {
        uplink.log(outcome);
        listener.ended(outcome);
    }
}
