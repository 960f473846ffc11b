package dev.wakegate.hw;

/**
 * Which pins do what (BCM numbering).
 *
 * @param mutePin        the mute switch input
 * @param pull           the input's bias resistor
 * @param mutedWhenHigh  the level that means "muted" (a switch to ground with a pull-up: false)
 * @param debounceMicros how long the switch must be stable before a change counts
 * @param streamLedPin   the LED that is on exactly while audio leaves the device
 * @param muteLedPin     the LED that shows mute (blinks on error)
 */
public record GpioSettings(int mutePin, Pull pull, boolean mutedWhenHigh, long debounceMicros, int streamLedPin, int muteLedPin) {
    public enum Pull { up, down, off }

    /**
     * The wiring the README describes: a switch from BCM 17 to ground (pull-up, muted when low, 10 ms debounce), the
     * stream LED on BCM 27 and the mute LED on BCM 22.
     */
    public static final GpioSettings PI_DEFAULTS = new GpioSettings(17, Pull.up, false, 10_000, 27, 22);

    public GpioSettings {
        for (int pin : new int[]{mutePin, streamLedPin, muteLedPin})
            if (pin < 0 || pin > 27) throw new IllegalArgumentException("BCM pin " + pin + " is outside 0-27");
        if (mutePin == streamLedPin || mutePin == muteLedPin || streamLedPin == muteLedPin)
            throw new IllegalArgumentException("the mute switch and the two LEDs need three different pins");
        if (debounceMicros < 0) throw new IllegalArgumentException("debounce must not be negative");
    }

    public GpioSettings withDebounceMicros(long micros) {
        return new GpioSettings(mutePin, pull, mutedWhenHigh, micros, streamLedPin, muteLedPin);
    }
}
