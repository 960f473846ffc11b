package dev.wakegate.audio;

import java.io.IOException;

/** Where live audio comes from, re-openable after a failure. */
public interface Capture {

    /** Opens (or re-opens) the source. */
    AudioSource open() throws IOException;

    /** A device or a command: stopped while muted, re-opened on failure. A file or stdin is read once. */
    boolean live();

    /** For logs: "device 'ArrayUAC10'", "command arecord …", "file kitchen.wav". */
    String describe();

    /** Paces reading at real time (a file with --realtime; live sources are paced by the hardware). */
    default boolean paced() {
        return false;
    }
}
