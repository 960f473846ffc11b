package dev.wakegate.cli;

import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.JsonLines;
import dev.wakegate.testing.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --template-features either}: the word is detected on log mel spectra or on speech embeddings, whichever hears
 * it, and confirmed as {@code light} confirms it. It finds other people's voices that log mel misses, and what merely
 * sounds like the wake word is still refused by the confirmation. Where it can run and the template confirmation is on,
 * it is the default.
 */
class EitherTemplateFeaturesTest {
    private static final String VOICE = "flite_kal16";
    private static final String FEATURES = OwwTestData.MODELS.toString();

    @TempDir
    Path dir;

    private static List<Map<String, Object>> confirmed(Path template, String features, List<String> inputs) throws Exception {
        var args = new ArrayList<>(List.of("scan", "--json", "--model", template.toString(), "--oww-features", FEATURES, "--confirm", "template",
                "--template-features", features));
        args.addAll(inputs);
        var run = Cli.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.toString());
        return JsonLines.parse(run.outLines());
    }

    /** What each detection is: the labelled segment of the voice's stream it overlaps most ("wake", or a near miss's text). */
    private static List<String> heard(List<Map<String, Object>> detections) {
        var segments = Labels.streamSegments(VOICE);
        var heard = new ArrayList<String>();
        for (var d : detections) {
            double from = ((Number) d.get("start")).doubleValue(), to = ((Number) d.get("end")).doubleValue();
            Labels.Segment best = null;
            double most = 0;
            for (var seg : segments) {
                double overlap = Math.min(to, seg.span().end()) - Math.max(from, seg.span().start());
                if (overlap > most) {
                    most = overlap;
                    best = seg;
                }
            }
            heard.add(best == null ? "nothing" : best.kind().equals("near") ? best.text() : best.kind());
        }
        return heard;
    }

    private static long filesFound(List<Map<String, Object>> detections) {
        return detections.stream().map(d -> d.get("file")).distinct().count();
    }

    @Test
    void findsOtherPeoplesVoicesThatLogMelMisses() throws Exception {
        // given: "alexa" enrolled from three of Picovoice's crowd-sourced recordings
        var takes = OwwTestData.wavs(OwwTestData.ALEXA_CLIPS).stream().map(Path::toString).toList();
        Path template = dir.resolve("alexa.json");
        var enroll = new ArrayList<>(List.of("enroll", "--name", "alexa", "--out", template.toString(), "--oww-features", FEATURES));
        var enrollTakes = List.of("1.wav", "10.wav", "108.wav");   // the enrollment of scripts/real_voices.py
        enrollTakes.forEach(t -> enroll.add(OwwTestData.ALEXA_CLIPS.resolve(t).toString()));
        var enrolled = Cli.run(enroll.toArray(String[]::new));
        assertEquals(0, enrolled.exit(), enrolled.toString());
        var others = takes.stream().filter(t -> !enrollTakes.contains(Path.of(t).getFileName().toString())).limit(40).toList();
        // when
        var byEither = confirmed(template, "either", others);
        long either = filesFound(byEither), logMelDetected = filesFound(confirmed(template, "light", others));
        // then
        assertTrue(either > logMelDetected, "found in " + either + " of 40 other takes with either, " + logMelDetected + " detected on log mel alone");
        assertEquals(byEither, confirmed(template, "auto", others), "the default, with the template confirmation on, is either");
    }

    @Test
    void whatMerelySoundsLikeTheWakeWordIsStillRefused() throws Exception {
        Path template = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        var stream = List.of(Labels.streamWav(VOICE).toString());
        var either = confirmed(template, "either", stream);
        var logMelDetected = confirmed(template, "light", stream);
        assertTrue(heard(either).stream().filter("wake"::equals).count() >= heard(logMelDetected).stream().filter("wake"::equals).count(),
                "wake phrases: either " + heard(either) + ", light " + heard(logMelDetected));
        assertTrue(heard(either).stream().allMatch(h -> h.equals("wake") || h.equals("hey come pewter")),
                "besides the wake phrases at most the near-homophone (the phrase itself, said slowly): " + heard(either));
    }

    @Test
    void itNeedsTheTemplateConfirmationAndSpeechEmbeddings() throws Exception {
        Path withEmbeddings = Engine.heyComputerWithEmbeddingsFile(VOICE, OwwTestData.MODELS, dir);
        var unconfirmed = Cli.run("scan", "--model", withEmbeddings.toString(), "--template-features", "either", Labels.streamWav(VOICE).toString());
        assertEquals(1, unconfirmed.exit(), unconfirmed.toString());
        assertTrue(unconfirmed.err().contains("Fix: --confirm template"), unconfirmed.err());

        Path logMelOnly = Engine.heyComputerFile(VOICE, dir);
        var noEmbeddings = Cli.run("scan", "--model", logMelOnly.toString(), "--template-features", "either", "--confirm", "template",
                Labels.streamWav(VOICE).toString());
        assertEquals(1, noEmbeddings.exit(), noEmbeddings.toString());
        assertTrue(noEmbeddings.err().contains("holds no speech embeddings") && noEmbeddings.err().contains("Fix: --template-features auto"),
                noEmbeddings.err());
    }
}
