package dev.wakegate.uplink.wyoming;

import java.time.Duration;
import java.util.Objects;

/**
 * How a finished timer rings: {@code clip} once every {@code every}, for at most {@code limit}.
 *
 * @param clip  the sound, or null for none (the timer is still shown as ringing)
 * @param every one ring per this interval; the detector hears the room between rings, so the wake word can stop it
 * @param limit the rings stop after this long
 */
public record Alarm(Clip clip, Duration every, Duration limit) {
    /** 3 s: a 0.4 s ring, and most of the rest for the detector to hear the wake word. */
    public static final Duration EVERY = Duration.ofSeconds(3);
    public static final Duration LIMIT = Duration.ofMinutes(10);

    public Alarm {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(limit, "limit");
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be positive");
        if (limit.isNegative()) throw new IllegalArgumentException("limit must not be negative");
    }

    /** The bundled alarm, every 3 s, for 10 minutes at most. */
    public static Alarm bundled() {
        return new Alarm(Cues.bundled("alarm"), EVERY, LIMIT);
    }
}
