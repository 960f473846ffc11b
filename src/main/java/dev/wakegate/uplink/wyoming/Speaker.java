package dev.wakegate.uplink.wyoming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays replies and cues one after another on its own thread ({@code wg-play}), so that neither the connection
 * reader nor the pipeline ever waits for the loudspeaker. Home Assistant sends a reply faster than real time;
 * up to {@link #DEFAULT_MAX_QUEUED_BYTES} of it is buffered, anything beyond is dropped with a warning.
 * Reply audio of any width is converted to 16-bit; its rate and channel count go to the {@link Player} as they
 * are. With no output device, playback is skipped with one warning, and the reply still counts as played.
 * The {@link PlaybackListener} hears every start and end of sound.
 */
public final class Speaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Speaker.class);
    /** 16 MiB: six minutes of Home Assistant's 22 kHz mono replies. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L << 20;
    /** A reply that stops arriving for this long is ended (the server vanished mid-reply). */
    private static final long REPLY_IDLE_MILLIS = 10_000;

    private sealed interface Item {
        default int bytes() { return 0; }
    }

    private record PlayClip(Clip clip, boolean deafening) implements Item {}

    private record ReplyStart(PcmFormat format) implements Item {}

    private record ReplyChunk(PcmFormat format, byte[] audio) implements Item {
        public int bytes() { return audio.length; }
    }

    /** {@code onPlayed} is null when the reply was abandoned (connection lost). */
    private record ReplyEnd(Runnable onPlayed) implements Item {}

    private record Stop() implements Item {}

    private final Player player;
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;
    private volatile PlaybackListener listener = PlaybackListener.NONE;
    private volatile Player.Output output;
    private volatile boolean closed;

    // playback thread only
    private final Pcm16 converter = new Pcm16();
    private PcmFormat outputFormat;
    private boolean playing, inReply, replySkipped, warnedNoOutput;
    // reader thread only
    private boolean dropWarned;

    public Speaker(Player player) {
        this(player, DEFAULT_MAX_QUEUED_BYTES);
    }

    public Speaker(Player player, long maxQueuedBytes) {
        this.player = player;
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = Thread.ofPlatform().name("wg-play").daemon().start(this::run);
    }

    /** Replaces the listener (one at a time; {@link PlaybackListener#NONE} removes it). */
    public void onPlayback(PlaybackListener listener) {
        this.listener = listener == null ? PlaybackListener.NONE : listener;
    }

    /** Queues a cue; the detector is deaf while it plays (and {@code --mute-after-reply} after). */
    public void play(Clip clip) {
        offer(new PlayClip(clip, true));
    }

    /**
     * Queues a sound that cannot be mistaken for speech (the timer alarm's beeps); the detector keeps listening, so the
     * wake word that is meant to silence it is heard even while it plays.
     */
    public void ring(Clip clip) {
        offer(new PlayClip(clip, false));
    }

    void replyStart(PcmFormat format) {
        dropWarned = false;
        offer(new ReplyStart(format));
    }

    void replyChunk(PcmFormat format, byte[] audio) {
        if (queuedBytes.get() + audio.length > maxQueuedBytes) {
            if (!dropWarned) log.warn("playback: reply longer than the {} MiB buffer; dropping the rest", maxQueuedBytes >> 20);
            dropWarned = true;
            return;
        }
        queuedBytes.addAndGet(audio.length);
        offer(new ReplyChunk(format, audio));
    }

    /** Ends the reply; {@code onPlayed} runs on the playback thread once it has been played (or skipped). */
    void replyEnd(Runnable onPlayed) {
        offer(new ReplyEnd(onPlayed));
    }

    /** Ends the reply without reporting it played (the server is gone). */
    void replyAbandon() {
        offer(new ReplyEnd(null));
    }

    private void offer(Item item) {
        if (!closed) queue.add(item);
    }

    private void run() {
        try {
            while (!closed) {
                Item item = inReply ? queue.poll(REPLY_IDLE_MILLIS, TimeUnit.MILLISECONDS) : queue.take();
                if (item == null) {
                    log.warn("playback: reply audio stopped arriving; ending it");
                    endReply(null);
                    continue;
                }
                queuedBytes.addAndGet(-item.bytes());
                switch (item) {
                    case PlayClip c -> playClip(c.clip(), c.deafening());
                    case ReplyStart s -> {
                        if (inReply) endReply(null);
                        beginReply(s.format());
                    }
                    case ReplyChunk c -> {
                        if (!inReply) beginReply(c.format());
                        writeReply(c.format(), c.audio());
                    }
                    case ReplyEnd e -> endReply(e.onPlayed());
                    case Stop s -> { return; }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeOutput();
            setPlaying(false);
        }
    }

    private void playClip(Clip clip, boolean deafening) {
        if (inReply) endReply(null);
        if (deafening) setPlaying(true);
        try {
            Player.Output out = open(clip.format());
            if (out != null) {
                out.write(clip.pcm(), 0, clip.pcm().length);
                out.drain();
            }
        } catch (IOException e) {
            log.warn("playback: {} failed: {}", clip.name(), e.getMessage());
        } finally {
            closeOutput();
            setPlaying(false);
        }
    }

    private void beginReply(PcmFormat format) {
        inReply = true;
        replySkipped = false;
        outputFormat = null; // the first chunk opens the output and resets the converter to its format
        setPlaying(true);
        log.debug("playback: reply {}", format);
    }

    private void writeReply(PcmFormat format, byte[] audio) {
        if (replySkipped) return;
        try {
            if (outputFormat == null || outputFormat.rate() != format.rate() || outputFormat.channels() != format.channels()) {
                if (output != null) drainAndClose();
                converter.reset(format);
                if (open(new PcmFormat(format.rate(), 2, format.channels())) == null) {
                    replySkipped = true;
                    return;
                }
                outputFormat = format;
            }
            byte[] pcm = converter.convert(audio);
            output.write(pcm, 0, pcm.length);
        } catch (IOException e) {
            log.warn("playback: reply failed: {}", e.getMessage());
            closeOutput();
            replySkipped = true;
        }
    }

    private void endReply(Runnable onPlayed) {
        if (inReply && output != null) {
            try {
                drainAndClose();
            } catch (IOException e) {
                log.warn("playback: reply failed: {}", e.getMessage());
            }
        }
        closeOutput();
        inReply = false;
        setPlaying(false);
        if (onPlayed != null) onPlayed.run();
    }

    private void notify(boolean on) {
        try {
            if (on) listener.started();
            else listener.finished();
        } catch (RuntimeException e) {
            log.error("playback listener failed (a bug)", e); // keep playing: a broken listener must not silence replies
        }
    }

    /** Opens an output; null if there is none (warned once). */
    private Player.Output open(PcmFormat format) throws IOException {
        try {
            Player.Output out = player.open(format.rate(), format.channels());
            output = out;
            if (closed) closeOutput();
            return output;
        } catch (NoOutputException e) {
            if (!warnedNoOutput) log.warn("playback: no audio output ({}); replies and cues are not played", e.getMessage());
            else log.debug("playback: no audio output ({})", e.getMessage());
            warnedNoOutput = true;
            return null;
        }
    }

    private void drainAndClose() throws IOException {
        Player.Output out = output;
        try {
            if (out != null) out.drain();
        } finally {
            closeOutput();
        }
    }

    private void closeOutput() {
        Player.Output out = output;
        output = null;
        outputFormat = null;
        if (out != null) out.close();
    }

    private void setPlaying(boolean on) {
        if (playing == on) return;
        playing = on;
        notify(on);
    }

    /** Stops playback at once and ends the thread. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.add(new Stop());
        Player.Output out = output;
        if (out != null) out.close(); // unblocks a write in progress
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
