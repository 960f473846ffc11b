package dev.wakegate.uplink.wyoming;

import java.util.Objects;

/** A short sound held in memory (a cue): signed 16-bit little-endian PCM. Prints its length only. */
public record Clip(String name, PcmFormat format, byte[] pcm) {
    public Clip {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(pcm, "pcm");
        if (format.width() != 2) throw new IllegalArgumentException("clips are 16-bit");
    }

    public long millis() {
        return format.millis(pcm.length);
    }

    @Override
    public String toString() {
        return "Clip[" + name + ", " + pcm.length + " B, " + millis() + " ms]";
    }
}
