package dev.wakegate.uplink.wyoming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays through Java Sound's default output ({@link SourceDataLine}). If the device refuses the reply's own
 * rate or channel count, it falls back to stereo and to 48 or 44.1 kHz, converting on the way.
 */
public final class JavaSoundPlayer implements Player {
    private static final Logger log = LoggerFactory.getLogger(JavaSoundPlayer.class);
    private static final int BUFFER_MILLIS = 200;

    @Override
    public Output open(int rate, int channels) throws IOException {
        Line.Info any = new Line.Info(SourceDataLine.class);
        if (AudioSystem.getSourceLineInfo(any).length == 0) throw new NoOutputException("Java Sound sees no audio output device");
        String last = "no line supports it";
        for (int[] candidate : candidates(rate, channels)) {
            int r = candidate[0], ch = candidate[1];
            var format = new AudioFormat(r, 16, ch, true, false);
            if (!AudioSystem.isLineSupported(new DataLine.Info(SourceDataLine.class, format))) continue;
            try {
                SourceDataLine line = AudioSystem.getSourceDataLine(format);
                line.open(format, Math.max(4096, r * ch * 2 * BUFFER_MILLIS / 1000));
                line.start();
                if (r != rate || ch != channels) log.debug("playback: {} Hz {} ch played as {} Hz {} ch", rate, channels, r, ch);
                return new LineOutput(line, r == rate && ch == channels ? null : new LinearResampler(rate, r, channels, ch));
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                last = e.getMessage();
            }
        }
        throw new NoOutputException("no Java Sound output plays " + rate + " Hz " + channels + " ch (" + last + ")");
    }

    private static List<int[]> candidates(int rate, int channels) {
        var list = new ArrayList<int[]>();
        list.add(new int[]{rate, channels});
        if (channels == 1) list.add(new int[]{rate, 2});
        for (int r : new int[]{48_000, 44_100}) {
            if (r == rate) continue;
            list.add(new int[]{r, channels});
            if (channels == 1) list.add(new int[]{r, 2});
        }
        return list;
    }

    private static final class LineOutput implements Output {
        private final SourceDataLine line;
        private final LinearResampler resampler; // null: the device takes the format as it is

        LineOutput(SourceDataLine line, LinearResampler resampler) {
            this.line = line;
            this.resampler = resampler;
        }

        @Override
        public void write(byte[] pcm, int off, int len) throws IOException {
            if (!line.isOpen()) throw new IOException("output closed");
            if (resampler == null) {
                line.write(pcm, off, len - len % line.getFormat().getFrameSize());
            } else {
                byte[] converted = resampler.process(pcm, off, len);
                line.write(converted, 0, converted.length);
            }
        }

        @Override
        public void drain() {
            if (line.isOpen()) line.drain();
        }

        @Override
        public void close() {
            line.close();
        }
    }
}
