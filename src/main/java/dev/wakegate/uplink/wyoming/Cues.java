package dev.wakegate.uplink.wyoming;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.InputFormat;
import dev.wakegate.audio.Pcm;
import dev.wakegate.audio.PcmDecoder;
import dev.wakegate.audio.WavReader;
import dev.wakegate.internal.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The two short sounds of a session: "awake" when the wake word is confirmed and streaming starts, "done" when
 * the session ends. They play through the {@link Speaker}, so the {@link PlaybackListener} keeps the detector
 * deaf to them. The bundled ones ({@code /cues/awake.wav}, {@code /cues/done.wav}) are made by
 * {@code scripts/make-cues.sh}.
 */
public final class Cues {
    /** Longer cues are refused: they would keep the detector deaf for long. */
    static final double MAX_SECONDS = 5.0;

    private final Speaker speaker;
    private final Clip awake, done;

    /** Either clip may be null (no sound). */
    public Cues(Speaker speaker, Clip awake, Clip done) {
        this.speaker = speaker;
        this.awake = awake;
        this.done = done;
    }

    public void awake() {
        if (awake != null) speaker.play(awake);
    }

    public void done() {
        if (done != null) speaker.play(done);
    }

    /** A bundled cue: {@code "awake"} or {@code "done"}. */
    public static Clip bundled(String name) {
        String resource = "/cues/" + name + ".wav";
        try (InputStream raw = Cues.class.getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing resource " + resource);
            var in = new BufferedInputStream(raw);
            return read(name, WavReader.open(in, -1, resource, InputFormat.DOWNMIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A WAV file in any format WavReader reads; converted to 16 kHz mono 16-bit. */
    public static Clip load(Path wav) {
        try (PcmDecoder in = WavReader.open(wav, InputFormat.DOWNMIX)) {
            return read(wav.getFileName().toString(), in);
        } catch (IOException e) {
            throw new UserError(wav + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static Clip read(String name, AudioSource in) throws IOException {
        int max = (int) Pcm.samples(MAX_SECONDS);
        short[] samples = new short[max + 1];
        int n = in.readFully(samples, 0, samples.length);
        if (n > max)
            throw new UserError("%s: longer than %.0f s; a cue should be short. Fix: sox %s short.wav trim 0 1".formatted(name, MAX_SECONDS, name));
        byte[] pcm = new byte[n * 2];
        Pcm.toBytes(samples, 0, n, pcm, 0);
        return new Clip(name, PcmFormat.MIC, pcm);
    }
}
