package dev.wakegate.cli;

import dev.wakegate.confirm.ConfirmSpec;
import dev.wakegate.confirm.Confirmer;
import dev.wakegate.confirm.Confirmers;
import dev.wakegate.detect.Engines;
import dev.wakegate.detect.WakeDetector;
import dev.wakegate.detect.vosk.Phrase;
import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How --engine vosk and --confirm vosk are chosen and checked from the command line (no model needed). */
class VoskOptionsTest {
    @TempDir
    Path tmp;

    @Command(name = "stages")
    static final class Stages {
        @Mixin
        EngineOptions engine;
        @Mixin
        ConfirmOptions confirm;

        WakeDetector detector() {
            try (var engines = new Engines()) {
                return engines.detector(engine.spec());
            }
        }

        /** The confirmer as run would build it. */
        Confirmer confirmer() {
            try (var engines = new Engines()) {
                return Confirmers.build(confirm.spec(), engine.spec(), engines, ConfirmSpec.Kind.template);
            }
        }

        Map<String, Phrase> phrases() {
            try (var engines = new Engines()) {
                return Confirmers.phrasesByWord(engine.spec(), engines);
            }
        }
    }

    private static Stages parse(String... args) {
        var stages = new Stages();
        new CommandLine(stages).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return stages;
    }

    private static String error(Runnable r) {
        return assertThrows(UserError.class, r::run).getMessage();
    }

    private Path template() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/demo/hey-computer.json")) {
            Path p = tmp.resolve("hey-computer.json");
            Files.copy(in, p);
            return p;
        }
    }

    @Test
    void theVoskEngineNeedsAModelDirectoryAndAPhrase() {
        assertTrue(error(() -> parse("--engine", "vosk", "--phrase", "hey computer").detector())
                .contains("--model-dir models/vosk-model-small-en-us-0.15 (get it with scripts/fetch-model.sh vosk-model-small-en-us-0.15)"));
        assertTrue(error(() -> parse("--engine", "vosk", "--model-dir", "x").detector()).contains("--phrase \"hey computer\""));
    }

    @Test
    void aMissingModelDirectoryNamesTheFetchScript() {
        String dir = tmp.resolve("vosk-model-small-en-us-0.15").toString();
        String m = error(() -> parse("--engine", "vosk", "--model-dir", dir, "--phrase", "hey computer").detector());
        assertTrue(m.contains("scripts/fetch-model.sh vosk-model-small-en-us-0.15"), m);
    }

    @Test
    void templateFilesAndRepeatedPhrasesAreRefusedForTheVoskEngine() {
        assertTrue(error(() -> parse("--engine", "vosk", "--model", "a.json", "--model-dir", "x", "--phrase", "hi").detector())
                .contains("--model is a template file"));
        assertTrue(error(() -> parse("--engine", "vosk", "--model-dir", "x", "--phrase", "Hey computer", "--phrase", "hey, computer!")
                .detector()).contains("given twice"));
    }

    @Test
    void theVoskEngineIsNeverLeftWithoutASecondStage() {
        var stages = parse("--engine", "vosk", "--model-dir", "x", "--phrase", "hey computer", "--confirm", "none");
        assertTrue(error(() -> stages.confirmer()).contains("needs a second stage"));
    }

    @Test
    void confirmingWithVoskNeedsAVoskModel() throws IOException {
        String t = template().toString();
        var stages = parse("--engine", "template", "--model", t, "--confirm", "vosk");
        assertTrue(error(() -> stages.confirmer()).contains("--confirm vosk needs a Vosk model"));
    }

    @Test
    void aTemplatesWordNameBecomesThePhraseToConfirm() throws IOException {
        String t = template().toString();
        assertEquals(Map.of("hey-computer", Phrase.parse("hey computer")),
                parse("--engine", "template", "--model", t, "--confirm", "vosk").phrases());
        assertEquals(Map.of("hey-computer", Phrase.parse("hey there computer")),
                parse("--engine", "template", "--model", t, "--phrase", "hey there computer").phrases());
        assertTrue(error(() -> parse("--engine", "template", "--model", t, "--phrase", "a", "--phrase", "b").phrases())
                .contains("2 phrases for 1 templates"));
    }

    @Test
    void theVoskEnginesPhrasesAreItsWordNames() {
        assertEquals(Map.of("hey computer", Phrase.parse("hey computer"), "ok house", Phrase.parse("ok house")),
                parse("--engine", "vosk", "--phrase", "Hey Computer", "--phrase", "ok house").phrases());
    }

    @Test
    void decoderLimitsAreCheckedAsTheyAreParsed() {
        assertTrue(error(() -> parse("--vosk-beam", "0").engine.spec().decoder()).contains("--vosk-beam"));
        var s = parse("--vosk-beam", "8", "--vosk-max-active", "2000", "--vosk-lattice-beam", "3").engine.spec().decoder();
        assertEquals(8.0, s.beam());
        assertEquals(2000, s.maxActive());
        assertEquals(3.0, s.latticeBeam());
    }

    @Test
    void scanWithAMissingVoskModelPrintsOneLineAndExitsOne() {
        var err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute("scan", "--engine", "vosk", "--model-dir", tmp.resolve("vosk-model-small-en-us-0.15").toString(),
                        "--phrase", "hey computer", tmp.resolve("in.wav").toString());
        assertEquals(1, exit);
        String[] lines = err.toString().strip().split("\\R");
        assertEquals(1, lines.length, err.toString());
        assertTrue(lines[0].startsWith("wakegate: no Vosk model at "), lines[0]);
    }
}
