package dev.wakegate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.TargetDataLine;
import java.util.concurrent.Callable;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List audio capture devices (Java Sound). Use a distinctive part of a name with 'run --device'.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        int found = 0;
        for (var info : AudioSystem.getMixerInfo()) {
            var mixer = AudioSystem.getMixer(info);
            Line.Info[] lines = mixer.getTargetLineInfo(new Line.Info(TargetDataLine.class));
            if (lines.length == 0) continue;
            if (found++ == 0) out.println("Capture devices:");
            out.printf("  %s%s%n", info.getName(), info.getDescription().isBlank() ? "" : "  (" + info.getDescription() + ")");
        }
        if (found == 0) {
            out.println("No capture devices found: Java Sound sees no microphone.");
            out.println("Check that the microphone is plugged in ('arecord -l' lists ALSA devices) and that this user is in the 'audio' group,");
            out.println("or capture with a command instead: wakegate run --command \"arecord -D plughw:CARD=… -f S16_LE -r 16000 -c 1 -t raw\".");
        }
        out.flush();
        return 0;
    }
}
