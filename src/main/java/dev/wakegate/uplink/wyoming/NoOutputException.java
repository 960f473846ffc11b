package dev.wakegate.uplink.wyoming;

import java.io.IOException;

/** There is nothing to play on: no audio output device, or the play command cannot be run. Playback is skipped. */
public final class NoOutputException extends IOException {
    public NoOutputException(String message) {
        super(message);
    }
}
