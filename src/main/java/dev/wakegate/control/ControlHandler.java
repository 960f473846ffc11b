package dev.wakegate.control;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.gate.Control;
import dev.wakegate.internal.PeerText;
import dev.wakegate.internal.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The control protocol. A request is one line; the reply is one or more lines, the first starting with {@code ok}
 * or {@code error}:
 * <pre>
 *   status                  → ok, then "state: …", "hardware muted: yes|no", "paused: yes|no", one
 *                             "wake word: NAME, sensitivity S" per word, "sessions: N", "timers: N", and one
 *                             "timer: NAME, M:SS left" (or "…, paused", "…, ringing") per timer of Home Assistant
 *   sensitivity WORD VALUE [force]
 *                           → ok WORD sensitivity VALUE (was OLD)     VALUE in 0-1; WORD may contain spaces; above
 *                             0.9 (false wakes grow fast, each streams audio) only with "force", logged loudly
 *   pause | resume          → ok paused | ok resumed (a resume lifts only this socket's pause: never the server's
 *                             pause nor a hardware mute, and says so)
 *   pair                    → ok pairing open … (a Home Assistant satellite: the first Home Assistant to connect in the
 *                             next two minutes is paired; status shows "home assistant: …" and "pairing: …")
 *   anything else           → error … Fix: …  (one line)
 * </pre>
 * Changes are posted as {@link Control}s for the pipeline thread, and the reply waits (briefly) until they are applied.
 */
public final class ControlHandler {
    private static final Logger log = LoggerFactory.getLogger(ControlHandler.class);
    public static final String REQUESTS = "status, sensitivity WORD VALUE, pause, resume, pair";
    /** Who a pause or resume from here is attributed to, in events and the log. */
    public static final String BY = "control socket";
    static final Duration APPLY_WAIT = Duration.ofSeconds(2);

    private final StatusBoard board;
    private final Consumer<Control> post;
    private final PairingControl pairing;
    private final Duration applyWait;

    public ControlHandler(StatusBoard board, Consumer<Control> post, PairingControl pairing) {
        this(board, post, pairing, APPLY_WAIT);
    }

    ControlHandler(StatusBoard board, Consumer<Control> post, PairingControl pairing, Duration applyWait) {
        this.board = board;
        this.post = post;
        this.pairing = pairing;
        this.applyWait = applyWait;
    }

    /** Answers one request line from {@code who} (the socket's peer, for the audit log). */
    public List<String> handle(String line, String who) throws InterruptedException {
        String[] parts = line.strip().split("\\s+");
        String verb = parts[0].toLowerCase(Locale.ROOT);
        String[] args = Arrays.copyOfRange(parts, 1, parts.length);
        return switch (verb) {
            case "status" -> args.length == 0 ? status() : error("status takes no arguments. Fix: send 'status'");
            case "pause" -> args.length == 0 ? pause(true, who) : error("pause takes no arguments. Fix: send 'pause'");
            case "resume" -> args.length == 0 ? pause(false, who) : error("resume takes no arguments. Fix: send 'resume'");
            case "sensitivity" -> sensitivity(args, who);
            case "pair" -> args.length == 0 ? pair(who) : error("pair takes no arguments. Fix: send 'pair'");
            case "" -> error("empty request. Fix: send one of " + REQUESTS);
            default -> error("unknown request '" + PeerText.printable(parts[0]) + "'. Fix: send one of " + REQUESTS);
        };
    }

    private List<String> status() {
        var s = board.status();
        var out = new ArrayList<String>();
        out.add("ok");
        out.add("state: " + s.state());
        out.add("hardware muted: " + yesNo(s.hardwareMuted()));
        out.add("paused: " + yesNo(s.paused()) + (s.paused() ? " (by " + String.join(", ", s.pausedBy()) + ")" : ""));
        s.sensitivities().forEach((w, v) -> out.add(String.format(Locale.ROOT, "wake word: %s, sensitivity %.2f", w, v)));
        out.add("sessions: " + s.sessions());
        out.add("timers: " + s.timers().size());
        for (var t : s.timers()) out.add("timer: " + timerLine(t));
        out.addAll(pairing.status());
        return out;
    }

    private List<String> pair(String who) {
        try {
            String reply = pairing.open(who);
            log.info("control socket: pairing window opened by {}", who);
            return List.of("ok " + reply);
        } catch (IllegalStateException e) {
            return error(e.getMessage());
        }
    }

    /** "pasta, 9:41 left", "(no name), 0:05 left, paused", "pasta, ringing". */
    static String timerLine(StatusBoard.Timer t) {
        String name = t.name() == null || t.name().isBlank() ? "(no name)" : PeerText.printable(t.name());
        if (t.ringing()) return name + ", ringing";
        long s = t.secondsLeft();
        String left = s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return name + ", " + left + " left" + (t.running() ? "" : ", paused");
    }

    private List<String> pause(boolean pause, String who) throws InterruptedException {
        boolean already = board.status().pausedBy().contains(BY) == pause;
        log.info("control socket: {} by {}", pause ? "pause" : "resume", who);
        post.accept(new Control.PauseChanged(pause, BY, who));
        boolean applied = already || board.awaitPaused(BY, pause, applyWait);
        String reply = "ok " + (pause ? "paused" : "resumed") + (already ? " (it already was)" : applied ? "" : " (queued)");
        var now = board.status();
        if (!pause && now.paused()) {
            String holders = String.join(", ", now.pausedBy());
            reply += "; still paused by " + holders + ": only the " + holders + " can lift that pause";
        }
        if (!pause && now.hardwareMuted()) reply += "; still muted by the hardware switch: only the switch ends a mute";
        return List.of(reply);
    }

    private List<String> sensitivity(String[] args, String who) throws InterruptedException {
        boolean force = args.length > 2 && args[args.length - 1].equalsIgnoreCase("force");
        if (force) args = Arrays.copyOf(args, args.length - 1);
        if (args.length < 2) return error("sensitivity needs a wake word and a value. Fix: send 'sensitivity WORD VALUE', e.g. sensitivity "
                + board.words().get(0) + " 0.6");
        String word = String.join(" ", Arrays.copyOf(args, args.length - 1));
        String text = args[args.length - 1];
        Sensitivity value;
        try {
            value = Sensitivity.parse("sensitivity", text);
        } catch (UserError e) {
            return error("sensitivity '" + PeerText.printable(text) + "' is not a number from 0 to 1. Fix: e.g. 0.6");
        }
        Double old = board.status().sensitivities().get(word);
        if (old == null) return error("no wake word '" + PeerText.printable(word) + "'. Fix: one of " + String.join(", ", board.words()));
        if (value.risky() && !force)
            return error("sensitivity " + value + " is above " + Sensitivity.RISKY_ABOVE + ": false wakes grow fast there, and each streams audio."
                    + " Fix: a lower value, or add 'force' if you mean it");
        if (value.risky()) log.warn("control socket: sensitivity of '{}' forced to {} by {}: expect more false wakes", word, value, who);
        else log.info("control socket: sensitivity of '{}' {} -> {} by {}", word, old, value, who);
        post.accept(new Control.SetSensitivity(word, value, who));
        boolean applied = board.awaitSensitivity(word, value.value(), applyWait);
        return List.of(String.format(Locale.ROOT, "ok %s sensitivity %.2f (was %.2f)%s", word, value.value(), old, applied ? "" : " (queued)"));
    }

    private static List<String> error(String message) {
        return List.of("error " + message);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
