package dev.wakegate.cli;

import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.confirm.OwwConfirmer;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.detect.oww.OwwDecision;
import dev.wakegate.detect.oww.OwwDetector;
import dev.wakegate.detect.oww.OwwTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --engine oww} and {@code --confirm oww}: what works, and the one line each mistake gets. */
class OwwOptionsTest {
    private static final String FEATURES = OwwTestData.MODELS.toString();
    private static final String ALEXA = OwwTestData.model(OwwTestData.ALEXA).toString();
    private static final String ALEXA_CLIP = OwwTestData.OWW_CLIPS.resolve("alexa_test.wav").toString();

    private record Run(int exit, String out, String err) {}

    private static Run wakegate(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertUserError(Run run, String... parts) {
        assertEquals(1, run.exit(), run.err());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + run.err());
        for (String p : parts) assertTrue(lines.getFirst().contains(p), "'" + p + "' in: " + lines.getFirst());
    }

    @Test
    void scanFindsAlexaInOpenWakeWordsTestClipAndPrintsJson() {
        var run = wakegate("scan", "--engine", "oww", "--oww-model", ALEXA, "--oww-features", FEATURES, "--json", ALEXA_CLIP);
        assertEquals(0, run.exit(), run.err());
        var lines = run.out().lines().toList();
        assertEquals(1, lines.size(), run.out());
        assertTrue(lines.getFirst().contains("\"word\": \"alexa_v0.1\""), lines.getFirst());
    }

