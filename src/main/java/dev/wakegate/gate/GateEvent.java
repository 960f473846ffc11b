package dev.wakegate.gate;

import dev.wakegate.internal.Json;
import dev.wakegate.uplink.TimerChange;

import java.util.List;

/**
 * What the gate reports, one per state change and per session step; {@link #toJson()} is the
 * {@code --events-json} contract (one object per line; {@code t} is audio time in seconds).
 */
public sealed interface GateEvent {
    double t();

    String type();

    default String toJson() {
        var o = Json.object().put("t", t(), 2).put("type", type());
        fields(o);
        return o.toString();
    }

    void fields(Json.Obj o);

    record StateChanged(double t, String from, String to) implements GateEvent {
        public String type() { return "state"; }
        public void fields(Json.Obj o) { o.put("from", from).put("to", to); }
    }

    /** @param voice the enrolled voice that matched best (a household's template), or null */
    record Detected(double t, String word, double score, double start, double end, String voice) implements GateEvent {
        public String type() { return "detected"; }
        public void fields(Json.Obj o) {
            o.put("word", word).put("score", score, 3).put("start", start, 3).put("end", end, 3);
            if (voice != null) o.put("voice", voice);
        }
    }

    record Confirmed(double t, String word, String confirmer, double score, String reason) implements GateEvent {
        public String type() { return "confirmed"; }
        public void fields(Json.Obj o) { o.put("word", word).put("confirmer", confirmer).put("score", score, 3).put("reason", reason); }
    }

    record Rejected(double t, String word, String confirmer, double score, String reason) implements GateEvent {
        public String type() { return "rejected"; }
        public void fields(Json.Obj o) { o.put("word", word).put("confirmer", confirmer).put("score", score, 3).put("reason", reason); }
    }

    record StreamStarted(double t, long session, String word, double firstSampleT, String destination) implements GateEvent {
        public String type() { return "stream-start"; }
        public void fields(Json.Obj o) { o.put("session", session).put("word", word).put("first_sample_t", firstSampleT, 3).put("destination", destination); }
    }

    /**
     * @param reason  why wakegate stopped sending (end-of-utterance, max-session, muted, paused, error, shutdown, uplink)
     * @param outcome how the uplink ended (ok, failed, aborted, no-server, refused)
     */
    record StreamEnded(double t, long session, String word, long bytes, double seconds, String reason, String outcome, String detail,
                       String reply) implements GateEvent {
        public String type() { return "stream-end"; }
        public void fields(Json.Obj o) {
            o.put("session", session).put("word", word).put("bytes", bytes).put("seconds", seconds, 3).put("reason", reason)
                    .put("outcome", outcome).put("detail", detail);
            if (reply != null) o.put("reply", reply);
        }
    }

    record Muted(double t) implements GateEvent {
        public String type() { return "muted"; }
        public void fields(Json.Obj o) {}
    }

    record Unmuted(double t) implements GateEvent {
        public String type() { return "unmuted"; }
        public void fields(Json.Obj o) {}
    }

    record Paused(double t, String by) implements GateEvent {
        public String type() { return "paused"; }
        public void fields(Json.Obj o) { o.put("by", by); }
    }

    /** {@code by} lifted its pause; the gate stays paused while {@code stillPausedBy} is not empty. */
    record Resumed(double t, String by, List<String> stillPausedBy) implements GateEvent {
        public Resumed {
            stillPausedBy = List.copyOf(stillPausedBy);
        }

        public String type() { return "resumed"; }
        public void fields(Json.Obj o) { o.put("by", by).putRaw("still_paused_by", Json.array(stillPausedBy)); }
    }

    record Led(double t, String led, boolean on) implements GateEvent {
        public String type() { return "led"; }
        public void fields(Json.Obj o) { o.put("led", led).put("on", on); }
    }

    /** {@code by} changed {@code word}'s sensitivity while running, from {@code from} to {@code to}. */
    record SensitivityChanged(double t, String word, double from, double to, String by) implements GateEvent {
        public String type() { return "sensitivity"; }
        public void fields(Json.Obj o) { o.put("word", word).put("from", from, 3).put("to", to, 3).put("by", by); }
    }

    /** The satellite was paired with the Home Assistant at {@code address}, in a window {@code by} opened. */
    record Paired(double t, String address, String by) implements GateEvent {
        public String type() { return "paired"; }
        public void fields(Json.Obj o) { o.put("address", address).put("by", by); }
    }

    /** One of the remote side's voice timers changed (see {@link TimerChange}). */
    record Timer(double t, TimerChange change) implements GateEvent {
        public String type() { return "timer"; }
        public void fields(Json.Obj o) {
            o.put("id", change.id()).put("name", change.name()).put("change", change.kind().wire())
                    .put("seconds_left", change.secondsLeft()).put("running", change.running());
            if (change.detail() != null) o.put("detail", change.detail());
        }
    }

    record Error(double t, String reason) implements GateEvent {
        public String type() { return "error"; }
        public void fields(Json.Obj o) { o.put("reason", reason); }
    }

    record Recovered(double t, String detail) implements GateEvent {
        public String type() { return "recovered"; }
        public void fields(Json.Obj o) { o.put("detail", detail); }
    }
}
