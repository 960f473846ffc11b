package dev.wakegate.uplink.wyoming;

import dev.wakegate.testing.WyomingLibrary;
import dev.wakegate.uplink.wyoming.HomeAssistantScenario.Attack;
import dev.wakegate.uplink.wyoming.HomeAssistantScenario.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.wakegate.uplink.wyoming.HomeAssistantScenario.ofType;
import static dev.wakegate.uplink.wyoming.HomeAssistantScenario.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wyoming has no authentication, so other peers on the LAN try to take the satellite from its paired Home Assistant
 * while it works: {@code wakegate run} in real time on the 48 s excerpt (three wake phrases), Home Assistant's own loop
 * ({@code ha_satellite.py}, wyoming 1.7.0) on 127.0.0.1, and {@code wyoming_attackers.py} from 127.0.x.y — a peer that
 * sends run-satellite and then nothing, four sockets trickling a frame a byte every 5 s, 500 idle connections, a
 * 2,000-connect flood. Three times the network cuts Home Assistant's connection, each time under a different attack.
 * Audio is counted where it arrives: at each peer's sockets.
 */
class LanAttacksTest {
    /** Home Assistant's connection is cut at these audio times: under silent+trickle, under idle500, under the flood. */
    private static final List<Double> DROPS = List.of(12.5, 18.5, 32.5);
    /** Home Assistant waits 3 s before it reconnects (its _RESTART_SECONDS); then wakegate must answer within 2 s more. */
    private static final double REGAIN_SECONDS = 5.0;

    @TempDir
    static Path dir;
    static Path excerpt, template;

    @BeforeAll
    static void prepare() {
        excerpt = HomeAssistantScenario.excerpt(dir);
        template = HomeAssistantScenario.template(dir);
    }

    @Test
    void noPeerButThePairedHomeAssistantGetsAudioAndItRegainsItsSessionWithinFiveSecondsUnderEveryAttack() throws Exception {
        var user = new ArrayList<Step>();
        for (double drop : DROPS) user.add(new Step(drop, "drop"));
        user.add(new Step(44, "stop"));
        var attacks = List.of(new Attack("silent", 2, 44), new Attack("trickle", 2, 44),
                new Attack("idle500", 14, 24), new Attack("flood2000", 34, 42)); // the flood meets the reconnect at 35.5
        var run = HomeAssistantScenario.start(WyomingLibrary.V1_7_0, dir, excerpt, template, user, attacks);
        run.await();
        String what = run.toString();

        // not one audio byte to anyone but Home Assistant, counted at the attackers' sockets; every attack really ran
        var reports = run.attackers.stream().filter(r -> r.containsKey("attack")).toList();
        assertEquals(Set.of("silent", "trickle", "idle500", "flood2000"), reports.stream().map(r -> r.get("attack")).collect(Collectors.toSet()), what);
        for (var report : reports) {
            System.out.println("lan attacks: " + report);
            assertEquals(0L, number(report, "audio_bytes"), "audio reached an unpaired peer: " + what);
            assertTrue(number(report, "connects") > 0, "the attack never got a connection: " + what);
        }
        var flood = reports.stream().filter(r -> "flood2000".equals(r.get("attack"))).findFirst().orElseThrow();
        assertEquals(2000L, number(flood, "connects") + number(flood, "refused"), "the whole flood ran: " + what);
        assertTrue(ofType(run.gate, "stream-start").stream().allMatch(s -> String.valueOf(s.get("destination")).startsWith("127.0.0.1:")), what);

        // Home Assistant ran every wake phrase's pipeline with every byte of its session
        var streams = ofType(run.gate, "stream-end");
        var pipelines = ofType(run.ha, "pipeline-audio");
        assertEquals(3, streams.size(), "the three wake phrases were confirmed and streamed: " + what);
        assertEquals(3, pipelines.size(), what);
        for (int i = 0; i < 3; i++) assertEquals(number(streams.get(i), "bytes"), number(pipelines.get(i), "audio_bytes"), what);

        // the only errors Home Assistant saw are the three cuts; after each it was back (info answered) within 5 s
        assertEquals(List.of(), ofType(run.ha, "unexpected"), what);
        var errors = ofType(run.ha, "error");
        var drops = ofType(run.ha, "drop");
        assertEquals(DROPS.size(), drops.size(), what);
        assertEquals(DROPS.size(), errors.size(), "one error per cut and no other: " + what);
        for (var drop : drops) {
            assertTrue(errors.stream().anyMatch(e -> Math.abs(t(e) - t(drop)) < 0.5), "the error came from the cut: " + what);
            var back = ofType(run.ha, "info").stream().filter(i -> t(i) > t(drop)).findFirst().orElseThrow();
            System.out.printf("lan attacks: Home Assistant back %.2f s after the cut at %.1f s%n", t(back) - t(drop), t(drop));
            assertTrue(t(back) - t(drop) <= REGAIN_SECONDS, "back " + (t(back) - t(drop)) + " s after the cut at " + t(drop) + ": " + what);
        }

        // between the cuts it kept its session: an answer to every ping, never 5 s without one (Home Assistant's timeout)
        var answers = run.ha.stream().filter(e -> Set.of("pong", "info").contains(e.get("event"))).toList();
        for (int i = 1; i < answers.size(); i++) {
            double from = t(answers.get(i - 1)), to = t(answers.get(i));
            boolean cut = drops.stream().anyMatch(d -> t(d) >= from && t(d) <= to);
            assertTrue(cut || to - from < 5.0, "no answer between " + from + " and " + to + " s: " + what);
        }
    }

    private static long number(Map<String, Object> event, String field) {
        return ((Number) event.get(field)).longValue();
    }
}
