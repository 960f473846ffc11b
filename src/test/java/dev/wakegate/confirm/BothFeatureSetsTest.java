package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With --template-features both, a candidate is confirmed only when the log-mel and the speech-embedding match each accept it. */
class BothFeatureSetsTest {
    private static final HeardWord CANDIDATE = new HeardWord(new Detection("hey-computer", 0, 8_000, 0.9, 8_000), new short[8_000], 0);

    /** A confirmer with a fixed verdict that records whether it was asked and closed. */
    private static final class Fixed implements Confirmer {
        final Verdict verdict;
        final List<String> log;
        final String name;

        Fixed(String name, Verdict verdict, List<String> log) {
            this.name = name;
            this.verdict = verdict;
            this.log = log;
        }

        @Override
        public Verdict confirm(HeardWord heard) {
            log.add(name + " asked");
            return verdict;
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
        try (var both = new BothFeatureSets(new Fixed("log mel", logMel, log), new Fixed("embeddings", embeddings, log))) {
            return both.confirm(CANDIDATE);
        }
    }

    @Test
    void bothAcceptingConfirmsWithTheLowerScoreAndBothReasons() {
        var v = judge(Verdict.accept(0.9, "template score 0.90 >= 0.70"), Verdict.accept(0.8, "score 0.80 >= 0.70"));
        assertTrue(v.confirmed());
        assertEquals(0.8, v.score());
        assertEquals("log mel: template score 0.90 >= 0.70; embeddings: score 0.80 >= 0.70", v.reason());
    }

    @Test
    void theEmbeddingsRefusingWhatLogMelAcceptsRejects() {
        var v = judge(Verdict.accept(0.9, "template score 0.90 >= 0.70"), Verdict.reject(0.2, "score 0.20 < 0.70"));
        assertFalse(v.confirmed());
        assertTrue(v.reason().endsWith("embeddings: score 0.20 < 0.70"), v.reason());
    }

    @Test
    void logMelRefusingRejectsWithoutRunningTheEmbeddingModel() {
        var v = judge(Verdict.reject(0.4, "template score 0.40 < 0.70"), Verdict.accept(0.95, "score 0.95 >= 0.70"));
        assertFalse(v.confirmed());
        assertEquals("log mel: template score 0.40 < 0.70", v.reason());
        assertEquals(List.of("log mel asked", "embeddings closed", "log mel closed"), log, "the costlier look is spared");
    }

    @Test
    void itIsTheTemplateConfirmationInEventsAndTheAuditLog() {
        try (var both = new BothFeatureSets(new Fixed("template", Verdict.accept(1, ""), log), new Fixed("template", Verdict.accept(1, ""), log))) {
            assertEquals("template", both.name());
        }
    }
}
