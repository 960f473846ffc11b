package dev.wakegate.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkout's {@code ./wakegate} launcher, run as it is against a Java that prints the command line it was given:
 * each job's JVM settings, WAKEGATE_JAVA_OPTS in their place, and never a core file or crash report (they would hold
 * what the microphone heard), whatever WAKEGATE_JAVA_OPTS says.
 */
class LauncherTest {
    private static final List<String> NO_DUMP = List.of("-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=/dev/null");

    @TempDir
    Path checkout;

    /** The launcher and what it needs of a checkout, and a "Java 25" that prints its arguments one per line. */
    @BeforeEach
    void checkout() throws Exception {
        Files.copy(Path.of("wakegate"), checkout.resolve("wakegate"));
        Files.createDirectories(checkout.resolve(".mvn"));
        Files.copy(Path.of(".mvn/find-jdk.sh"), checkout.resolve(".mvn/find-jdk.sh"));
        Files.createDirectories(checkout.resolve("target"));
        Files.writeString(checkout.resolve("target/wakegate.jar"), "");
        Path java = Files.createDirectories(checkout.resolve("jdk/bin")).resolve("java");
        Files.writeString(checkout.resolve("jdk/release"), "JAVA_VERSION=\"25\"\n");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The JVM options the launcher passes for {@code args}, with {@code javaOpts} as WAKEGATE_JAVA_OPTS (null: unset). */
    private List<String> jvmOptions(String javaOpts, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("bash", checkout.resolve("wakegate").toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", checkout.resolve("jdk").toString());
        if (javaOpts == null) pb.environment().remove("WAKEGATE_JAVA_OPTS");
        else pb.environment().put("WAKEGATE_JAVA_OPTS", javaOpts);
        var process = pb.start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join("\n", lines));
        int jar = lines.indexOf("-jar");
        assertTrue(jar > 0 && lines.get(jar + 1).endsWith("target/wakegate.jar"), "java -jar target/wakegate.jar: " + lines);
        assertEquals(List.of(args), lines.subList(jar + 2, lines.size()), "the arguments passed on as they were");
        return lines.subList(0, jar);
    }

    @Test
    void theDaemonAndEnrollGetTheSmallHeapScanAndTuneTheBatchOneAndNeitherDumps() throws Exception {
        var daemon = jvmOptions(null, "run", "--config", "/etc/wakegate/wakegate.properties");
        assertTrue(daemon.containsAll(List.of("-Xmx16m", "-XX:TieredStopAtLevel=1")) && daemon.containsAll(NO_DUMP), daemon.toString());
        var enroll = jvmOptions(null, "enroll", "--verifier", "--name", "hey-jasper", "--record");
        assertTrue(enroll.contains("-Xmx16m") && enroll.containsAll(NO_DUMP), enroll.toString());
        var scan = jvmOptions(null, "-v", "scan", "--json", "a.wav");
        assertTrue(scan.contains("-Xmx512m") && scan.containsAll(NO_DUMP), scan.toString());
    }

    @Test
    void wakegateJavaOptsReplaceTheJobsSettingsButNotTheNoDumpOnes() throws Exception {
        var options = jvmOptions("-Xmx256m -XX:+UseSerialGC", "enroll", "--name", "hey-jasper", "a.wav");
        assertTrue(options.containsAll(List.of("-Xmx256m", "-XX:+UseSerialGC")), options.toString());
        assertFalse(options.contains("-Xmx16m"), options.toString());
        assertTrue(options.containsAll(NO_DUMP), "no core file, no crash report: " + options);
        assertTrue(options.indexOf("-XX:-CreateCoredumpOnCrash") > options.indexOf("-Xmx256m"), "after the user's options, so they win: " + options);
    }
}
