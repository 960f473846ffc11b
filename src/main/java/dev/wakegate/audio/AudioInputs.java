package dev.wakegate.audio;

import dev.wakegate.internal.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Opens the inputs named on the command line: a WAV file, or "-" for standard input. */
public final class AudioInputs {
    public static final String STDIN = "-";

    private AudioInputs() {}

    /**
     * Opens {@code input}. On standard input, a stream that starts with a RIFF header is read as WAV; anything
     * else is raw PCM in {@code raw}'s format.
     *
     * @param channel the channel to keep, or {@link InputFormat#DOWNMIX}
     */
    public static PcmDecoder open(String input, RawFormat raw, int channel, InputStream stdin) {
        if (!STDIN.equals(input)) return WavReader.open(Path.of(input), channel);
        try {
            var in = new BufferedInputStream(stdin, 1 << 16);
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            if (head.length == 0) throw new UserError("stdin: no audio (the input was empty). Fix: pipe a WAV stream or raw PCM into it");
            if (Arrays.equals(head, "RIFF".getBytes(StandardCharsets.US_ASCII)))
                return WavReader.open(in, -1, "stdin", channel);
            return new PcmDecoder(in, raw.withChannel(channel, "stdin"), -1, "stdin");
        } catch (IOException e) {
            throw new UserError("stdin: cannot read (" + e.getMessage() + ")");
        }
    }

    /** The format of headerless PCM (stdin, a capture command's output). */
    public record RawFormat(SampleEncoding encoding, int sampleRate, int channels) {
        public static final RawFormat DEFAULT = new RawFormat(SampleEncoding.S16_LE, Pcm.SAMPLE_RATE, 1);

        public InputFormat withChannel(int channel, String what) {
            try {
                return new InputFormat(encoding, sampleRate, channels, channel);
            } catch (IllegalArgumentException e) {
                throw new UserError(what + ": " + e.getMessage() + ". Fix: check --rate, --channels and --channel");
            }
        }
    }
}
