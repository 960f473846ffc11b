package dev.wakegate.cli;

import dev.wakegate.audio.FileCapture;
import dev.wakegate.audio.InputFormat;
import dev.wakegate.audit.AuditLog;
import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.EngineSpec;
import dev.wakegate.detect.Engines;
import dev.wakegate.gate.GateSettings;
import dev.wakegate.hw.GpioSettings;
import dev.wakegate.hw.Hardware;
import dev.wakegate.hw.MuteSchedule;
import dev.wakegate.hw.pi4j.Pi4jHardware;
import dev.wakegate.internal.NoCoreDumps;
import dev.wakegate.internal.UserError;
import dev.wakegate.uplink.http.HttpUplink;
import dev.wakegate.uplink.http.LoopbackReceiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole gate with no hardware, on a bundled recording.",
                "The recording (made by scripts/make-demo.sh) has three 'hey computer' commands, a near miss and a muted",
                "span; GPIO is Pi4J's mock; a receiver on 127.0.0.1 stands in for the cloud. Prints the events and what",
                "left the 'house'."})
final class DemoCommand implements Callable<Integer> {
    /** The simulated switch is muted while the second wake phrase and its command are spoken. */
    static final String MUTED_SPAN = "19.0-23.5";

    @Spec
    CommandSpec spec;
    @Mixin
    Verbosity verbosity;

    @Option(names = "--events-json", description = "Print the events as JSON lines (as run --events-json does).")
    boolean eventsJson;

    @Override
    public Integer call() throws Exception {
        NoCoreDumps.apply();
        var out = spec.commandLine().getOut();
        try (var assets = DemoAssets.extract(); var cloud = new LoopbackReceiver(); var engines = new Engines();
             Hardware hw = Pi4jHardware.open(Pi4jHardware.Provider.mock, GpioSettings.PI_DEFAULTS.withDebounceMicros(0));
             var uplink = new HttpUplink(cloud.uri(), Optional.empty(), () -> {
                 throw new IllegalStateException("the demo's receiver speaks plain http on 127.0.0.1");
             }, Duration.ofSeconds(10), 16)) {
            var engineSpec = EngineSpec.template(List.of(assets.template()));
            var detector = engines.detector(engineSpec);
            var confirmer = Confirmers.build(new ConfirmSpec(ConfirmSpec.Kind.template, List.of(), null, List.of(), null), engineSpec, engines,
                    ConfirmSpec.Kind.template);
            var audit = new AuditLog(assets.dir().resolve("audit.jsonl"), Duration.ofDays(30), Clock.systemUTC());
            if (!eventsJson) {
                out.println("wakegate demo: 31 s of a kitchen conversation with three 'hey computer' commands and a 'hey commuter'.");
                out.println("The mute switch (simulated with Pi4J's mock) is on from " + MUTED_SPAN.replace("-", " s to ") + " s, over the second command.");
                out.println("Audio goes to a receiver on " + cloud.uri() + " standing in for the cloud.");
                out.println();
            }
            var gpio = new GpioOptions();
            gpio.mockMute = MUTED_SPAN;
            MuteSchedule.parse(MUTED_SPAN);
            var summary = new Daemon().run(new Daemon.Parts(new FileCapture(assets.recording(), InputFormat.DOWNMIX, false), detector, confirmer,
                    uplink, hw, audit, GateSettings.DEFAULT.withWaitForUplink(true), new EventPrinter(out, eventsJson), gpio.mockSchedule(hw)));
            long outside = cloud.bytesReceived() - summary.bytesSent();
            if (!eventsJson) {
                out.println();
                out.printf(Locale.ROOT, "Heard %.1f s of audio. Sessions: %d. Bytes sent: %d. Bytes sent outside sessions: %d.%n",
                        summary.secondsHeard(), summary.sessions(), summary.bytesSent(), outside);
                out.printf(Locale.ROOT, "The receiver got %d request%s; the audit log has %d entr%s (no audio in it).%n", cloud.requests().size(),
                        cloud.requests().size() == 1 ? "" : "s", audit.read().size(), audit.read().size() == 1 ? "y" : "ies");
            }
            out.flush();
            return outside == 0 ? 0 : 1;
        }
    }

    /** The bundled recording and template, copied out of the jar into a private temporary folder, removed afterwards. */
    record DemoAssets(Path dir, Path recording, Path template) implements AutoCloseable {
        static DemoAssets extract() throws IOException {
            Path dir = Files.createTempDirectory("wakegate-demo");
            return new DemoAssets(dir, copy("demo.wav", dir), copy("hey-computer.json", dir));
        }

        private static Path copy(String name, Path dir) throws IOException {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
                if (in == null) throw new UserError("this build has no demo recording (" + name + "). Fix: rebuild with ./mvnw package");
                Path target = dir.resolve(name);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                return target;
            }
        }

        @Override
        public void close() throws IOException {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }
}
