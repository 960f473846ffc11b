package dev.wakegate.uplink.wyoming;

import dev.wakegate.testing.WyomingLibrary;
import dev.wakegate.uplink.wyoming.HomeAssistantScenario.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.wakegate.uplink.wyoming.HomeAssistantScenario.ofType;
import static dev.wakegate.uplink.wyoming.HomeAssistantScenario.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wakegate as Home Assistant's own satellite loop sees it: {@code wakegate run} in real time on 48 s of the flite_slt dev
 * stream (three wake phrases with their commands, household talk between), against {@code ha_satellite.py}, which
 * re-tells {@code WyomingAssistSatellite} of home-assistant/core on the upstream Wyoming library, 1.7.0 and 1.9 side by
 * side. Along the way Home Assistant sets a 3-second timer, makes an announcement and mutes and unmutes the satellite,
 * as a user would from its UI.
 *
 * <p>Mirrors: {@code _connect_and_loop} (run-satellite after connecting), {@code _run_pipeline_loop} (describe, a ping
 * 2 s after each pong, 5 s without an event is a dead satellite, "Unexpected event from satellite"),
 * {@code _run_pipeline_once} and {@code on_pipeline_event} (transcribe, voice-started/-stopped, transcript, synthesize,
 * error), {@code _stream_tts} (22050 Hz, 2048-byte chunks, waiting for played), {@code async_announce},
 * {@code _handle_timer} and {@code _muted_changed} (pause-satellite, then a new connection on unmute).
 */
class HomeAssistantLoopTest {
    /** The second wake phrase of the excerpt starts here (flite_slt's 144.637 s). */
    private static final double SECOND_PHRASE = 144.637 - HomeAssistantScenario.EXCERPT_FROM;

    @TempDir
    static Path dir;
    static Path excerpt, template;

    @BeforeAll
    static void prepare() {
        excerpt = HomeAssistantScenario.excerpt(dir);
        template = HomeAssistantScenario.template(dir);
    }

    @Test
    void homeAssistantsLoopRunsAPipelinePerWakePhraseRingsATimerPlaysAnAnnouncementAndPausesOnBothLibraryVersions() throws Exception {
        var user = List.of(new Step(12, "announce 1.0"),
                new Step(SECOND_PHRASE - 1.5 - 3, "timer 3 pasta"), // it rings 1.5 s before the wake phrase, between two rings
                new Step(31, "mute"), // after the second reply was played
                new Step(33, "unmute"),
                new Step(44, "stop")); // Home Assistant goes first (its loop notices within one ping), then the excerpt ends
        var runs = new ArrayList<HomeAssistantScenario>();
        for (var library : WyomingLibrary.values()) runs.add(HomeAssistantScenario.start(library, dir, excerpt, template, user, List.of()));
        for (var run : runs) run.await();

        for (var run : runs) {
            var ha = run.ha;
            var gate = run.gate;
            String what = run.toString();

            // every confirmed wake phrase gives one pipeline, which gets exactly the audio wakegate says it sent
            var streams = ofType(gate, "stream-end");
            var pipelines = ofType(ha, "pipeline-audio");
            assertEquals(3, ofType(gate, "stream-start").size(), "the three wake phrases were confirmed: " + what);
            assertEquals(streams.size(), ofType(ha, "pipeline-start").size(), "one pipeline per session: " + what);
            for (int i = 0; i < streams.size(); i++)
                assertEquals(((Number) streams.get(i).get("bytes")).longValue(), ((Number) pipelines.get(i).get("audio_bytes")).longValue(),
                        "pipeline " + (i + 1) + " got every byte of its session and nothing more: " + what);
            assertTrue(streams.stream().allMatch(s -> "ok".equals(s.get("outcome"))), "every session ended with the transcript: " + what);

            // nothing Home Assistant would log as unexpected, no error, no timeout
            assertEquals(List.of(), ofType(ha, "unexpected"), what);
            assertEquals(List.of(), ofType(ha, "error"), what);

            // every reply and the announcement were played and acknowledged
            assertEquals(streams.size(), ofType(ha, "tts").size(), what);
            assertEquals(List.of(true), ofType(ha, "announce").stream().map(a -> a.get("played")).toList(), what);
            assertTrue(ofType(ha, "played").size() >= streams.size() + 1, what);

            // the timer rang through the satellite until the next wake word, and opened nothing by itself
            var timer = ofType(gate, "timer").stream().map(t -> t.get("change")).toList();
            assertEquals(List.of("started", "ringing", "silenced"), timer, what);
            var silenced = ofType(gate, "timer").get(2);
            assertEquals("the wake word", silenced.get("detail"), what);
            double rang = t(ofType(gate, "timer").get(1));
            assertTrue(ofType(gate, "stream-start").stream().noneMatch(s -> within(s, rang, t(silenced) - 0.01)),
                    "no stream while it rang: " + what);

            // mute in Home Assistant pauses the satellite; unmuting brings a new connection that runs it again
            assertTrue(ofType(gate, "paused").stream().anyMatch(p -> "server".equals(p.get("by"))), what);
            assertTrue(ofType(gate, "resumed").stream().anyMatch(p -> "server".equals(p.get("by"))), what);
            assertEquals(2, ofType(ha, "connected").size(), "connected, and again after the unmute: " + what);
        }
    }

    private static boolean within(Map<String, Object> event, double from, double to) {
        return t(event) > from && t(event) < to;
    }
}
