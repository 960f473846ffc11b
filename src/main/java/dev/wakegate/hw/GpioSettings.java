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

    public GpioSettings {
        for (int pin : new int[]{mutePin, streamLedPin, muteLedPin})
            if (pin < 0 || pin > 27) throw new IllegalArgumentException("BCM pin " + pin + " is outside 0-27");
        if (mutePin == streamLedPin || mutePin == muteLedPin || streamLedPin == muteLedPin)
            throw new IllegalArgumentException("the mute switch and the two LEDs need three different pins");
        if (debounceMicros < 0) throw new IllegalArgumentException("debounce must not be negative");
    }
}
