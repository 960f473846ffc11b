package dev.wakegate.audio;

import dev.wakegate.internal.UserError;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java Sound capture device chosen by a distinctive part of its name. Asks the device for 16-bit PCM at 16 kHz
 * (falling back to 48 or 44.1 kHz, resampled here) with the given channel count.
 */
public final class JavaSoundCapture implements Capture {
    private static final float[] RATES = {16_000f, 48_000f, 44_100f};
    private final String nameFragment;
    private final int channels;
    private final int channel;

    public JavaSoundCapture(String nameFragment, int channels, int channel) {
        this.nameFragment = nameFragment;
        this.channels = channels;
        this.channel = channel;
    }

    /** Fails at start, with the list of devices, if no device matches (unplugged later is a capture failure). */
    public void checkExists() {
        List<String> names = new ArrayList<>();
        for (var info : AudioSystem.getMixerInfo()) {
            if (!AudioSystem.getMixer(info).isLineSupported(new DataLine.Info(TargetDataLine.class, null))) continue;
            if (info.getName().toLowerCase().contains(nameFragment.toLowerCase())) return;
            names.add(info.getName());
        }
        throw new UserError("no capture device matches '" + nameFragment + "'" + (names.isEmpty() ? " (Java Sound sees none)" : "; devices: " + String.join(", ", names))
                + ". Fix: see 'wakegate devices', or capture with --command \"arecord …\"");
    }

    @Override
    public AudioSource open() throws IOException {
        Mixer mixer = find();
        for (float rate : RATES) {
            var format = new AudioFormat(rate, 16, channels, true, false);
            var info = new DataLine.Info(TargetDataLine.class, format);
            if (!mixer.isLineSupported(info)) continue;
            try {
                var line = (TargetDataLine) mixer.getLine(info);
                line.open(format, (int) rate / 10 * format.getFrameSize()); // 100 ms buffer
                line.start();
                var input = new AudioInputStream(line);
                var decoder = new PcmDecoder(input, new InputFormat(SampleEncoding.S16_LE, (int) rate, channels, channel), -1, describe());
                return new AudioSource() {
                    @Override
                    public int read(short[] dst, int off, int len) throws IOException {
                        int n = decoder.read(dst, off, len);
                        if (n < 0 || !line.isOpen()) throw new IOException("the capture device stopped delivering audio");
                        return n;
                    }

                    @Override
                    public String name() {
                        return describe();
                    }

                    @Override
                    public void close() {
                        line.stop();
                        line.close();
                    }
                };
            } catch (LineUnavailableException | IllegalArgumentException e) {
                throw new IOException("cannot open " + mixer.getMixerInfo().getName() + ": " + e.getMessage(), e);
            }
        }
        throw new IOException(mixer.getMixerInfo().getName() + " supports no 16-bit " + channels + "-channel format at 16, 48 or 44.1 kHz");
    }

    private Mixer find() throws IOException {
        for (var info : AudioSystem.getMixerInfo())
            if (info.getName().toLowerCase().contains(nameFragment.toLowerCase())
                    && AudioSystem.getMixer(info).isLineSupported(new DataLine.Info(TargetDataLine.class, null)))
                return AudioSystem.getMixer(info);
        throw new IOException("capture device '" + nameFragment + "' is not present");
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return "device '" + nameFragment + "'";
    }
}
