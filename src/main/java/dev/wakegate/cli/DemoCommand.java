package dev.wakegate.cli;

import dev.wakegate.audio.Pcm;
import dev.wakegate.audio.WavReader;
import dev.wakegate.detect.StreamScanner;
import dev.wakegate.detect.template.TemplateDetector;
import dev.wakegate.detect.template.TemplateFile;
import dev.wakegate.internal.UserError;
import dev.wakegate.vad.EnergyVad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs wakegate on its bundled demo recording (made by scripts/make-demo.sh) with the bundled 'hey computer' template.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        try (var assets = DemoAssets.extract()) {
            var template = TemplateFile.read(assets.template());
            var detector = new TemplateDetector(List.of(template), List.of(EngineOptions.DEFAULT_SENSITIVITY),
                    EngineOptions.TRIGGER_FRAMES, EngineOptions.DETECTOR_REFRACTORY_SECONDS);
            out.println("Demo: 31 s of a kitchen conversation with three 'hey computer' commands and one 'hey commuter'.");
            int[] count = {0};
            StreamScanner.Summary summary;
            try (var source = WavReader.open(assets.recording(), -1)) {
                summary = new StreamScanner(detector, new EnergyVad()).scan(source, d -> {
                    count[0]++;
                    out.printf(Locale.ROOT, "  %6.2f s  detected '%s' (%.2f-%.2f s, score %.2f)%n",
                            Pcm.seconds(d.atSample()), d.word(), d.startSeconds(), d.endSeconds(), d.score());
                });
            }
            out.printf(Locale.ROOT, "Heard %.1f s of audio: %d wake word%s detected.%n", summary.audioSeconds(), count[0], count[0] == 1 ? "" : "s");
        }
        out.flush();
        return 0;
    }

    /** The bundled recording and template, copied out of the jar into a private temporary folder. */
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
            Files.deleteIfExists(recording);
            Files.deleteIfExists(template);
            Files.deleteIfExists(dir);
        }
    }
}
