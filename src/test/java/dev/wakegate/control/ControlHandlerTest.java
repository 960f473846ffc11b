package dev.wakegate.control;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.gate.Control;
import dev.wakegate.gate.GateEvent;
import dev.wakegate.uplink.TimerChange;
import dev.wakegate.uplink.TimerChange.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol without a socket: requests in, controls posted, reply lines out. */
class ControlHandlerTest {
    private final StatusBoard board = new StatusBoard(List.of("hey-computer", "okay rhasspy"), w -> Sensitivity.DEFAULT);
    private final List<Control> posted = new ArrayList<>();
    private final Set<String> pausedBy = new LinkedHashSet<>();

    /** Stands in for the pipeline thread: applies what is posted the way Gate and Pipeline report it. */
    private final ControlHandler handler = new ControlHandler(board, c -> {
        posted.add(c);
        switch (c) {
            case Control.PauseChanged p -> applyPause(p);
            case Control.SetSensitivity s -> board.accept(new GateEvent.SensitivityChanged(1, s.word(), 0.5, s.sensitivity().value(), s.by()));
            default -> throw new AssertionError("the socket posts only pauses and sensitivities: " + c);
        }
    }, PairingControl.NONE, Duration.ofMillis(200));

    /** As Gate.onPause reports it: the source's pause or resume, then the state change if the gate's state follows. */
    private void applyPause(Control.PauseChanged p) {
        boolean muted = board.status().hardwareMuted();
        if (p.paused() && pausedBy.add(p.by())) {
            board.accept(new GateEvent.Paused(1, p.by()));
            if (!muted && pausedBy.size() == 1) board.accept(new GateEvent.StateChanged(1, "LISTENING", "PAUSED"));
        } else if (!p.paused() && pausedBy.remove(p.by())) {
            board.accept(new GateEvent.Resumed(1, p.by(), List.copyOf(pausedBy)));
            if (!muted && pausedBy.isEmpty()) board.accept(new GateEvent.StateChanged(1, "PAUSED", "LISTENING"));
        }
    }

    @Test
    void statusReportsStateMutePauseWordsAndSessions() throws Exception {
        // given
        board.accept(new GateEvent.StreamStarted(3, 1, "hey-computer", 2.5, "127.0.0.1:8080"));
        board.accept(new GateEvent.Muted(5));
        board.accept(new GateEvent.StateChanged(5, "COOLDOWN", "MUTED"));
        // when
        var reply = handler.handle("status", "control socket (user test)");
        // then
        assertEquals(List.of("ok", "state: MUTED", "hardware muted: yes", "paused: no", "wake word: hey-computer, sensitivity 0.50",
                "wake word: okay rhasspy, sensitivity 0.50", "sessions: 1", "timers: 0"), reply);
        assertEquals(List.of(), posted, "status changes nothing");
    }

    @Test
    void statusListsHomeAssistantsTimersRunningPausedAndRingingUntilTheyEnd() throws Exception {
        board.accept(timer("a", "pasta", Kind.STARTED, 600, true, null));
        board.accept(timer("b", null, Kind.STARTED, 4000, true, null));
        board.accept(timer("b", null, Kind.UPDATED, 3725, false, null));
        board.accept(timer("c", "tea", Kind.STARTED, 60, true, null));
        board.accept(timer("c", "tea", Kind.RINGING, 0, false, null));

        var reply = handler.handle("status", "control socket (user test)");

        assertEquals(List.of("timers: 3", "timer: pasta, 10:00 left", "timer: (no name), 1:02:05 left, paused", "timer: tea, ringing"),
                reply.subList(reply.indexOf("timers: 3"), reply.size()));

        board.accept(timer("a", "pasta", Kind.CANCELLED, 0, false, null));
        board.accept(timer("c", "tea", Kind.SILENCED, 0, false, "the wake word"));
        var after = handler.handle("status", "control socket (user test)");
        assertEquals(List.of("timers: 1", "timer: (no name), 1:02:05 left, paused"), after.subList(after.indexOf("timers: 1"), after.size()));
    }

    @Test
    void pairOpensTheSatellitesPairingWindowAndStatusShowsIt() throws Exception {
        var opened = new ArrayList<String>();
        var pairing = new PairingControl() {
            public String open(String who) {
                opened.add(who);
                return "pairing open for 120 s";
            }

            public List<String> status() {
                return opened.isEmpty() ? List.of("home assistant: none paired") : List.of("home assistant: none paired", "pairing: open, 120 s left");
            }
        };
        var withPairing = new ControlHandler(board, posted::add, pairing, Duration.ofMillis(100));

        assertEquals(List.of("ok pairing open for 120 s"), withPairing.handle("pair", "control socket (user pi)"));
        assertEquals(List.of("control socket (user pi)"), opened);
        var status = withPairing.handle("status", "test");
        assertEquals(List.of("home assistant: none paired", "pairing: open, 120 s left"), status.subList(status.size() - 2, status.size()));
        assertEquals(List.of(), posted, "pairing goes to the satellite, not to the gate");
    }

    @Test
    void pairWithoutAHomeAssistantSatelliteIsAnErrorThatNamesTheFix() throws Exception {
        var reply = handler.handle("pair", "test");
        assertEquals(1, reply.size());
        assertTrue(reply.get(0).startsWith("error pairing is for a Home Assistant satellite. Fix: run with --uplink wyoming://"), reply.get(0));
    }

    private static GateEvent.Timer timer(String id, String name, Kind kind, long left, boolean running, String detail) {
        return new GateEvent.Timer(1, new TimerChange(id, name, kind, left, running, detail));
    }

