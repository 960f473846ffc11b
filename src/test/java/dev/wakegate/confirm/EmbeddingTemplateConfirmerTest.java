package dev.wakegate.confirm;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.oww.FeatureModels;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwScorer;
import dev.wakegate.detect.oww.OwwTestData;
import dev.wakegate.detect.template.EmbeddingTemplate;
import dev.wakegate.detect.template.EmbeddingTemplates;
import dev.wakegate.detect.template.PluralCheck;
import dev.wakegate.detect.template.WakeTemplate;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The template confirmation on speech embeddings ({@code --template-features embedding}) judges the detected word. */
class EmbeddingTemplateConfirmerTest {
    private static final String VOICE = TestData.VOICE;
    private static FeatureModels features;
    private static EmbeddingTemplateConfirmer confirmer;

    @BeforeAll
    static void enroll() {
        WakeTemplate template = EmbeddingTemplates.withEmbeddings(Engine.heyComputer(VOICE), OwwTestData.MODELS,
                TestData.enrollTakes(VOICE).stream().map(Engine::recording).toList());
        features = FeatureModels.open(OwwTestData.MODELS);
        var words = List.of(EmbeddingTemplate.of(template, features, "test").confirming());
        var embeddings = new OwwConfirmer(OwwScorer.borrowing(features, words), Sensitivity.of(Confirmers.TEMPLATE_DEFAULT), OwwDecision.GRIDS, "template");
        confirmer = new EmbeddingTemplateConfirmer(embeddings, List.of(template), new PluralCheck(List.of(template)));
    }

    @AfterAll
    static void close() {
        confirmer.close();
        features.close();
    }

    @Test
    void confirmsOnlyTheWordTheDetectorFoundNotOneBesideIt() {
        // given: the wake phrase, then 0.8 s of quiet room, and a detection on that quiet stretch alone
        var heard = PhraseThenQuiet.of(VOICE, 12_800);
        // when
        Verdict beside = confirmer.confirm(heard.besideIt()), on = confirmer.confirm(heard.onIt());
        // then
        assertFalse(beside.confirmed(), beside.toString());
        assertTrue(beside.reason().contains("beside the detected word"), beside.reason());
        assertTrue(on.confirmed(), on.toString());
    }
}
