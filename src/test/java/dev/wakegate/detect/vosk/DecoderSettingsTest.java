package dev.wakegate.detect.vosk;

import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecoderSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void overridesReplaceTheModelsLinesAndKeepTheRest() {
        String conf = "--min-active=200\n--max-active=3000\n--beam=10.0\n--lattice-beam=2.0\n--frame-subsampling-factor=3\n";
        String out = new DecoderSettings(8.0, 1500, null).apply(conf);
        assertEquals("--min-active=200\n--lattice-beam=2.0\n--frame-subsampling-factor=3\n--beam=8.0\n--max-active=1500\n", out);
    }

    @Test
    void maxActiveBelowTheModelsMinActiveIsRefusedBeforeKaldiCouldAbort() {
        var e = assertThrows(UserError.class, () -> new DecoderSettings(null, 150, null).apply("--min-active=200\n"));
        assertTrue(e.getMessage().contains("below the model's --min-active 200"), e.getMessage());
        assertThrows(UserError.class, () -> new DecoderSettings(null, 150, null).apply("--beam=10\n"), "Kaldi's default min-active is 200");
    }

    @Test
    void outOfRangeValuesAreUserErrors() {
        assertThrows(UserError.class, () -> new DecoderSettings(0.0, null, null));
        assertThrows(UserError.class, () -> new DecoderSettings(null, null, -1.0));
        assertThrows(UserError.class, () -> new DecoderSettings(null, 1, null));
    }

    @Test
    void withModelDefaultsTheModelDirectoryIsUsedAsItIs() throws IOException {
        Path model = VoskFixtures.dynamicModel(tmp.resolve("m"), List.of("hey"));
        try (var overlay = DecoderSettings.MODEL_DEFAULTS.overlay(model)) {
            assertEquals(model, overlay.dir());
        }
        assertTrue(Files.exists(model.resolve("conf/model.conf")));
    }

    @Test
    void anOverlayLinksTheModelAndRewritesOnlyModelConfThenDisappears() throws IOException {
        Path model = VoskFixtures.dynamicModel(tmp.resolve("m"), List.of("hey"));
        String original = Files.readString(model.resolve("conf/model.conf"));
        Path overlayDir;
        try (var overlay = new DecoderSettings(7.0, null, null).overlay(model)) {
            overlayDir = overlay.dir();
            assertTrue(Files.isSymbolicLink(overlayDir.resolve("am")));
            assertTrue(Files.isSymbolicLink(overlayDir.resolve("conf/mfcc.conf")));
            assertFalse(Files.isSymbolicLink(overlayDir.resolve("conf/model.conf")));
            assertTrue(Files.readString(overlayDir.resolve("conf/model.conf")).contains("--beam=7.0"));
            assertTrue(Files.isRegularFile(overlayDir.resolve("graph/Gr.fst")), "reachable through the link");
            VoskModelLayout.check(overlayDir);
        }
        assertFalse(Files.exists(overlayDir));
        assertEquals(original, Files.readString(model.resolve("conf/model.conf")), "the model is never written to");
        assertTrue(Files.isRegularFile(model.resolve("graph/Gr.fst")), "deleting links never deletes their targets");
    }
}
