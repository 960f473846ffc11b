package dev.wakegate.hw.pi4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Why the GPIO chip could not be opened, in one line that names the fix: from what /dev holds and who may open it. */
final class GpioChips {
    private GpioChips() {}

    /**
     * @param dev   the device directory ({@code /dev})
     * @param user  who runs wakegate
     * @param cause what Pi4J said
     */
    static String diagnose(Path dev, String user, String cause) {
        return diagnose(dev, user, cause, chip -> Files.isReadable(chip) && Files.isWritable(chip));
    }

    static String diagnose(Path dev, String user, String cause, Predicate<Path> mayOpen) {
        List<Path> chips = chips(dev);
        if (chips.isEmpty())
            return "this machine has no GPIO chip (no " + dev.resolve("gpiochip*") + "; Pi4J: " + cause + ")."
                    + " Fix: on a Raspberry Pi, use Raspberry Pi OS's kernel; elsewhere use --gpio mock (simulation) or --gpio none";
        List<Path> closed = chips.stream().filter(mayOpen.negate()).toList();
        if (closed.size() == chips.size())
            return "user '" + user + "' may not open " + closed.get(0) + " (Pi4J: " + cause + ")."
                    + " Fix: sudo usermod -a -G gpio " + user + " and log in again (the service has the group already)";
        return cause + ". Fix: check that " + dev.resolve("gpiochip*") + " holds the Raspberry Pi's 'pinctrl' chip (gpiodetect lists them)";
    }

    private static List<Path> chips(Path dev) {
        try (Stream<Path> all = Files.list(dev)) {
            return all.filter(p -> p.getFileName().toString().matches("gpiochip\\d+")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
