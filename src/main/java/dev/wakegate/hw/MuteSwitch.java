package dev.wakegate.hw;

import java.util.function.Consumer;

/** The physical mute switch. Software can read it and listen to it, never set it. */
public interface MuteSwitch extends AutoCloseable {

    /** Reads the switch now. */
    boolean muted();

    /** Called on a hardware thread whenever the switch changes (true = muted). */
    void onChange(Consumer<Boolean> listener);

    @Override
    default void close() {}
}
