package dev.wakegate.hw;

/** An indicator LED. {@link #set} reads the pin back and throws if it did not take the state. */
public interface Led extends AutoCloseable {

    /** Sets the LED and verifies it by reading it back. */
    void set(boolean on) throws LedException;

    /** What the LED shows now, read from the hardware. */
    boolean isOn();

    @Override
    default void close() {}
}
