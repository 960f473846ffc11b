package dev.wakegate.cli;

import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.Led;
import dev.wakegate.hw.LedException;
import dev.wakegate.hw.MuteSchedule;
import dev.wakegate.hw.NoHardware;
import dev.wakegate.hw.pi4j.Pi4jHardware;
import dev.wakegate.internal.UserError;
import picocli.CommandLine.Option;

import java.util.function.LongConsumer;

/** The mute switch and the LEDs (BCM numbering), and the simulation flags for --gpio mock. */
final class GpioOptions {
    enum Kind { gpiod, mock, none }

    enum Level { high, low }

    @Option(names = "--gpio", paramLabel = "KIND", defaultValue = "gpiod", descriptionKey = "gpio",
            description = "GPIO provider: gpiod (Raspberry Pi), mock (Pi4J's simulation), none (NO hardware mute: desks only). Default: ${DEFAULT-VALUE}.")
    Kind kind;

    @Option(names = "--mute-pin", paramLabel = "BCM", defaultValue = "17", descriptionKey = "mute-pin",
            description = "Mute switch input (BCM). Default: ${DEFAULT-VALUE}.")
    int mutePin;

    @Option(names = "--mute-pull", paramLabel = "PULL", defaultValue = "up", descriptionKey = "mute-pull",
            description = "Bias on the switch input: up, down, off. Default: ${DEFAULT-VALUE}.")
    GpioSettings.Pull pull;

    @Option(names = "--muted-when", paramLabel = "LEVEL", defaultValue = "low", descriptionKey = "muted-when",
            description = "Input level that means muted: low (switch to ground, with pull-up) or high. Default: ${DEFAULT-VALUE}.")
    Level mutedWhen;

    @Option(names = "--mute-debounce-ms", paramLabel = "MS", defaultValue = "10", descriptionKey = "mute-debounce-ms",
            description = "Switch debounce. Default: ${DEFAULT-VALUE} ms.")
    int debounceMs;

    @Option(names = "--stream-led-pin", paramLabel = "BCM", defaultValue = "27", descriptionKey = "stream-led-pin",
            description = "LED that is on exactly while audio leaves the device (BCM). Default: ${DEFAULT-VALUE}.")
    int streamLedPin;

    @Option(names = "--mute-led-pin", paramLabel = "BCM", defaultValue = "22", descriptionKey = "mute-led-pin",
            description = "LED that shows mute, and blinks on capture errors (BCM). Default: ${DEFAULT-VALUE}.")
    int muteLedPin;

    @Option(names = "--mock-mute", paramLabel = "SPANS", descriptionKey = "mock-mute",
            description = "With --gpio mock: flip the simulated switch to muted during these spans of input audio time, e.g. 20-40,70.5-80 (seconds).")
    String mockMute;

    @Option(names = "--mock-led-fault", descriptionKey = "mock-led-fault",
            description = "With --gpio mock: simulate a stream LED that cannot be set (to see the interlock refuse sessions).")
    boolean mockLedFault;

    /** The pins, checked without touching them (for --check too); null for --gpio none. */
    GpioSettings settings() {
        if (kind != Kind.mock && (mockMute != null || mockLedFault))
            throw new UserError("--mock-mute and --mock-led-fault only work with --gpio mock");
        if (mockMute != null) schedule();
        if (debounceMs < 0 || debounceMs > 1000) throw new UserError("--mute-debounce-ms " + debounceMs + " is outside 0-1000. Fix: e.g. --mute-debounce-ms 10");
        if (kind == Kind.none) return null;
        try {
            return new GpioSettings(mutePin, pull, mutedWhen == Level.high, debounceMs * 1000L, streamLedPin, muteLedPin);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + ". Fix: check --mute-pin, --stream-led-pin and --mute-led-pin");
        }
    }

    /** Opens the hardware; fails closed if GPIO is configured but unusable. */
    Hardware open() {
        GpioSettings pins = settings();
        if (pins == null) return NoHardware.create();
        Hardware hw = Pi4jHardware.open(kind == Kind.gpiod ? Pi4jHardware.Provider.gpiod : Pi4jHardware.Provider.mock, pins);
        if (!mockLedFault) return hw;
        return new Hardware(hw.mute(), new FaultyLed(), hw.muteLed(), hw.description() + " (stream LED simulated faulty)", true, hw::close);
    }

    /** Drives the simulated switch from --mock-mute, one call per frame index (before the frame is applied). */
    LongConsumer mockSchedule(Hardware hw) {
        if (mockMute == null) return index -> {};
        MuteSchedule schedule = schedule();
        var flip = Pi4jHardware.mockSwitch(hw);
        boolean[] last = {false};
        return index -> {
            boolean muted = schedule.mutedAt(index * 0.01);
            if (muted != last[0]) {
                last[0] = muted;
                flip.accept(muted);
            }
        };
    }

    private MuteSchedule schedule() {
        try {
            return MuteSchedule.parse(mockMute);
        } catch (IllegalArgumentException e) {
            throw new UserError("--mock-mute: " + e.getMessage());
        }
    }

    /** A stream LED whose pin never reads back on: the interlock must refuse every session. */
    private static final class FaultyLed implements Led {
        @Override
        public void set(boolean on) throws LedException {
            if (on) throw new LedException("stream LED did not read back on (simulated fault)");
        }

        @Override
        public boolean isOn() {
            return false;
        }
    }
}
