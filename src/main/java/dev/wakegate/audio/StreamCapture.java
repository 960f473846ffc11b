package dev.wakegate.audio;

import java.io.InputStream;

/** Standard input (a WAV stream or raw PCM), read once to its end. */
public record StreamCapture(InputStream in, AudioInputs.RawFormat raw, int channel) implements Capture {
    @Override
    public AudioSource open() {
        return AudioInputs.open(AudioInputs.STDIN, raw, channel, in);
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public String describe() {
        return "stdin";
    }
}
