package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audio.WavReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * espeak-ng (a small Debian package) saying a phrase, for enrollment only: the wake phrase said by other voices, and
 * phrases one sound away from it, which the {@link WordVerifier} learns to tell apart. Never used while listening.
 *
 * @param command the program, "espeak-ng" on the PATH unless a test names another
 * @param timeout how long one call may take before the process is killed and the call fails
 */
public record Espeak(String command, Duration timeout) {
    /** Far more than any phrase takes to say (a fraction of a second), but not forever: enroll waits on it. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** More than any phrase takes to say: what is said after it is cut. */
    private static final double MAX_SECONDS = 30;

    /** {@code command} given {@link #TIMEOUT} per call. */
    public Espeak(String command) {
        this(command, TIMEOUT);
    }

    /** espeak-ng if it runs here, else null. */
    public static Espeak find() {
        var espeak = new Espeak("espeak-ng");
        try {
            return espeak.run(List.of("--version")).length > 0 ? espeak : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** How espeak-ng's American voice spells {@code phrase} in its phoneme mnemonics, one string per word ("h'eI", "k@mpj'u:t3"). */
    public List<String> phonemes(String phrase) throws IOException {
        String out = new String(run(List.of("-q", "-x", "-v", "en-us", phrase)), StandardCharsets.UTF_8).strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /**
     * {@code text} said by {@code voice} at {@code wordsPerMinute} and {@code pitch} (0-99), as 16 kHz mono with half a
     * second of silence either side, as a take is recorded. Text in [[ ]] is read as phoneme mnemonics.
     */
    public short[] say(String text, String voice, int wordsPerMinute, int pitch) throws IOException {
        byte[] wav = run(List.of("-v", voice, "-s", Integer.toString(wordsPerMinute), "-p", Integer.toString(pitch), "--stdout", text));
        short[] speech = new short[(int) Math.min(Pcm.samples(MAX_SECONDS), wav.length)];   // its samples at 16 kHz fit in its bytes from 8 kHz up
        try (var decoder = WavReader.open(new ByteArrayInputStream(wav), -1, "espeak-ng", -1)) {
            speech = Arrays.copyOf(speech, decoder.readFully(speech, 0, speech.length));
        }
        int pad = (int) Pcm.samples(0.5);
        short[] out = new short[pad + speech.length + pad];
        System.arraycopy(speech, 0, out, pad, speech.length);
        return out;
    }

    private byte[] run(List<String> args) throws IOException {
        var command = new java.util.ArrayList<String>();
        command.add(this.command);
        command.addAll(args);
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var stalled = new AtomicBoolean();
        // Killed when late even while it holds its output open, which would keep the read below waiting forever.
        process.onExit().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(late -> {
            stalled.set(true);
            process.destroyForcibly();
            return process;
        });
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(this.command + " interrupted");
        }
        if (stalled.get()) throw new IOException(this.command + " did not finish in " + timeout.toSeconds() + " s");
        if (process.exitValue() != 0) throw new IOException(this.command + " failed (exit " + process.exitValue() + ")");
        return out;
    }
}
