package dev.wakegate.hw;

import dev.wakegate.hw.pi4j.Pi4jHardware;
import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our Pi4J adapter against Pi4J's own mock provider. */
class Pi4jHardwareTest {
    private static final GpioSettings PINS = GpioSettings.PI_DEFAULTS.withDebounceMicros(0);

    @Test
    void theMockSwitchStartsOpenAndItsChangesReachListeners() throws Exception {
        try (Hardware hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, PINS)) {
            assertFalse(hw.mute().muted());
            List<Boolean> seen = new CopyOnWriteArrayList<>();
            hw.mute().onChange(seen::add);
            Pi4jHardware.mockSwitch(hw).accept(true);
            assertTrue(hw.mute().muted(), "a switch to ground with a pull-up reads as muted");
            Pi4jHardware.mockSwitch(hw).accept(false);
            assertFalse(hw.mute().muted());
            assertEquals(List.of(true, false), seen);
        }
    }

    @Test
    void activeHighSwitchesAreReadTheOtherWayRound() throws Exception {
        try (Hardware hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, new GpioSettings(5, GpioSettings.Pull.down, true, 0, 6, 13))) {
            assertFalse(hw.mute().muted());
            Pi4jHardware.mockSwitch(hw).accept(true);
            assertTrue(hw.mute().muted());
        }
    }

    @Test
    void ledsAreSetAndReadBack() throws Exception {
        try (Hardware hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, PINS)) {
            hw.streamLed().set(true);
            assertTrue(hw.streamLed().isOn());
            assertFalse(hw.muteLed().isOn(), "each LED is its own pin");
            hw.streamLed().set(false);
            assertFalse(hw.streamLed().isOn());
        }
    }

    @Test
    void gpioThatCannotBeOpenedRefusesToStart() {
        // this machine has no gpiochip: the gpiod provider must fail closed, with one line naming the fix
        var e = assertThrows(UserError.class, () -> Pi4jHardware.open(Pi4jHardware.Provider.gpiod, PINS).close());
        assertTrue(e.getMessage().contains("GPIO"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void pinsMustBeDistinctAndInRange() {
        assertThrows(IllegalArgumentException.class, () -> new GpioSettings(17, GpioSettings.Pull.up, false, 0, 17, 22));
        assertThrows(IllegalArgumentException.class, () -> new GpioSettings(40, GpioSettings.Pull.up, false, 0, 27, 22));
    }

    @Test
    void muteSchedulesParseSpansOfSeconds() {
        var s = MuteSchedule.parse("70.5-80, 20-40");
        assertTrue(s.mutedAt(20));
        assertTrue(s.mutedAt(39.99));
        assertFalse(s.mutedAt(40));
        assertTrue(s.mutedAt(75));
        assertFalse(s.mutedAt(50));
        assertThrows(IllegalArgumentException.class, () -> MuteSchedule.parse("40-20"));
        assertThrows(IllegalArgumentException.class, () -> MuteSchedule.parse("soon"));
    }
}