    @Test
    void pauseAndResumeArePostedForThePipelineAsTheControlSocket() throws Exception {
        assertEquals(List.of("ok paused"), handler.handle("pause", "control socket (user test)"));
        assertEquals("paused: yes (by control socket)", handler.handle("status", "control socket (user test)").get(3));
        assertEquals(List.of("ok paused (it already was)"), handler.handle("pause", "control socket (user test)"));
        assertEquals(List.of("ok resumed"), handler.handle("  RESUME \r", "control socket (user test)"));
        assertEquals(List.of(new Control.PauseChanged(true, "control socket", "control socket (user test)"), new Control.PauseChanged(true, "control socket", "control socket (user test)"),
                new Control.PauseChanged(false, "control socket", "control socket (user test)")), posted);
    }

    @Test
    void resumeWhileTheSwitchIsMutedSaysTheMuteStaysAndPostsNoUnmute() throws Exception {
        // given
        board.accept(new GateEvent.Muted(1));
        handler.handle("pause", "control socket (user test)");
        // when
        var reply = handler.handle("resume", "control socket (user test)");
        // then
        assertEquals(List.of("ok resumed; still muted by the hardware switch: only the switch ends a mute"), reply);
        assertTrue(board.status().hardwareMuted());
        assertTrue(posted.stream().noneMatch(c -> c instanceof Control.MuteChanged), "nothing on the socket touches the mute: " + posted);
    }

    @Test
    void resumeLiftsOnlyTheSocketsOwnPauseAndSaysWhoElseHoldsOne() throws Exception {
        // given: Home Assistant paused the satellite, then the owner paused from the socket
        applyPause(new Control.PauseChanged(true, "server", "control socket (user test)"));
        handler.handle("pause", "control socket (user test)");
        assertEquals("paused: yes (by server, control socket)", handler.handle("status", "control socket (user test)").get(3));
        // when
        var reply = handler.handle("resume", "control socket (user test)");
        // then
        assertEquals(List.of("ok resumed; still paused by server: only the server can lift that pause"), reply);
        assertEquals("state: PAUSED", handler.handle("status", "control socket (user test)").get(1));
        assertEquals("paused: yes (by server)", handler.handle("status", "control socket (user test)").get(3));
    }

    @Test
    void aPauseIsRepliedToOnlyOnceTheGatesStateFollowedIt() throws Exception {
        // given: a pipeline that reports the pause but whose state change has not arrived yet
        var halfway = new ControlHandler(board, c -> board.accept(new GateEvent.Paused(1, "control socket")), PairingControl.NONE, Duration.ofMillis(100));
        // then: not yet applied
        assertEquals(List.of("ok paused (queued)"), halfway.handle("pause", "control socket (user test)"));
        board.accept(new GateEvent.StateChanged(1, "LISTENING", "PAUSED"));
        assertEquals("state: PAUSED", handler.handle("status", "control socket (user test)").get(1));
    }

    @Test
    void sensitivityIsAppliedLiveAndRepliesWithTheOldValue() throws Exception {
        assertEquals(List.of("ok hey-computer sensitivity 0.65 (was 0.50)"), handler.handle("sensitivity hey-computer 0.65", "control socket (user test)"));
        assertEquals(List.of("ok okay rhasspy sensitivity 0.00 (was 0.50)"), handler.handle("sensitivity okay rhasspy 0", "control socket (user test)"));
        assertEquals(List.of(new Control.SetSensitivity("hey-computer", Sensitivity.of(0.65), "control socket (user test)"),
                new Control.SetSensitivity("okay rhasspy", Sensitivity.of(0), "control socket (user test)")), posted);
        assertEquals(0.65, board.status().sensitivities().get("hey-computer"));
    }

    @Test
    void aSensitivityTheDaemonDoesNotApplyInTimeIsReportedAsQueued() throws Exception {
        var slow = new ControlHandler(board, c -> {}, PairingControl.NONE, Duration.ofMillis(50));
        assertEquals(List.of("ok hey-computer sensitivity 0.70 (was 0.50) (queued)"), slow.handle("sensitivity hey-computer 0.7", "control socket (user test)"));
    }

    @Test
    void invalidRequestsGetOneErrorLineWithAFixAndChangeNothing() throws Exception {
        for (String bad : List.of("unmute", "", "status now", "pause please", "sensitivity hey-computer", "sensitivity hey-computer 1.5",
                "sensitivity hey-computer NaN", "sensitivity hey-jarvis 0.5", "mute off", "reset\u001b[2J")) {
            var reply = handler.handle(bad, "control socket (user test)");
            assertEquals(1, reply.size(), bad + " → " + reply);
            assertTrue(reply.get(0).startsWith("error ") && reply.get(0).contains("Fix:"), bad + " → " + reply);
            assertTrue(reply.get(0).chars().noneMatch(Character::isISOControl), "no control characters echoed: " + reply);
        }
        assertEquals(List.of(), posted);
    }

    @Test
    void aSensitivityAboveNinetyHundredthsNeedsForceAndIsPostedWithWhoAsked() throws Exception {
        var refused = handler.handle("sensitivity hey-computer 0.95", "control socket (user test)");
        assertTrue(refused.get(0).startsWith("error sensitivity 0.95 is above 0.9") && refused.get(0).contains("'force'"), refused.toString());
        assertTrue(posted.isEmpty(), "nothing posted without force");
        assertEquals(List.of("ok hey-computer sensitivity 0.95 (was 0.50)"), handler.handle("sensitivity hey-computer 0.95 force", "control socket (user alice)"));
        assertEquals(List.of(new Control.SetSensitivity("hey-computer", Sensitivity.of(0.95), "control socket (user alice)")), posted);
    }
}
