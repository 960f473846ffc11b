package dev.wakegate.hw;

import java.util.function.Consumer;

/** {@code --gpio none}: no switch (never muted) and LEDs that only exist in memory. For desks, not for homes. */
public final class NoHardware {
    private NoHardware() {}

    public static Hardware create() {
        return new Hardware(new NeverMuted(), new MemoryLed(), new MemoryLed(), "none: NO hardware mute switch, NO LEDs", false, () -> {});
    }

    private static final class NeverMuted implements MuteSwitch {
        @Override
        public boolean muted() {
            return false;
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {}
    }

    private static final class MemoryLed implements Led {
        private volatile boolean on;

        @Override
        public void set(boolean on) {
            this.on = on;
        }

        @Override
        public boolean isOn() {
            return on;
        }
    }
}
