package dev.wakegate.cli;

import dev.wakegate.audio.Capture;
import dev.wakegate.audio.CommandCapture;
import dev.wakegate.audio.JavaSoundCapture;
import dev.wakegate.internal.UserError;

/** Live capture for {@code listen} and {@code enroll --record}: a Java Sound device or a command's raw PCM. */
final class Captures {
    private Captures() {}

    /** A device whose name contains {@code device}, or {@code command}'s output; one of them non-null. */
    static Capture live(String device, String command, AudioOptions audio) {
        int channel = audio.channelOrDownmix();
        if (command != null) {
            try {
                return new CommandCapture(command, audio.raw(), channel);
            } catch (IllegalArgumentException e) {
                throw new UserError("--command: " + e.getMessage() + ". Fix: e.g. --command \"arecord -f S16_LE -r 16000 -c 1 -t raw\"");
            }
        }
        var c = new JavaSoundCapture(device, audio.channels, channel);
        c.checkExists();
        return c;
    }
}
