package dev.wakegate.gate;

import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.http.LoopbackReceiver;
import dev.wakegate.detect.oww.OwwTestData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wake word that runs straight into an s is a plural ("hey computers"), and {@code run} sends nothing for it, measured at
 * a real HTTP server on 127.0.0.1; the same voice's wake word followed by a command that starts with an s after a breath
 * ("hey computer, set an alarm") is sent. {@code --allow-trailing-s} sends both. So with log-mel templates and with
 * speech-embedding templates, whose match says less exactly where the word ends.
 */
class PluralGateTest {
    private static final String VOICE = TestData.VOICE;
    /** Where the s of "set" begins in the positive (its command is labelled from 1.944 s). */
    private static final double S_OF_SET = 1.97;

    @TempDir
    Path tmp;

    /** "hey computers", 1.5 s of silence, then "hey computer ... set an alarm for half past six": and where each wake word ends. */
    private record Stream(Path wav, double pluralEnd, double wakeEnd) {}

    private Stream stream() throws Exception {
        var positive = Labels.positive(VOICE, "04.wav");
        short[] audio = TestData.samples(TestData.dev(VOICE, "positives/04.wav"));
        short[] plural = Signals.concat(Signals.cut(audio, 0, positive.wake().end()), Signals.cut(audio, S_OF_SET, S_OF_SET + 0.1));
        short[] speech = Signals.concat(plural, Signals.silence(1.5), audio, Signals.silence(1));
        short[] all = Signals.mix(Signals.whiteNoise(7, speech.length, -75), speech, 0); // a faint room: every stretch of the input unique
        double pluralEnd = positive.wake().end() + 0.1, wakeEnd = plural.length / 16_000.0 + 1.5 + positive.wake().end();
        return new Stream(WavFixtures.internal(all).writeTo(tmp, "plural-then-command.wav"), pluralEnd, wakeEnd);
    }

    /** When each stream the server received begins in the input, seconds, with the given template features. */
    private List<Double> sent(Stream stream, String features, String... extra) throws Exception {
        Path template = features.equals("mfcc") ? Engine.heyComputerFile(VOICE, tmp) : Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, tmp);
        try (var server = new LoopbackReceiver()) {
            var args = new ArrayList<>(List.of("run", "--input", stream.wav().toString(), "--model", template.toString(),
                    "--template-features", features, "--oww-features", OwwTestData.MODELS.toString(), "--uplink", server.uri().toString(),
                    "--gpio", "mock", "--events-json", "--audit-log", tmp.resolve("audit-" + extra.length + ".jsonl").toString(), "--max-session", "10"));
            args.addAll(List.of(extra));
            var run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            short[] source = TestData.samples(stream.wav());
            var starts = new ArrayList<Double>();
            for (var r : server.requests()) starts.add(Signals.startIn(source, WavFixtures.shorts(r.body())));
            return starts;
        }
    }

    private static boolean near(double t, double wordEnd) {
        return t >= wordEnd - 0.1 && t <= wordEnd + 0.4;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mfcc", "embedding"})
    void theWordRunningIntoAnSSendsNothingAndTheWordBeforeACommandIsSent(String features) throws Exception {
        var stream = stream();
        var starts = sent(stream, features);
        assertEquals(1, starts.size(), "streams began at " + starts);
        assertTrue(near(starts.get(0), stream.wakeEnd()), "the one stream follows the wake word before 'set an alarm': " + starts + ", " + stream);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mfcc", "embedding"})
    void withAllowTrailingSThePluralIsSentToo(String features) throws Exception {
        var stream = stream();
        var starts = sent(stream, features, "--allow-trailing-s");
        assertEquals(2, starts.size(), "streams began at " + starts);
        assertTrue(near(starts.get(0), stream.pluralEnd()) && near(starts.get(1), stream.wakeEnd()), starts + ", " + stream);
    }
}