    @Test
    void aMissingFeatureFolderNamesTheFetchCommand() {
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", ALEXA, "--oww-features", "no/such/dir", ALEXA_CLIP),
                "no/such/dir: no such folder", "Fix: scripts/fetch-model.sh oww-features");
    }

    @Test
    void aFirstRunWithoutAnyModelNamesEveryDownloadInOneLine() {
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", "models/openwakeword/alexa_v0.1.onnx",
                        "--oww-features", "no/such/dir", ALEXA_CLIP),
                "missing openWakeWord models: no/such/dir/melspectrogram.onnx", "Fix: scripts/fetch-model.sh oww-features alexa_v0.1");
    }

    @Test
    void aFeatureFolderWithoutTheEmbeddingModelSaysWhichFileIsMissing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("melspectrogram.onnx"), "not checked before the missing file is named");
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", ALEXA, "--oww-features", dir.toString(), ALEXA_CLIP),
                "embedding_model.onnx: no such file", "Fix: scripts/fetch-model.sh oww-features");
    }

    @Test
    void aMissingWakeModelNamesTheFetchCommandForThatWord() {
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", "models/hey_nobody_v0.1.onnx", "--oww-features", FEATURES, ALEXA_CLIP),
                "models/hey_nobody_v0.1.onnx: no such file", "Fix: scripts/fetch-model.sh hey_nobody_v0.1");
    }

    @Test
    void aFeatureModelPassedAsWakeModelIsRefusedForItsShape() {
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", OwwTestData.MODELS.resolve("embedding_model.onnx").toString(),
                        "--oww-features", FEATURES, ALEXA_CLIP),
                "not an openWakeWord wake model", "[-1, 76, 32, 1]", "expected [1, N, 96]", "Fix:");
    }

    @Test
    void aFileThatIsNotOnnxIsRefused() {
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", ALEXA_CLIP, "--oww-features", FEATURES, ALEXA_CLIP),
                "alexa_test.wav: not a readable ONNX model", "Fix: scripts/fetch-model.sh alexa_test.wav");
    }

    @Test
    void theOwwEngineWithoutAModelSaysWhichFlagItNeeds() {
        assertUserError(wakegate("scan", "--engine", "oww", ALEXA_CLIP), "Fix: --oww-model", "scripts/fetch-model.sh alexa_v0.1");
        assertUserError(wakegate("scan", "--engine", "oww", "--model", ALEXA, ALEXA_CLIP), "--model takes template files");
    }

    @Test
    void theSameWakeModelTwiceIsRefused() {
        assertUserError(wakegate("scan", "--engine", "oww", "--oww-model", ALEXA, "--oww-model", ALEXA, "--oww-features", FEATURES, ALEXA_CLIP),
                "both named 'alexa_v0.1'");
    }

    @Command(name = "probe")
    static final class ConfirmProbe implements Callable<Integer> {
        @Mixin
        EngineOptions engine;
        @Mixin
        ConfirmOptions confirm;
        final List<Confirmer> built = new ArrayList<>();

        @Override
        public Integer call() {
            try (var engines = new Engines()) {
                built.add(Confirmers.build(confirm.spec(), engine.spec(), engines, ConfirmSpec.Kind.template));
            }
            return 0;
        }
    }

    private static ConfirmProbe confirm(int expectedExit, String... args) {
        var probe = new ConfirmProbe();
        var cmd = new CommandLine(probe).setExecutionExceptionHandler(Errors::handle);
        cmd.setErr(new PrintWriter(new StringWriter()));
        assertEquals(expectedExit, cmd.execute(args));
        return probe;
    }

    @Test
    void confirmOwwDefaultsToTheEnginesWakeModelsAtThreshold04BehindTheOwwEngine() {
        var probe = confirm(0, "--engine", "oww", "--oww-model", ALEXA, "--oww-features", FEATURES, "--confirm", "oww");
        try (var c = assertInstanceOf(OwwConfirmer.class, probe.built.getFirst())) {
            assertEquals("oww", c.name());
            assertEquals(0.4, c.threshold(), 1e-12);
            assertEquals(4, c.grids());
        }
    }

    @Test
    void confirmOwwBehindAnotherEngineKeepsThreshold07() {
        var probe = confirm(0, "--confirm", "oww", "--confirm-oww-model", ALEXA, "--oww-features", FEATURES);
        try (var c = assertInstanceOf(OwwConfirmer.class, probe.built.getFirst())) {
            assertEquals(0.7, c.threshold(), 1e-12);
        }
    }

    @Test
    void confirmOwwCanStandBehindTheTemplateEngineWithItsOwnModel() {
        var probe = confirm(0, "--confirm", "oww", "--confirm-oww-model", ALEXA, "--oww-features", FEATURES, "--confirm-sensitivity", "0.2");
        try (var c = assertInstanceOf(OwwConfirmer.class, probe.built.getFirst())) {
            assertEquals(0.8, c.threshold(), 1e-12);
        }
    }

    @Command(name = "probe")
    static final class EngineProbe implements Callable<Integer> {
        @Mixin
        EngineOptions engine;
        WakeDetector built;

        @Override
        public Integer call() {
            try (var engines = new Engines()) {
                built = engines.detector(engine.spec());
            }
            return 0;
        }
    }

    @Test
    void theOwwEngineDecidesAsTheDefaultAndTheTriggerLevelChangesOnlyTheRun() {
        for (var level : List.of("1", "2")) {
            var probe = new EngineProbe();
            var cmd = new CommandLine(probe).setExecutionExceptionHandler(Errors::handle);
            var args = new ArrayList<>(List.of("--engine", "oww", "--oww-model", ALEXA, "--oww-features", FEATURES));
            if (!level.equals("1")) args.addAll(List.of("--oww-trigger-level", level));
            assertEquals(0, cmd.execute(args.toArray(String[]::new)));
            try (var d = assertInstanceOf(OwwDetector.class, probe.built)) {
                assertEquals(OwwDecision.DEFAULT.withTriggerSteps(Integer.parseInt(level)), d.decision());
            }
        }
    }

    @Test
    void confirmOwwWithoutAnyModelSaysWhichFlagItNeeds() {
        var probe = new ConfirmProbe();
        var err = new StringWriter();
        var cmd = new CommandLine(probe).setExecutionExceptionHandler(Errors::handle);
        cmd.setErr(new PrintWriter(err));
        assertEquals(1, cmd.execute("--confirm", "oww"));
        assertTrue(err.toString().contains("Fix: --confirm-oww-model"), err.toString());
    }
}
