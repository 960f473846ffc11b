package dev.wakegate.uplink.wyoming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A player that plays instantly into memory and records what it was given. */
final class RecordingPlayer implements Player {
    /** One opened output: its format and everything written to it. */
    record Played(int rate, int channels, byte[] pcm) {}

    private final List<Played> played = new ArrayList<>();

    @Override
    public synchronized Output open(int rate, int channels) {
        var buffer = new ByteArrayOutputStream();
        return new Output() {
            private boolean closed;

            @Override
            public void write(byte[] pcm, int off, int len) throws IOException {
                if (closed) throw new IOException("closed");
                buffer.write(pcm, off, len);
            }

            @Override
            public void drain() {}

            @Override
            public void close() {
                synchronized (RecordingPlayer.this) {
                    if (closed) return;
                    closed = true;
                    played.add(new Played(rate, channels, buffer.toByteArray()));
                }
            }
        };
    }

    synchronized List<Played> played() {
        return List.copyOf(played);
    }
}
