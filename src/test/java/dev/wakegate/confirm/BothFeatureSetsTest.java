package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With --template-features both, a candidate is confirmed only when the log-mel and the speech-embedding match each
 * accept it; with the default features too, where in noise the speech embeddings are those of the takes heard through
 * the candidate's background, or, for a template without the takes' mel frames, log mel alone decides in noise. One
 * half must be sure: a word one sound away from the wake word passes both halves only just.
 */
class BothFeatureSetsTest {
    /** The score each half needs at the default confirmation sensitivity. */
    private static final double THRESHOLD = 0.7;
    private static final HeardWord CANDIDATE = new HeardWord(new Detection("hey-computer", 0, 8_000, 0.9, 8_000), new short[8_000], 0);

    /** A confirmer with a fixed verdict that records whether it was asked and closed. */
    private static final class Fixed implements Judging {
        final Verdict verdict;
        final List<String> log;
        final String name;
        final boolean onlyTooFar;

        Fixed(String name, Verdict verdict, List<String> log, boolean onlyTooFar) {
            this.name = name;
            this.verdict = verdict;
            this.log = log;
            this.onlyTooFar = onlyTooFar;
        }

        Fixed(String name, Verdict verdict, List<String> log) {
            this(name, verdict, log, false);
        }

        @Override
        public Verdict confirm(HeardWord heard) {
            log.add(name + " asked");
            return verdict;
        }

        @Override
        public Judgement judge(HeardWord heard) {
            return new Judgement(confirm(heard), onlyTooFar);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            log.add(name + " closed");
        }
    }

    private final List<String> log = new ArrayList<>();

    private Verdict judge(Verdict logMel, Verdict embeddings) {
        try (var both = BothFeatureSets.always(new Fixed("log mel", logMel, log), new Fixed("embeddings", embeddings, log), THRESHOLD)) {
            return both.confirm(CANDIDATE);
        }
    }

    @Test
    void bothAcceptingConfirmsWithTheLowerScoreAndBothReasons() {
        var v = judge(Verdict.accept(0.9, "template score 0.90 >= 0.70"), Verdict.accept(0.8, "score 0.80 >= 0.70"));
        assertTrue(v.confirmed());
        assertEquals(0.8, v.score());
        assertEquals("log mel: template score 0.90 >= 0.70; embeddings: score 0.80 >= 0.70 (0 dB over the background)", v.reason());
    }

    @Test
    void theEmbeddingsRefusingWhatLogMelAcceptsRejects() {
        var v = judge(Verdict.accept(0.9, "template score 0.90 >= 0.70"), Verdict.reject(0.2, "score 0.20 < 0.70"));
        assertFalse(v.confirmed());
        assertTrue(v.reason().contains("embeddings: score 0.20 < 0.70"), v.reason());
    }

    @Test
    void aWordJustOverTheThresholdOnBothHalvesIsRefused() {
        // as the "hey jester"s of the voice whose "hey jasper" template took them scored
        var v = judge(Verdict.accept(0.86, "template score 0.86 >= 0.70"), Verdict.accept(0.74, "score 0.74 >= 0.70"));
        assertFalse(v.confirmed());
        assertEquals(0.74, v.score());
        assertTrue(v.reason().endsWith("; neither sure (embeddings < 0.80, log mel < 0.95)"), v.reason());
    }

    @Test
    void theEnrolledVoiceSureOnLogMelIsConfirmed() {
        assertTrue(judge(Verdict.accept(0.98, "template score 0.98 >= 0.70"), Verdict.accept(0.77, "score 0.77 >= 0.70")).confirmed());
    }

    @Test
    void anotherVoiceSureOnTheSpeechEmbeddingsIsConfirmed() {
        assertTrue(judge(Verdict.accept(0.72, "template score 0.72 >= 0.70"), Verdict.accept(0.81, "score 0.81 >= 0.70")).confirmed());
    }

    @Test
    void beingSureFollowsTheSensitivity() {
        try (var both = BothFeatureSets.always(new Fixed("log mel", Verdict.accept(0.6, ""), log), new Fixed("embeddings", Verdict.accept(0.61, ""), log), 0.5)) {
            assertTrue(both.confirm(CANDIDATE).confirmed(), "0.61 is sure when 0.5 is the threshold");
        }
        try (var both = BothFeatureSets.always(new Fixed("log mel", Verdict.accept(0.9, ""), log), new Fixed("embeddings", Verdict.accept(0.85, ""), log), 0.8)) {
            assertFalse(both.confirm(CANDIDATE).confirmed(), "neither 0.9 nor 0.85 is sure when 0.8 is the threshold");
        }
    }

