package dev.wakegate.hw.pi4j;

import com.pi4j.boardinfo.definition.BoardModel;
import dev.wakegate.internal.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The boards wakegate runs on, as Pi4J (the library the gpiod provider is part of) identifies them: its gpiod
 * provider opens no GPIO chip on a board it does not know. Pi4J tries the revision code from /proc/cpuinfo first,
 * then the name from /proc/device-tree/model.
 */
class BoardSupportTest {

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
            "902120, ZERO_V2", // Pi Zero 2 W
            "a02082, MODEL_3_B", "a22082, MODEL_3_B", "a020d3, MODEL_3_B_PLUS",
            "a03111, MODEL_4_B", "b03114, MODEL_4_B", "c03115, MODEL_4_B", "d03114, MODEL_4_B", "c03130, MODEL_400",
            "b04170, MODEL_5_B", "c04170, MODEL_5_B", "d04170, MODEL_5_B", // Pi 5 rev 1.0: 2, 4, 8 GB
            "d04190, MODEL_500", "c04180, COMPUTE_5"})
    void theSupportedBoardsAreKnownByTheirRevisionCode(String code, BoardModel model) throws Exception {
        assertEquals(model, BoardModel.getByBoardCode(code));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"b04171", "c04171", "d04171"})
    void aPi5Rev11IsMissingFromTheCodeTableButKnownByItsModelName(String code) throws Exception {
        assertEquals(BoardModel.UNKNOWN, BoardModel.getByBoardCode(code));
        // what /proc/device-tree/model says on that board, which Pi4J reads next
        assertEquals(BoardModel.MODEL_5_B, BoardModel.getByBoardName("Raspberry Pi 5 Model B Rev 1.1"));
    }

    @Test
    void aBoardPi4jDoesNotKnowIsRefusedInOneLineNamingItAndTheWayOut() {
        var e = assertThrows(UserError.class, () -> Pi4jHardware.requireKnownBoard(BoardModel.UNKNOWN, "e04171", "Raspberry Pi 6 Model B Rev 1.0"));
        assertTrue(e.getMessage().contains("'Raspberry Pi 6 Model B Rev 1.0'"), e.getMessage());
        assertTrue(e.getMessage().contains("revision e04171"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix:") && e.getMessage().contains("--gpio mock"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aKnownBoardPasses() {
        Pi4jHardware.requireKnownBoard(BoardModel.MODEL_5_B, "d04171", "Raspberry Pi 5 Model B Rev 1.1");
    }

    @Test
    void withoutAnyGpioChipTheLineSaysSoAndOffersTheSimulation(@TempDir Path dev) {
        String line = GpioChips.diagnose(dev, "pi", "Couldn't identify suitable gpiochip!");
        assertTrue(line.startsWith("this machine has no GPIO chip"), line);
        assertTrue(line.contains("--gpio mock"), line);
    }

    @Test
    void chipsTheUserMayNotOpenPointAtTheGpioGroup(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        Files.createFile(dev.resolve("gpiochip4"));
        String line = GpioChips.diagnose(dev, "pi", "Couldn't identify suitable gpiochip!", chip -> false);
        assertTrue(line.contains("user 'pi' may not open " + dev.resolve("gpiochip0")), line);
        assertTrue(line.contains("usermod -a -G gpio pi"), line);
    }

    @Test
    void chipsThatOpenButHoldNoPinControllerKeepPi4jsReason(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        Files.createFile(dev.resolve("gpiochipX")); // not a chip
        String line = GpioChips.diagnose(dev, "pi", "no 'pinctrl' chip found", chip -> true);
        assertTrue(line.startsWith("no 'pinctrl' chip found. Fix:"), line);
        assertFalse(line.contains("\n"));
    }
}
