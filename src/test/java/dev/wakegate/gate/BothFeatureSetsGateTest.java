package dev.wakegate.gate;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.CliRun;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.NoisyStreams;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --template-features both}, measured where it matters: at a real HTTP server on 127.0.0.1. Over the dev
 * corpus's three streams, each voice enrolled from its own takes, fewer near misses reach the server than with log mel
 * alone, none that log mel alone would not have sent, and the enrolled voice's wake phrases still do; {@code run}
 * without --template-features, which also detects on the speech embeddings, sends every wake phrase that detection on
 * log mel alone sends and no near miss. With a real exercise-bike
 * recording mixed in at 10 dB, where the default checks the takes heard through the noise, it sends fewer near misses
 * and less ordinary speech than log mel alone, and the wake phrases still go.
 */
class BothFeatureSetsGateTest {
    private static final List<String> VOICES = List.of("espeak_en-us+m3", "flite_slt", "flite_kal16");
    /** No --template-features: run's default. */
    private static final String DEFAULT = "default";
    /** In noise the detector places a word's end up to about half a second late: its stream begins that far into the command. */
    private static final double NOISY_END = 0.6;

    @TempDir
    Path tmp;

    /**
     * What reached the server: the wake phrases streamed from their end, the near misses streamed, by text, and how
     * many streams began after ordinary speech.
     */
    private record Received(int wakePhrases, List<String> nearMisses, int ordinarySpeech) {
        int notWakePhrases() {
            return nearMisses.size() + ordinarySpeech;
        }
    }

    private Received run(String voice, Path template, String features) throws Exception {
        Received r = run(voice, Labels.streamWav(voice), template, features, 0.15);
        assertEquals(0, r.ordinarySpeech(), voice + ", " + features + ": a stream began after ordinary speech");
        return r;
    }

    /**
     * {@code run} over {@code input}, which is the voice's stream (with or without noise), to a server on 127.0.0.1. A
     * stream that begins from a wake phrase's end to {@code lateSeconds} after it is that wake phrase's.
     */
    private Received run(String voice, Path input, Path template, String features, double lateSeconds) throws Exception {
        try (var server = new LoopbackReceiver()) {
            var args = new ArrayList<>(List.of("run", "--input", input.toString(), "--model", template.toString(),
                    "--oww-features", OwwTestData.MODELS.toString(), "--uplink", server.uri().toString(), "--gpio", "mock", "--events-json",
                    "--audit-log", tmp.resolve(voice + "-" + features + ".jsonl").toString(), "--max-session", "10"));
            if (!features.equals(DEFAULT)) args.addAll(List.of("--template-features", features));
            var run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            short[] source = TestData.samples(input);
            var wakes = Labels.streamWakes(voice);
            var segments = Labels.streamSegments(voice);
            int wakePhrases = 0, ordinarySpeech = 0;
            var nearMisses = new ArrayList<String>();
            for (var r : server.requests()) {
                double t0 = Signals.startIn(source, WavFixtures.shorts(r.body()));
                assertTrue(!Double.isNaN(t0), "the received audio is the captured audio");
                if (wakes.stream().anyMatch(w -> t0 >= w.end() - 0.05 && t0 <= w.end() + lateSeconds)) {
                    wakePhrases++;
                    continue;
                }
                var seg = segments.stream().filter(s -> t0 >= s.span().start() && t0 <= s.span().end() + 0.3).reduce((a, b) -> b).orElseThrow();
                if (seg.kind().equals("near")) nearMisses.add(seg.text());
                else ordinarySpeech++;
            }
            return new Received(wakePhrases, nearMisses, ordinarySpeech);
        }
    }