    @Test
    void inNoiseOneHalfMustBeSureToo() {
        var v = judgeThroughBackground(candidateOver(1789), Verdict.accept(1, ""), Verdict.accept(0.75, "takes heard through the background: score 0.75 >= 0.70"));
        assertFalse(v.confirmed(), "log mel 0.90, the takes heard through the background 0.75: " + v.reason());
        assertTrue(judgeThroughBackground(candidateOver(1789), Verdict.accept(0.75, ""), Verdict.accept(0.85, "")).confirmed());
    }

    private Verdict judgeInNoiseOrNot(HeardWord heard, double logMel, double embeddings) {
        var both = Verdict.accept(embeddings, "score " + embeddings);
        try (var auto = BothFeatureSets.throughBackground(new Fixed("log mel", Verdict.accept(logMel, "template score " + logMel), log),
                new Fixed("embeddings", both, log), new Fixed("embeddings in noise", both, log), null, THRESHOLD)) {
            return auto.confirm(heard);
        }
    }

    @Test
    void inNoiseTheTwoHalvesMustStandFarEnoughOverTheThresholdTogether() {
        // noise makes other words alike too: another person's "computer" taken for "athena" scored 0.76 and 0.88
        var v = judgeInNoiseOrNot(candidateOver(1789), 0.76, 0.88);
        assertFalse(v.confirmed(), "0.06 and 0.18 over 0.70: " + v.reason());
        assertTrue(v.reason().endsWith("; neither sure in noise (embeddings < 0.95, log mel < 0.95, together < 0.30 over 0.70)"), v.reason());
        assertTrue(judgeInNoiseOrNot(candidateOver(1789), 0.83, 0.90).confirmed(), "an enrolled voice's own wake phrase in bike noise: 0.33 together");
        assertTrue(judgeInNoiseOrNot(candidateOver(1789), 0.71, 0.96).confirmed(), "either half sure on its own, as log mel must be in a quiet room");
        assertTrue(judgeInNoiseOrNot(candidateOver(56.57), 0.76, 0.88).confirmed(), "in a quiet room 0.80 on the speech embeddings is sure");
    }

    @Test
    void logMelRefusingRejectsWithoutRunningTheEmbeddingModel() {
        var v = judge(Verdict.reject(0.4, "template score 0.40 < 0.70"), Verdict.accept(0.95, "score 0.95 >= 0.70"));
        assertFalse(v.confirmed());
        assertEquals("log mel: template score 0.40 < 0.70", v.reason());
        assertEquals(List.of("log mel asked", "embeddings closed", "log mel closed"), log, "the costlier look is spared");
    }

