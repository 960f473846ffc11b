package dev.wakegate.hw.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.definition.BoardModel;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.library.gpiod.internal.GpioDContext;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
import dev.wakegate.internal.UserError;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds the hardware on Pi4J 3: the gpiod provider on a Raspberry Pi, or Pi4J's own mock provider for
 * simulation and tests. The only package that imports Pi4J. Fails closed: if the pins cannot be opened or the
 * switch cannot be read, it refuses to start.
 */
public final class Pi4jHardware {
    public enum Provider { gpiod, mock }

    private Pi4jHardware() {}

    public static Hardware open(Provider provider, GpioSettings pins) {
        if (provider == Provider.gpiod) {
            BoardModel board = BoardInfoHelper.current().getBoardModel();
            if (board == BoardModel.UNKNOWN) requireKnownBoard(board, boardCode(), boardName()); // reads them again only to say why
            openGpioChip();
        }
        Context context = buildContext(provider);
        try {
            DigitalInput mute = context.create(DigitalInput.newConfigBuilder(context).id("mute-switch").name("mute switch")
                    .address(pins.mutePin()).pull(pull(pins.pull())).debounce(pins.debounceMicros()).provider(inputProvider(provider)));
            DigitalOutput streamLed = output(context, provider, "stream-led", pins.streamLedPin());
            DigitalOutput muteLed = output(context, provider, "mute-led", pins.muteLedPin());
            if (mute instanceof com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput m) // a simulated switch starts open
                m.mockState(pins.mutedWhenHigh() ? DigitalState.LOW : DigitalState.HIGH);
            var muteSwitch = new Pi4jMuteSwitch(mute, pins.mutedWhenHigh());
            muteSwitch.muted(); // fail closed: a switch that cannot be read stops us here
            String what = "%s: mute switch BCM%d (%s, muted when %s), stream LED BCM%d, mute LED BCM%d".formatted(provider,
                    pins.mutePin(), pins.pull(), pins.mutedWhenHigh() ? "high" : "low", pins.streamLedPin(), pins.muteLedPin());
            return new Hardware(muteSwitch, new Pi4jLed(streamLed, "stream LED"), new Pi4jLed(muteLed, "mute LED"), what, true,
                    context::shutdown);
        } catch (RuntimeException e) {
            shutdownQuietly(context);
            throw new UserError("GPIO (" + provider + ") cannot be used: " + rootMessage(e)
                    + ". Fix: check the pins, that this user is in the 'gpio' group, and /dev/gpiochip*; refusing to start without the mute switch");
        }
    }

    /**
     * Flips the simulated switch of mock hardware (true = muted), through Pi4J's own mock input, which fires the
     * same change events a real pin would. For {@code --mock-mute} and tests.
     */
    public static Consumer<Boolean> mockSwitch(Hardware hardware) {
        if (hardware.mute() instanceof Pi4jMuteSwitch s && s.pin() instanceof com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput m)
            return muted -> m.mockState(muted == s.mutedWhenHigh() ? DigitalState.HIGH : DigitalState.LOW);
        throw new IllegalStateException("the switch is not Pi4J's mock");
    }

    /**
     * Pi4J's gpiod provider opens no chip on a board it does not know (it logs a warning, then every pin fails with "No
     * gpio chip yet initialized"). Pi4J knows a board by its revision code in /proc/cpuinfo, else by the name in
     * /proc/device-tree/model: a Pi 5 rev 1.1 (d04171, missing from Pi4J 3.0.4's table) is known by its name.
     */
    static void requireKnownBoard(BoardModel model, String code, String name) {
        if (model != BoardModel.UNKNOWN) return;
        throw new UserError("GPIO (gpiod): Pi4J does not know this board (" + (name.isBlank() ? "no /proc/device-tree/model" : "'" + name + "'")
                + ", revision " + (code.isBlank() ? "unknown" : code) + "), and its gpiod provider works only on a Raspberry Pi it knows."
                + " Fix: on a Raspberry Pi, report the model and revision to wakegate; elsewhere use --gpio mock (simulation) or --gpio none");
    }

    /**
     * Opens the GPIO chip as Pi4J's gpiod provider would (its bundled libgpiod, unpacked into java.io.tmpdir, lists the
     * chips and takes the 'pinctrl' one). Done first because Pi4J reports a provider that failed here only as a logged
     * stack trace and then "provider could not be found", which sends people to the class path instead of /dev.
     */
    private static void openGpioChip() {
        try {
            GpioDContext.getInstance().initialize();
        } catch (RuntimeException | LinkageError e) {
            throw new UserError("GPIO (gpiod): " + GpioChips.diagnose(Path.of("/dev"), System.getProperty("user.name"), rootMessage(e)));
        }
    }

    private static String boardCode() {
        try {
            return BoardInfoHelper.getBoardVersionCode().strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String boardName() {
        try {
            return BoardInfoHelper.getBoardName().replace('\0', ' ').strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Context buildContext(Provider provider) {
        try {
            return switch (provider) {
                case gpiod -> Pi4J.newContextBuilder().add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance()).build();
                case mock -> Pi4J.newContextBuilder().add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
            };
        } catch (RuntimeException | LinkageError e) {
            throw new UserError("GPIO (" + provider + ") is not available: " + rootMessage(e)
                    + ". Fix: on a Raspberry Pi install libgpiod (scripts/install.sh); elsewhere use --gpio mock");
        }
    }

    private static DigitalOutput output(Context context, Provider provider, String id, int pin) {
        return context.create(DigitalOutput.newConfigBuilder(context).id(id).address(pin).initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW).provider(outputProvider(provider)));
    }

    private static String inputProvider(Provider p) {
        return p == Provider.gpiod ? GpioDDigitalInputProvider.ID : MockDigitalInputProvider.ID;
    }

    private static String outputProvider(Provider p) {
        return p == Provider.gpiod ? GpioDDigitalOutputProvider.ID : MockDigitalOutputProvider.ID;
    }

    private static PullResistance pull(GpioSettings.Pull pull) {
        return switch (pull) {
            case up -> PullResistance.PULL_UP;
            case down -> PullResistance.PULL_DOWN;
            case off -> PullResistance.OFF;
        };
    }

    private static void shutdownQuietly(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException ignored) {
            // already failing; the original error is what the user needs to see
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
