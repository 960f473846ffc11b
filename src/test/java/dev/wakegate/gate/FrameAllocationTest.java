package dev.wakegate.gate;

import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STYLE §4, as the daemon runs: the per-frame path of the gate (front end, VAD, template detector, gate) allocates
 * nothing once warm, also under the daemon's JIT (C1 only, from the launcher's options, where there is no escape
 * analysis to remove short-lived objects). Measured in a JVM of its own started with those options.
 */
class FrameAllocationTest {
    /** The launcher's options for the daemon ({@code wakegate}: lean), but for its class-data archive (no effect on allocation). */
    static final List<String> DAEMON_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms2m", "-Xmx16m", "-Xss256k", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    @Test
    void tenThousandFramesOfRoomNoiseOrOrdinarySpeechAllocateNextToNothingUnderTheDaemonsJit() throws Exception {
        // given: the launcher's options, checked against the launcher itself
        String launcher = java.nio.file.Files.readString(Path.of("wakegate"));
        assertTrue(launcher.contains("lean=\"" + String.join(" ", DAEMON_OPTIONS) + " $(cds lean)\""), "the options are the launcher's");
        String unit = java.nio.file.Files.readString(Path.of("deploy/wakegate.service"));
        assertTrue(unit.contains("ExecStart=/usr/bin/java " + String.join(" ", DAEMON_OPTIONS) + " "), "and the unit's");
        // when
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DAEMON_OPTIONS);
        command.add("-Dwakegate.shared=" + TestData.shared());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FrameAllocationProbe.class.getName()));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        Map<String, Long> bytes = new TreeMap<>();
        for (String line : output.strip().split("\\R"))
            if (line.endsWith(" B")) bytes.put(line.split(" ")[0], Long.parseLong(line.split(" ")[1]));
        System.out.println("per-frame allocation under C1, per " + FrameAllocationProbe.FRAMES + " frames: " + bytes);
        // then
        assertTrue(output.contains("state LISTENING"), output);
        assertTrue(bytes.get("room") < 1024, "room noise: " + output);
        assertTrue(bytes.get("speech") < 4 * 1024, "ordinary speech (only a distance dip's exact re-score allocates its small result): " + output);
    }
}
