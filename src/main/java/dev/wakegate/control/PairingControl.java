package dev.wakegate.control;

import java.util.List;

/** The satellite's pairing with its Home Assistant, as the control socket offers it ({@code pair}, status lines). */
public interface PairingControl {
    /** For an uplink that is not a Home Assistant satellite. */
    PairingControl NONE = new PairingControl() {
        @Override
        public String open(String who) {
            throw new IllegalStateException("pairing is for a Home Assistant satellite. Fix: run with --uplink wyoming://0.0.0.0:10700");
        }

        @Override
        public List<String> status() {
            return List.of();
        }
    };

    /**
     * Opens the pairing window for {@code who} and returns the reply after "ok ".
     *
     * @throws IllegalStateException with a one-line reason (and fix) why it cannot be opened
     */
    String open(String who);

    /** Lines for {@code status}: the paired Home Assistant, and the window while it is open. */
    List<String> status();
}
