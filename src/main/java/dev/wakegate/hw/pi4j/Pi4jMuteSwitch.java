package dev.wakegate.hw.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.wakegate.hw.MuteSwitch;

import java.util.function.Consumer;

/** A mute switch on a Pi4J digital input; receives the pin, never builds a context. */
final class Pi4jMuteSwitch implements MuteSwitch {
    private final DigitalInput pin;
    private final boolean mutedWhenHigh;

    Pi4jMuteSwitch(DigitalInput pin, boolean mutedWhenHigh) {
        this.pin = pin;
        this.mutedWhenHigh = mutedWhenHigh;
    }

    DigitalInput pin() {
        return pin;
    }

    boolean mutedWhenHigh() {
        return mutedWhenHigh;
    }

    @Override
    public boolean muted() {
        DigitalState s = pin.state();
        if (s == null || s == DigitalState.UNKNOWN) throw new IllegalStateException("the mute switch reads as unknown");
        return s.isHigh() == mutedWhenHigh;
    }

    @Override
    public void onChange(Consumer<Boolean> listener) {
        pin.addListener(e -> listener.accept(e.state().isHigh() == mutedWhenHigh));
    }
}
