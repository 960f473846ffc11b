package dev.wakegate.hw.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.wakegate.hw.Led;
import dev.wakegate.hw.LedException;

/** An LED on a Pi4J digital output (active high), verified by reading the pin back after each change. */
final class Pi4jLed implements Led {
    private final DigitalOutput pin;
    private final String name;

    Pi4jLed(DigitalOutput pin, String name) {
        this.pin = pin;
        this.name = name;
    }

    @Override
    public void set(boolean on) throws LedException {
        try {
            pin.state(on ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new LedException(name + " cannot be set: " + e.getMessage(), e);
        }
        if (isOn() != on) throw new LedException(name + " did not take the state " + (on ? "on" : "off"));
    }

    @Override
    public boolean isOn() {
        try {
            return pin.state() == DigitalState.HIGH;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
