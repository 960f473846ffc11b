package dev.wakegate.cli;

import dev.wakegate.control.PairingControl;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.uplink.wyoming.Pairing;
import dev.wakegate.uplink.wyoming.WyomingUplink;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code ctl pair} and the pairing lines of {@code ctl status}, for a Home Assistant satellite. */
final class PairingControls {
    /** How long {@code ctl pair} keeps the window open. */
    static final Duration WINDOW = Duration.ofMinutes(2);

    private PairingControls() {}

    static PairingControl of(Uplink uplink) {
        if (!(uplink instanceof WyomingUplink satellite)) return PairingControl.NONE;
        Pairing pairing = satellite.pairing();
        InetSocketAddress bound = satellite.address();
        return new PairingControl() {
            @Override
            public String open(String who) {
                if (pairing.pinned())
                    throw new IllegalStateException("the Home Assistant address is set with home-assistant in the configuration ("
                            + pairing.paired().getHostAddress() + "). Fix: change it there and restart wakegate");
                pairing.openWindow(WINDOW, who);
                return "pairing open for " + WINDOW.toSeconds() + " s: add this satellite in Home Assistant now (Settings > Devices"
                        + " & services: the discovered Wyoming satellite, or Add integration > Wyoming Protocol with this speaker's"
                        + " address and port " + bound.getPort() + "); the first Home Assistant to connect is paired";
            }

            @Override
            public List<String> status() {
                var lines = new ArrayList<String>();
                var paired = pairing.paired();
                lines.add("home assistant: " + (paired == null ? "none paired (pair with 'wakegate ctl pair')"
                        : paired.getHostAddress() + (pairing.pinned() ? " (set in the configuration)" : " (paired)")));
                long left = pairing.windowSecondsLeft();
                if (left > 0) lines.add("pairing: open, " + left + " s left");
                return lines;
            }
        };
    }
}
