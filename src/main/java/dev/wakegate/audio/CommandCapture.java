package dev.wakegate.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external command's standard output as raw PCM, e.g. {@code arecord -D plughw:CARD=ArrayUAC10 -f S16_LE -r 16000
 * -c 6 -t raw}. The command's exit is a capture failure: it is started again after a back-off.
 */
public final class CommandCapture implements Capture {
    private final List<String> command;
    private final AudioInputs.RawFormat raw;
    private final int channel;

    public CommandCapture(String commandLine, AudioInputs.RawFormat raw, int channel) {
        this.command = split(commandLine);
        if (command.isEmpty()) throw new IllegalArgumentException("empty --command");
        this.raw = raw;
        this.channel = channel;
        raw.withChannel(channel, "--command");
    }

    @Override
    public AudioSource open() throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        InputStream out = process.getInputStream();
        var decoder = new PcmDecoder(out, raw.withChannel(channel, "--command"), -1, describe());
        return new AudioSource() {
            @Override
            public int read(short[] dst, int off, int len) throws IOException {
                int n = decoder.read(dst, off, len);
                if (n < 0) {
                    int code = waitBriefly(process);
                    throw new IOException("the capture command ended" + (code >= 0 ? " (exit code " + code + ")" : ""));
                }
                return n;
            }

            @Override
            public String name() {
                return describe();
            }

            /** Ends the command and whatever it started (a shell's children keep the pipe open otherwise). */
            @Override
            public void close() throws IOException {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                decoder.close();
            }
        };
    }

    private static int waitBriefly(Process p) {
        try {
            return p.waitFor(200, TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return "command " + String.join(" ", command);
    }

    /** Splits a command line on spaces, honouring single and double quotes (no shell is involved). */
    static List<String> split(String line) {
        var parts = new ArrayList<String>();
        var cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) parts.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unbalanced quote in --command");
        if (any || cur.length() > 0) parts.add(cur.toString());
        return parts;
    }
}
