package dev.wakegate.audio;

import java.nio.file.Path;

/** A WAV file as the input of {@code run}: as fast as possible, or at real time with {@code --realtime}. */
public record FileCapture(Path file, int channel, boolean realtime) implements Capture {
    @Override
    public AudioSource open() {
        return WavReader.open(file, channel);
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public boolean paced() {
        return realtime;
    }

    @Override
    public String describe() {
        return "file " + file + (realtime ? " (real time)" : "");
    }
}
