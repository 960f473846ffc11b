package dev.wakegate.uplink.wyoming;

import java.io.IOException;

/**
 * Plays signed 16-bit little-endian PCM: replies from Home Assistant and wakegate's cues. Used from one
 * playback thread ({@link Speaker}); an {@link Output} may additionally be closed from another thread.
 */
public interface Player {

    /**
     * Opens an output for one reply or cue.
     *
     * @throws NoOutputException if there is nothing to play on (no device, the play command cannot run)
     * @throws IOException       if this output could not be opened
     */
    Output open(int rate, int channels) throws IOException;

    interface Output extends AutoCloseable {
        /** Writes whole frames; blocks while the device plays. */
        void write(byte[] pcm, int off, int len) throws IOException;

        /** Returns when everything written has been played. */
        void drain() throws IOException;

        /** Stops at once and releases the device; idempotent, callable from any thread. */
        @Override
        void close();
    }
}
