import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.WavReader;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.template.Cohort;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Stream;

/** Makes the built-in cohort: java -cp target/wakegate.jar scripts/MakeCohort.java WAV_DIR OUT (see make-cohort.sh). */
public class MakeCohort {
    public static void main(String[] args) throws Exception {
        var clips = new ArrayList<float[][]>();
        String sha;
        try (var models = FeatureModels.open(Path.of("models/openwakeword"));
             Stream<Path> files = Files.list(Path.of(args[0]))) {
            sha = models.embeddingSha256();
            for (Path f : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                short[] samples = read(f);
                float[][] mel = models.melFramesOf(samples);
                clips.add(models.embeddingsOfWindows(models.windowFrames(mel, 0, mel.length / FeatureModels.WINDOW_HOP_FRAMES)));
            }
        }
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            new Cohort(sha, clips).write(out);
        }
        System.out.println(clips.size() + " clips, " + clips.stream().mapToInt(c -> c.length).sum() + " embeddings -> " + args[1]);
    }

    private static short[] read(Path file) throws Exception {
        try (AudioSource source = WavReader.open(file, -1)) {
            short[] buf = new short[16_000 * 30];
            return Arrays.copyOf(buf, source.readFully(buf, 0, buf.length));
        }
    }
}
