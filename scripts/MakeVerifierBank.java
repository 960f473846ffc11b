import dev.wakegate.audio.AudioSource;
import dev.wakegate.audio.WavReader;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.template.VerifierBank;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Stream;

/** Makes the verifier's bank: java -cp target/wakegate.jar scripts/MakeVerifierBank.java OUT WAV_DIR... (see make_verifier_bank.py). */
public class MakeVerifierBank {
    public static void main(String[] args) throws Exception {
        var clips = new ArrayList<float[][]>();
        String sha;
        try (var models = FeatureModels.open(Path.of("models/openwakeword"))) {
            sha = models.embeddingSha256();
            for (String dir : Arrays.copyOfRange(args, 1, args.length))
                try (Stream<Path> files = Files.list(Path.of(dir))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList())
                        clips.add(VerifierBank.embeddingsOf(models, read(f)));
                }
        }
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
            new VerifierBank(sha, clips).write(out);
        }
        System.out.println(clips.size() + " clips, " + clips.stream().mapToInt(c -> c.length).sum() + " embeddings -> " + args[0]);
    }

    private static short[] read(Path file) throws Exception {
        try (AudioSource source = WavReader.open(file, -1)) {
            short[] buf = new short[16_000 * 30];
            return Arrays.copyOf(buf, source.readFully(buf, 0, buf.length));
        }
    }
}
