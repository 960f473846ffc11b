package dev.wakegate.uplink.wyoming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays by running a command per reply or cue and writing signed 16-bit little-endian PCM to its standard
 * input, e.g. {@code aplay -q -D plughw:CARD=seeed2micvoicec -r {rate} -c {channels} -f S16_LE -t raw}.
 * {@code {rate}} and {@code {channels}} are replaced by the sound's format. The command is split into words like
 * a shell would, but no shell runs it.
 */
public final class CommandPlayer implements Player {
    private static final Logger log = LoggerFactory.getLogger(CommandPlayer.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");
    /** Extra time a command gets, beyond the audio's length, to finish playing. */
    private static final long DRAIN_SLACK_MILLIS = 5_000;

    private final List<String> template;

    /** @throws IllegalArgumentException for an empty command, unbalanced quotes or an unknown placeholder */
    public CommandPlayer(String commandLine) {
        this.template = CommandLineSplitter.split(commandLine);
        if (template.isEmpty()) throw new IllegalArgumentException("the play command is empty");
        for (String word : template) {
            Matcher m = PLACEHOLDER.matcher(word);
            while (m.find())
                if (!m.group(1).equals("rate") && !m.group(1).equals("channels"))
                    throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "}; use {rate} and {channels}");
        }
    }

    List<String> command(int rate, int channels) {
        var argv = new ArrayList<String>(template.size());
        for (String word : template)
            argv.add(word.replace("{rate}", Integer.toString(rate)).replace("{channels}", Integer.toString(channels)));
        return argv;
    }

    @Override
    public Output open(int rate, int channels) throws IOException {
        List<String> argv = command(rate, channels);
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new NoOutputException("cannot run the play command '" + argv.getFirst() + "': " + e.getMessage());
        }
        return new ProcessOutput(process, rate * channels * 2L);
    }

    private static final class ProcessOutput implements Output {
        private final Process process;
        private final OutputStream stdin;
        private final long bytesPerSecond;
        private long written;

        ProcessOutput(Process process, long bytesPerSecond) {
            this.process = process;
            this.stdin = process.getOutputStream();
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public void write(byte[] pcm, int off, int len) throws IOException {
            stdin.write(pcm, off, len);
            written += len;
        }

        @Override
        public void drain() throws IOException {
            stdin.close();
            long wait = written * 1000 / bytesPerSecond + DRAIN_SLACK_MILLIS;
            try {
                if (!process.waitFor(wait, TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    throw new IOException("the play command did not finish within " + wait / 1000 + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new IOException("interrupted");
            }
            if (process.exitValue() != 0) log.warn("playback: the play command exited with status {}", process.exitValue());
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                log.debug("playback: closing the command's input: {}", e.getMessage());
            }
            if (process.isAlive()) process.destroy();
        }
    }
}
