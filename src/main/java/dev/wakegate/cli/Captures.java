package dev.wakegate.cli;

import dev.wakegate.audio.Capture;
import dev.wakegate.audio.CommandCapture;
import dev.wakegate.audio.FileCapture;
import dev.wakegate.audio.JavaSoundCapture;
import dev.wakegate.audio.WavReader;
import dev.wakegate.internal.UserError;

import java.nio.file.Path;

/** Capture for {@code run}, {@code listen} and {@code enroll --record}: a Java Sound device, a command's raw PCM, or a WAV file. */
final class Captures {
    /** Ends the message for a --command whose format is refused. */
    static final String COMMAND_FIX = ". Fix: e.g. --command \"arecord -f S16_LE -r 16000 -c 1 -t raw\"";

    private Captures() {}

    /** A device whose name contains {@code device}, or {@code command}'s output; one of them non-null. */
    static Capture live(String device, String command, AudioOptions audio) {
        return live(device, command, audio, COMMAND_FIX);
    }

    /** As {@link #live(String, String, AudioOptions)}; {@code commandFix} ends the message for a refused --command format. */
    static Capture live(String device, String command, AudioOptions audio, String commandFix) {
        return live(device, command, audio, commandFix, true);
    }

    /** As above; a device that is not there now is refused only if {@code requireDevice} (a daemon waits for it instead). */
    static Capture live(String device, String command, AudioOptions audio, String commandFix, boolean requireDevice) {
        int channel = audio.channelOrDownmix();
        if (command != null) {
            try {
                return new CommandCapture(command, audio.raw(), channel);
            } catch (IllegalArgumentException e) {
                throw new UserError("--command: " + e.getMessage() + commandFix);
            }
        }
        var c = new JavaSoundCapture(device, audio.channels, channel);
        if (requireDevice) c.checkExists();
        return c;
    }

    /** A WAV file, opened once here so that a bad file is refused before anything starts. */
    static Capture file(Path file, int channel, boolean realtime) {
        WavReader.open(file, channel).close();
        return new FileCapture(file, channel, realtime);
    }

    /** --realtime paces an --input; a live source has its own pace. */
    static void requireInputForRealtime(boolean realtime, boolean input) {
        if (realtime && !input) throw new UserError("--realtime only applies to --input FILE");
    }
}
