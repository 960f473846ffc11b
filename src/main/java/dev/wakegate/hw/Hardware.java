package dev.wakegate.hw;

/**
 * The owner-facing hardware: the mute switch, the LED that is on exactly while audio leaves the device, and
 * the LED that shows mute (and blinks on error).
 *
 * @param description what this is, for the start-up log ("gpiod: mute BCM17, stream LED BCM27, mute LED BCM22")
 * @param real        false for {@code --gpio none}: no physical mute exists
 */
public record Hardware(MuteSwitch mute, Led streamLed, Led muteLed, String description, boolean real,
                       Resources resources) implements AutoCloseable {
    /** What must be released last (the Pi4J context). */
    @FunctionalInterface
    public interface Resources {
        void release();
    }

    @Override
    public void close() {
        try {
            streamLed.close();
            muteLed.close();
            mute.close();
        } finally {
            resources.release();
        }
    }
}
