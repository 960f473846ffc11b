package dev.wakegate.testing;

import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.WavReader;
import dev.wakegate.audio.InputFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared, read-only test material ({@code ../shared}, or the system property {@code wakegate.shared} that the
 * pom passes to surefire). Every accessor fails the test with a message naming what is missing and how to get it.
 */
public final class TestData {
    public static final String PROPERTY = "wakegate.shared";
    /** The voice the engine tests use: one voice and one stream keep the suite fast. */
    public static final String VOICE = "flite_slt";

    private TestData() {}

    /** The shared folder itself. */
    public static Path shared() {
        String configured = System.getProperty(PROPERTY);
        Path dir = Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("corpus/dev")))
            fail("the shared test data is missing: " + dir + " has no corpus/dev. Fix: put the shared folder beside the"
                    + " checkout (../shared) or pass -D" + PROPERTY + "=/path/to/shared");
        return dir;
    }

    /** A file under the shared folder, e.g. {@code real/noise/exercise_bike.wav}. */
    public static Path file(String relative) {
        Path p = shared().resolve(relative);
        if (!Files.exists(p)) fail("shared test file missing: " + p + ". Fix: restore the shared folder (see its README.md)");
        return p;
    }

    /** A file of one dev-corpus voice, e.g. {@code dev("flite_slt", "enroll/1.wav")}. */
    public static Path dev(String voice, String relative) {
        return file("corpus/dev/" + voice + "/" + relative);
    }

    /** The three enrollment takes of one dev-corpus voice, {@code enroll/1-3.wav}. */
    public static List<Path> enrollTakes(String voice) {
        return List.of(1, 2, 3).stream().map(i -> dev(voice, "enroll/" + i + ".wav")).toList();
    }

    /** Decodes a whole WAV file to 16 kHz mono. */
    public static short[] samples(Path wav) {
        try (var source = WavReader.open(wav, InputFormat.DOWNMIX)) {
            return drain(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a source to its end (in odd-sized pieces, so that chunk boundaries get exercised). */
    public static short[] drain(AudioSource source) throws IOException {
        short[] buf = new short[1 << 16];
        int n = 0;
        while (true) {
            if (n == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            int r = source.read(buf, n, Math.min(buf.length - n, 1_001));
            if (r < 0) return Arrays.copyOf(buf, n);
            n += r;
        }
    }

    public static String read(Path text) {
        try {
            return Files.readString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
