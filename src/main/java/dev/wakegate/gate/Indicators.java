package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.Led;
import dev.wakegate.hw.LedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The two LEDs as the gate drives them: the stream LED, on exactly while a session may send, and the mute LED, which
 * shows the switch and blinks while capture is failing. Every change is announced as a {@link GateEvent.Led}.
 */
final class Indicators {
    private static final Logger log = LoggerFactory.getLogger(Indicators.class);
    /** The mute LED's half-period while blinking for a capture error. */
    private static final long BLINK_NANOS = 500_000_000L;

    private final Hardware hardware;
    private final Consumer<GateEvent> events;
    private final LongSupplier frameEnd;
    private long lastBlink;
    private boolean blinkOn;

    /** @param frameEnd the audio time events are stamped with (absolute sample position) */
    Indicators(Hardware hardware, Consumer<GateEvent> events, LongSupplier frameEnd) {
        this.hardware = hardware;
        this.events = events;
        this.frameEnd = frameEnd;
    }

    /** The interlock: the stream LED on and read back on, or a {@link LedException}; the session must then be refused. */
    void streamOn() throws LedException {
        hardware.streamLed().set(true);
        events.accept(new GateEvent.Led(seconds(), "stream", true));
    }

    void streamOff() {
        set(hardware.streamLed(), "stream", false);
    }

    void showMute(boolean muted) {
        set(hardware.muteLed(), "mute", muted);
    }

    /** Called while in ERROR: toggles the mute LED every half second. */
    void blink(long nanoTime) {
        if (nanoTime - lastBlink < BLINK_NANOS) return;
        lastBlink = nanoTime;
        blinkOn = !blinkOn;
        try {
            hardware.muteLed().set(blinkOn);
        } catch (LedException e) {
            log.debug("mute LED blink failed: {}", e.getMessage());
        }
    }

    private void set(Led led, String name, boolean on) {
        try {
            led.set(on);
        } catch (LedException e) {
            log.error("{} LED: {}", name, e.getMessage());
            events.accept(new GateEvent.Error(seconds(), name + " LED: " + e.getMessage()));
            return;
        }
        events.accept(new GateEvent.Led(seconds(), name, on));
    }

    private double seconds() {
        return Pcm.seconds(frameEnd.getAsLong());
    }
}
