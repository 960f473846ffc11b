package dev.wakegate.uplink;

import java.util.Locale;
import java.util.Objects;

/**
 * A voice timer of the remote side (Home Assistant's "set a timer for 10 minutes") changed, as the satellite keeps it:
 * for {@code ctl status} and the {@code timer} event. The name is the user's word for it (may be null); the id is the
 * server's.
 *
 * @param secondsLeft what is left when the change happened (0 once it rings)
 * @param running     counting down (false: paused by the user, ringing, or gone)
 * @param detail      why a ringing timer went quiet ("the wake word", "the mute switch", "rang for 600 s"), else null
 */
public record TimerChange(String id, String name, Kind kind, long secondsLeft, boolean running, String detail) {
    public enum Kind {
        STARTED, UPDATED, CANCELLED, RINGING, SILENCED;

        /** The word in events: "started", "updated", "cancelled", "ringing", "silenced". */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TimerChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        secondsLeft = Math.max(0, secondsLeft);
    }
}