    @Test
    void fewerNearMissesReachTheServerThanWithLogMelAloneAndTheWakePhrasesStillDo() throws Exception {
        int nearLogMel = 0, nearBoth = 0, wakesLost = 0;
        for (String voice : VOICES) {
            Path template = Engine.heyComputerWithEmbeddingsFile(voice, OwwTestData.MODELS, tmp);
            var logMel = run(voice, template, "mfcc");
            var both = run(voice, template, "both");
            var remaining = new ArrayList<>(logMel.nearMisses());
            for (String n : both.nearMisses()) assertTrue(remaining.remove(n), voice + ": '" + n + "' was sent with both but not with log mel alone");
            // one half must be sure: 2 of espeak en-us+m3's 16 scored as "hey jester" does in the voice whose template took it
            assertTrue(both.wakePhrases() >= logMel.wakePhrases() - 2, voice + ": wake phrases streamed, log mel " + logMel.wakePhrases() + ", both " + both.wakePhrases());
            wakesLost += logMel.wakePhrases() - both.wakePhrases();
            nearLogMel += logMel.nearMisses().size();
            nearBoth += both.nearMisses().size();
            System.out.printf("%s: wake phrases streamed %d (log mel) / %d (both); near misses %s / %s%n", voice, logMel.wakePhrases(), both.wakePhrases(),
                    logMel.nearMisses(), both.nearMisses());
        }
        assertTrue(wakesLost <= 3, "m3's 2 and one of flite kal16's (missed before one half had to be sure): " + wakesLost + " wake phrases fewer in all");
        assertTrue(nearBoth < nearLogMel, "near misses sent: log mel " + nearLogMel + ", both " + nearBoth);
    }

    @Test
    void inExerciseBikeNoiseTheDefaultSendsFewerOfWhatIsNotTheWakePhraseThanLogMelAloneAndTheWakePhrasesStillGo() throws Exception {
        int notWakeLogMel = 0, notWakeDefault = 0;
        for (String voice : VOICES) {
            Path template = Engine.heyComputerWithEmbeddingsFile(voice, OwwTestData.MODELS, tmp);
            Path noisy = WavFixtures.internal(NoisyStreams.stream(voice, NoisyStreams.EXERCISE_BIKE, 10)).writeTo(tmp, voice + "-bike.wav");
            var logMel = run(voice, noisy, template, "mfcc", NOISY_END);
            var byDefault = run(voice, noisy, template, DEFAULT, NOISY_END);
            var remaining = new ArrayList<>(logMel.nearMisses());
            for (String n : byDefault.nearMisses()) assertTrue(remaining.remove(n), voice + ": '" + n + "' was sent by default but not with log mel alone");
            assertTrue(byDefault.ordinarySpeech() <= logMel.ordinarySpeech(), voice + ": " + byDefault + " against " + logMel);
            assertTrue(byDefault.wakePhrases() >= logMel.wakePhrases() - 1, voice + ": wake phrases streamed, log mel " + logMel.wakePhrases()
                    + ", default " + byDefault.wakePhrases());
            notWakeLogMel += logMel.notWakePhrases();
            notWakeDefault += byDefault.notWakePhrases();
            System.out.printf("%s in bike noise: log mel %s; default %s%n", voice, logMel, byDefault);
        }
        assertTrue(notWakeDefault < notWakeLogMel, "not the wake phrase, sent: log mel " + notWakeLogMel + ", default " + notWakeDefault);
    }

    @Test
    void byDefaultRunAlsoDetectsOnSpeechEmbeddingsAndSendsNoWordThatMerelySoundsLikeTheWakePhrase() throws Exception {
        String voice = "flite_kal16";
        Path template = Engine.heyComputerWithEmbeddingsFile(voice, OwwTestData.MODELS, tmp);
        var byDefault = run(voice, template, DEFAULT);
        var logMelDetected = run(voice, template, "light");
        assertTrue(byDefault.wakePhrases() >= logMelDetected.wakePhrases(), "wake phrases: default " + byDefault + ", light " + logMelDetected);
        assertTrue(byDefault.nearMisses().stream().allMatch("hey come pewter"::equals),
                "besides the near-homophone (the phrase itself, said slowly) no near miss is sent: " + byDefault.nearMisses());
        assertEquals(0, byDefault.ordinarySpeech(), byDefault.toString());
    }
}
