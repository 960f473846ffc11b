package dev.wakegate.cli;

import dev.wakegate.gate.GateEvent;
import dev.wakegate.internal.PeerText;
import dev.wakegate.uplink.TimerChange;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints gate events on stdout: JSON lines ({@code --events-json}, a contract) or a readable line each. */
final class EventPrinter implements Consumer<GateEvent> {
    private final PrintWriter out;
    private final boolean json;

    EventPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public synchronized void accept(GateEvent e) {
        if (json) {
            out.println(e.toJson());
        } else {
            if (e instanceof GateEvent.Led || e instanceof GateEvent.StateChanged) return; // the JSON stream has them
            out.println(String.format(Locale.ROOT, "%8.2f  %s", e.t(), readable(e)));
        }
        out.flush();
    }

    private static String readable(GateEvent e) {
        return switch (e) {
            case GateEvent.Detected d -> String.format(Locale.ROOT, "detected '%s' (score %.2f)", d.word(), d.score());
            case GateEvent.Confirmed c -> String.format(Locale.ROOT, "confirmed by %s (%s)", c.confirmer(), c.reason());
            case GateEvent.Rejected r -> String.format(Locale.ROOT, "rejected by %s (%s): nothing sent", r.confirmer(), r.reason());
            case GateEvent.StreamStarted s -> String.format(Locale.ROOT, "streaming session %d to %s from t=%.2f", s.session(), s.destination(), s.firstSampleT());
            case GateEvent.StreamEnded s -> String.format(Locale.ROOT, "session %d ended (%s): %s, %d bytes (%.1f s) sent%s", s.session(), s.reason(),
                    s.outcome() + (s.detail() == null || s.detail().isEmpty() ? "" : " " + s.detail()), s.bytes(), s.seconds(),
                    s.reply() == null || s.reply().isBlank() ? "" : "; reply: " + PeerText.oneLine(s.reply(), 2_000));
            case GateEvent.SensitivityChanged c -> String.format(Locale.ROOT, "sensitivity of '%s' set to %.2f (was %.2f) by %s", c.word(), c.to(),
                    c.from(), c.by());
            case GateEvent.Muted m -> "muted by the switch: capture stopped, buffer wiped";
            case GateEvent.Unmuted u -> "unmuted by the switch";
            case GateEvent.Paused p -> "paused by " + p.by();
            case GateEvent.Resumed r -> "resumed by " + r.by();
            case GateEvent.Timer t -> timer(t.change());
            case GateEvent.Paired p -> "paired with the Home Assistant at " + p.address() + " (window opened by " + p.by() + ")";
            case GateEvent.Error er -> "ERROR: " + er.reason();
            case GateEvent.Recovered r -> "recovered: " + r.detail();
            case GateEvent.Led l -> l.led() + " LED " + (l.on() ? "on" : "off");
            case GateEvent.StateChanged s -> s.from() + " -> " + s.to();
        };
    }

    private static String timer(TimerChange c) {
        String name = c.name() == null || c.name().isBlank() ? "timer" : "timer '" + PeerText.printable(c.name()) + "'";
        return switch (c.kind()) {
            case STARTED -> String.format(Locale.ROOT, "%s started: %d s", name, c.secondsLeft());
            case UPDATED -> String.format(Locale.ROOT, "%s %s: %d s left", name, c.running() ? "running" : "paused", c.secondsLeft());
            case CANCELLED -> name + " cancelled";
            case RINGING -> name + " ringing (the wake word or the mute switch stops it)";
            case SILENCED -> name + " silenced by " + c.detail();
        };
    }
}