    /** Half a second of background (Gaussian, this rms) and then a 300 ms tone at amplitude 8000 (rms 5657, -15 dBFS). */
    private static HeardWord candidateOver(double backgroundRms) {
        var rng = new java.util.Random(3);
        short[] audio = new short[8_000 + 4_800 + 3_200];
        for (int i = 0; i < audio.length; i++) {
            double tone = i >= 8_000 && i < 12_800 ? 8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0) : 0;
            audio[i] = (short) Math.clamp(Math.round(tone + backgroundRms * rng.nextGaussian()), -32768, 32767);
        }
        return new HeardWord(new Detection("hey-computer", 8_000, 12_800, 0.9, 12_800), audio, 0);
    }

    private Verdict judgeByDefault(HeardWord heard, Verdict logMel, Verdict embeddings) {
        try (var auto = BothFeatureSets.quietOnly(new Fixed("log mel", logMel, log), new Fixed("embeddings", embeddings, log), null, THRESHOLD)) {
            return auto.confirm(heard);
        }
    }

    @Test
    void theSpreadIsHowFarTheWordStandsOverTheBackground() {
        assertEquals(40, BothFeatureSets.spreadDb(candidateOver(56.57).audio()), 1.0, "tone rms 5657 over background rms 56.57");
        assertEquals(10, BothFeatureSets.spreadDb(candidateOver(1789).audio()), 1.0, "tone rms 5657 over background rms 1789");
    }

    @Test
    void byDefaultACandidateHeardClearlyMustPassTheEmbeddingsToo() {
        var v = judgeByDefault(candidateOver(56.57), Verdict.accept(0.9, "template score 0.90 >= 0.70"), Verdict.reject(0.2, "score 0.20 < 0.70"));
        assertFalse(v.confirmed(), v.reason());
        assertEquals(List.of("log mel asked", "embeddings asked", "embeddings closed", "log mel closed"), log);
    }

    @Test
    void byDefaultInNoiseLogMelAloneDecidesAndTheReasonSaysWhy() {
        var v = judgeByDefault(candidateOver(1789), Verdict.accept(0.9, "template score 0.90 >= 0.70"), Verdict.reject(0.2, "score 0.20 < 0.70"));
        assertTrue(v.confirmed(), v.reason());
        assertEquals(0.9, v.score());
        assertTrue(v.reason().matches("log mel: template score 0\\.90 >= 0\\.70; embeddings: not asked in noise \\(1[01] dB over the background < 25\\)"), v.reason());
        assertEquals(List.of("log mel asked", "embeddings closed", "log mel closed"), log, "the embedding model is not run");
        assertFalse(judgeByDefault(candidateOver(1789), Verdict.reject(0.4, "template score 0.40 < 0.70"), Verdict.accept(1, "")).confirmed(),
                "log mel refusing still rejects");
    }

    private Verdict judgeThroughBackground(HeardWord heard, Verdict inQuiet, Verdict inNoise) {
        try (var auto = BothFeatureSets.throughBackground(new Fixed("log mel", Verdict.accept(0.9, "template score 0.90 >= 0.70"), log),
                new Fixed("embeddings", inQuiet, log), new Fixed("embeddings in noise", inNoise, log), null, THRESHOLD)) {
            return auto.confirm(heard);
        }
    }

    @Test
    void byDefaultInNoiseTheTakesHeardThroughTheBackgroundAreAsked() {
        var v = judgeThroughBackground(candidateOver(1789), Verdict.accept(1, ""), Verdict.reject(0.3, "takes heard through the background: score 0.30 < 0.70"));
        assertFalse(v.confirmed(), v.reason());
        assertTrue(v.reason().matches("log mel: template score 0\\.90 >= 0\\.70; embeddings: takes heard through the background: score 0\\.30 < 0\\.70 \\(1[01] dB over the background\\)"),
                v.reason());
        assertEquals(List.of("log mel asked", "embeddings in noise asked", "embeddings in noise closed", "embeddings closed", "log mel closed"), log);
    }

    @Test
    void byDefaultInAQuietRoomTheCleanTakesAreAsked() {
        var v = judgeThroughBackground(candidateOver(56.57), Verdict.reject(0.2, "score 0.20 < 0.70"), Verdict.accept(1, ""));
        assertFalse(v.confirmed(), v.reason());
        assertEquals(List.of("log mel asked", "embeddings asked", "embeddings in noise closed", "embeddings closed", "log mel closed"), log);
    }

    /** The default, by a voice's verifier that scores every candidate {@code verifierScore}, noting when it is asked. */
    private Verdict judgeWithVerifier(HeardWord heard, Verdict logMel, boolean onlyTooFar, Verdict embeddings, double verifierScore) {
        VerifierCheck verifier = h -> {
            log.add("verifier asked");
            return verifierScore;
        };
        try (var auto = BothFeatureSets.throughBackground(new Fixed("log mel", logMel, log, onlyTooFar), new Fixed("embeddings", embeddings, log),
                new Fixed("embeddings in noise", embeddings, log), verifier, THRESHOLD)) {
            return auto.confirm(heard);
        }
    }

    private static final Verdict TOO_FAR = Verdict.reject(0.35, "template score 0.35 < 0.70");
    private static final Verdict SURE = Verdict.accept(0.88, "score 0.88 >= 0.70");

    @Test
    void anotherVoiceThatLogMelFindsTooFarIsConfirmedWhenTheEmbeddingsAreSureAndTheVerifierAgrees() {
        var v = judgeWithVerifier(candidateOver(56.57), TOO_FAR, true, SURE, 0.97);
        assertTrue(v.confirmed(), v.reason());
        assertEquals(0.88, v.score(), "the speech embeddings' score: the half that accepted it");
        assertTrue(v.reason().matches("log mel: template score 0\\.35 < 0\\.70; embeddings: score 0\\.88 >= 0\\.70 \\(4[01] dB over the background\\);"
                + " verifier 0\\.97 > 0\\.95 \\(another voice or microphone\\)"), v.reason());
    }

    @Test
    void aWordSaidAtAnEnrolledTakesPitchIsLeftToLogMelAndTheVerifierIsNotAsked() {
        VerifierCheck enrolledVoice = new VerifierCheck() {
            @Override
            public double score(HeardWord heard) {
                log.add("verifier asked");
                return 0.99;
            }

            @Override
            public String enrolledVoiceLike(HeardWord heard) {
                return "112 Hz, as take 1 at 111 Hz";
            }
        };
        try (var auto = BothFeatureSets.throughBackground(new Fixed("log mel", TOO_FAR, log, true), new Fixed("embeddings", SURE, log),
                new Fixed("embeddings in noise", SURE, log), enrolledVoice, THRESHOLD)) {
            var v = auto.confirm(candidateOver(56.57));
            assertFalse(v.confirmed(), v.reason());
            assertEquals(0.35, v.score(), "log mel's score: the half that decides");
            assertTrue(v.reason().endsWith("; an enrolled voice's pitch (112 Hz, as take 1 at 111 Hz): log mel decides, the verifier is for other voices"),
                    v.reason());
        }
        assertFalse(log.contains("verifier asked"), log.toString());
    }

    @Test
    void theVerifierUnsureLeavesLogMelsRefusal() {
        var v = judgeWithVerifier(candidateOver(56.57), TOO_FAR, true, SURE, 0.93);
        assertFalse(v.confirmed());
        assertEquals(0.35, v.score());
        assertTrue(v.reason().endsWith("; verifier 0.93 <= 0.95"), v.reason());
    }

    @Test
    void theEmbeddingsMustBeSureBeforeTheVerifierIsAsked() {
        var v = judgeWithVerifier(candidateOver(56.57), TOO_FAR, true, Verdict.accept(0.78, "score 0.78 >= 0.70"), 0.99);
        assertFalse(v.confirmed());
        assertTrue(v.reason().endsWith("; embeddings not sure (< 0.80)"), v.reason());
        assertFalse(log.contains("verifier asked"));
    }

    @Test
    void aPluralOrAMatchBesideTheWordIsNeverOverturned() {
        var v = judgeWithVerifier(candidateOver(56.57), Verdict.reject(0.95, "template score 0.95 >= 0.70, but an s follows"), false, SURE, 0.99);
        assertFalse(v.confirmed());
        assertEquals(List.of("log mel asked", "embeddings in noise closed", "embeddings closed", "log mel closed"), log, "nothing else asked");
    }

    @Test
    void aWordFarBelowTheThresholdOnLogMelStaysRefused() {
        assertFalse(judgeWithVerifier(candidateOver(56.57), Verdict.reject(0.19, "template score 0.19 < 0.70"), true, SURE, 0.99).confirmed(),
                "0.2 is the floor at the default threshold 0.7");
        assertTrue(judgeWithVerifier(candidateOver(56.57), Verdict.reject(0.21, "template score 0.21 < 0.70"), true, SURE, 0.99).confirmed());
    }

    @Test
    void inNoiseTheVerifierIsAskedOnlyWhenTheTakesHeardThroughTheBackgroundAreAsSureAsLogMelMustBeInQuiet() {
        var unsure = judgeWithVerifier(candidateOver(1789), TOO_FAR, true, SURE, 0.99);
        assertFalse(unsure.confirmed(), "noise makes any two sounds under it alike: 0.88 is not sure there");
        assertTrue(unsure.reason().endsWith("; embeddings not sure (< 0.95)"), unsure.reason());
        assertFalse(log.contains("verifier asked"));
        assertEquals(List.of("log mel asked", "embeddings in noise asked", "embeddings in noise closed", "embeddings closed", "log mel closed"), log,
                "in noise the takes heard through the background are asked, not the clean ones");
        log.clear();
        var sure = judgeWithVerifier(candidateOver(1789), TOO_FAR, true, Verdict.accept(0.96, "score 0.96 >= 0.70"), 0.97);
        assertTrue(sure.confirmed(), sure.reason());
        assertTrue(sure.reason().endsWith("; verifier 0.97 > 0.95 (another voice or microphone)"), sure.reason());
    }

    @Test
    void inNoiseWithoutTheTakesHeardThroughTheBackgroundTheVerifierIsNotAsked() {
        VerifierCheck verifier = h -> {
            log.add("verifier asked");
            return 0.99;
        };
        try (var auto = BothFeatureSets.quietOnly(new Fixed("log mel", TOO_FAR, log, true), new Fixed("embeddings", Verdict.accept(0.99, "score 0.99 >= 0.70"), log),
                verifier, THRESHOLD)) {
            assertFalse(auto.confirm(candidateOver(1789)).confirmed(), "a template enrolled before the takes' mel frames were kept: log mel decides in noise");
        }
        assertFalse(log.contains("verifier asked"), log.toString());
    }

    @Test
    void withoutAVerifierLogMelsRefusalStands() {
        try (var auto = BothFeatureSets.quietOnly(new Fixed("log mel", TOO_FAR, log, true), new Fixed("embeddings", SURE, log), null, THRESHOLD)) {
            assertFalse(auto.confirm(candidateOver(56.57)).confirmed());
        }
    }

    @Test
    void itIsTheTemplateConfirmationInEventsAndTheAuditLog() {
        try (var both = BothFeatureSets.always(new Fixed("template", Verdict.accept(1, ""), log), new Fixed("template", Verdict.accept(1, ""), log), THRESHOLD)) {
            assertEquals("template", both.name());
        }
    }
}
