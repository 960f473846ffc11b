package dev.wakegate.detect.template;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Takes added to a wake word later ({@code enroll --add}) keep how consistently their own voice says it: a person's
 * looser takes widen that person's thresholds, never another person's.
 */
class WakeTemplateTest {
    private static final String SHA = "ab12".repeat(16);

    /** Three takes of {@code voice} that agreed as {@code agreement} (log mel) and {@code embeddingAgreement}. */
    private static WakeTemplate batch(String voice, double agreement, double embeddingAgreement) {
        float[][] logMel = new float[4][Mfcc.MELS], embeddings = new float[3][96];
        var takes = List.of(new WakeTemplate.Take("1.wav", logMel), new WakeTemplate.Take("2.wav", logMel), new WakeTemplate.Take("3.wav", logMel));
        return new WakeTemplate("w", takes, agreement, Instant.EPOCH, new WakeTemplate.SpeechEmbeddings(SHA, List.of(embeddings, embeddings, embeddings),
                embeddingAgreement)).withVoice(voice);
    }

    private static List<Double> logMelAgreements(WakeTemplate t) {
        return t.takes().stream().map(WakeTemplate.Take::agreement).toList();
    }

    @Test
    void anotherPersonsLooserTakesDoNotLoosenTheFirstPersons() {
        // when
        var household = batch("anna", 0.05, 0.02).plus(batch("ben", 0.3, 0.09));
        // then
        assertEquals(List.of(0.05, 0.05, 0.05, 0.3, 0.3, 0.3), logMelAgreements(household));
        assertEquals(List.of(0.02, 0.02, 0.02, 0.09, 0.09, 0.09), household.embeddings().takeAgreements());
        assertEquals(0.3, household.agreement());
        assertEquals(0.09, household.embeddings().agreement());
    }

    @Test
    void thePersonsOwnLooserTakesAddedLaterWidenAllOfTheirTakes() {
        // when: anna's takes of another day agree more loosely than her first ones; ben's stay his
        var household = batch("anna", 0.05, 0.02).plus(batch("ben", 0.1, 0.03)).plus(batch("anna", 0.2, 0.06));
        // then
        assertEquals(List.of(0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2), logMelAgreements(household));
        assertEquals(List.of(0.06, 0.06, 0.06, 0.03, 0.03, 0.03, 0.06, 0.06, 0.06), household.embeddings().takeAgreements());
    }

    @Test
    void aTakeLooserThanItsTemplateIsRefused() {
        var loose = new WakeTemplate.Take("1.wav", "anna", new float[4][Mfcc.MELS], 0.4);
        var refused = assertThrows(IllegalArgumentException.class, () -> new WakeTemplate("w", List.of(loose), 0.3, Instant.EPOCH));
        assertEquals("a take's agreement must lie in [0, the template's]", refused.getMessage());
    }
}
