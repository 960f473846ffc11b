package dev.wakegate.listen;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live view is a pure function of its state: every detail checked without a terminal. */
class ListenViewTest {
    private static ListenState state(double level, boolean speech, List<ListenState.Meter> meters, List<ListenState.Heard> heard, String problem,
                                     String finished) {
        return new ListenState("device 'USB Audio'", 42.34, level, speech, meters, heard, problem, finished);
    }

    private static String line(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start + " in\n" + String.join("\n", lines)));
    }

    @Test
    void aWordsBarFillsToItsScoreWithAMarkAtItsThreshold() {
        // given: width 80 leaves 34 cells for a bar
        var s = state(-30, true, List.of(new ListenState.Meter("hey-computer", 0.75, 0.9, 0.5), new ListenState.Meter("okay rhasspy", 0.2, 0.2, 0.4)),
                List.of(), null, null);
        // when
        var lines = ListenView.render(s, 80);
        // then
        assertEquals("hey-computer   [" + "#".repeat(17) + "|" + "#".repeat(8) + ".".repeat(8) + "] 0.75/0.50  0.90 !", line(lines, "hey-computer"),
                "0.75 of 34 cells: 26 filled, the 18th is the threshold mark");
        assertEquals("okay rhasspy   [" + "#".repeat(7) + ".".repeat(7) + "|" + ".".repeat(19) + "] 0.20/0.40  0.20", line(lines, "okay rhasspy"));
    }

    @Test
    void theLevelBarSpansSeventyDecibelsAndTheVadIsNamed() {
        var lines = ListenView.render(state(-35, true, List.of(), List.of(), null, null), 80);
        assertEquals("input level    [#################.................]  -35 dBFS", line(lines, "input level"));
        assertEquals("voice (VAD)    SPEECH", line(lines, "voice"));
        var silent = ListenView.render(state(-120, false, List.of(), List.of(), null, null), 80);
        assertEquals("input level    [..................................] -inf dBFS", line(silent, "input level"));
        assertEquals("voice (VAD)    silence", line(silent, "voice"));
    }

    @Test
    void detectionsAreListedNewestFirstAndTheHeaderSaysNothingLeaves() {
        var heard = List.of(new ListenState.Heard(42.95, "hey-computer", 0.99, 42.12, 42.89), new ListenState.Heard(8.49, "hey-computer", 0.78, 7.52, 8.39));
        var lines = ListenView.render(state(-40, false, List.of(), heard, null, null), 80);
        assertEquals("wakegate listen: device 'USB Audio'" + " ".repeat(80 - 35 - 15) + "heard    42.3 s", lines.get(0));
        assertEquals("Nothing is sent and nothing is written. Ctrl-C to stop.", lines.get(1));
        int at = lines.indexOf("heard (newest first):");
        assertEquals("     42.95 s  hey-computer   score 0.99  (word at 42.12-42.89 s)", lines.get(at + 1));
        assertEquals("      8.49 s  hey-computer   score 0.78  (word at 7.52-8.39 s)", lines.get(at + 2));
        assertEquals("heard: nothing yet", line(ListenView.render(state(-40, false, List.of(), List.of(), null, null), 80), "heard"));
    }

    @Test
    void aCaptureProblemAndTheEndAreShown() {
        var lines = ListenView.render(state(-40, false, List.of(), List.of(), "the capture command ended (exit code 1)", "stopped"), 80);
        assertTrue(lines.contains("capture problem: the capture command ended (exit code 1) (retrying)"), lines.toString());
        assertEquals("Nothing is sent and nothing is written. Ended: stopped.", lines.get(1));
        assertTrue(lines.get(0).endsWith("ended    42.3 s"), lines.get(0));
    }

    @Test
    void everyLineFitsTheWidthAndIsPlainAscii() {
        var s = new ListenState("file /a/very/long/path/to/some/recordings/of/the/kitchen/at/night/kitchen-evening-2026-01-01.wav (real time)", 1234.5,
                -3, true, List.of(new ListenState.Meter("a-wake-word-with-a-very-long-name", 1, 1, 0.05)),
                List.of(new ListenState.Heard(1200, "a-wake-word-with-a-very-long-name", 1, 1199, 1200)), "x".repeat(200), null);
        for (int width : new int[] {60, 80, 132}) {
            var lines = ListenView.render(s, width);
            for (String l : lines) {
                assertTrue(l.length() <= width, width + ": " + l.length() + " " + l);
                assertTrue(l.chars().allMatch(c -> c >= 32 && c < 127), "ASCII: " + l);
            }
            assertTrue(lines.get(0).startsWith("wakegate listen: ~") && lines.get(0).contains("01.wav (real time) heard"), "a long source keeps its end: " + lines.get(0));
        }
    }
}
