package dev.wakegate.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurvePlotTest {
    private static final List<Sweep.Point> CURVE = List.of(new Sweep.Point(0.2, 12, 20, 0, 0.5), new Sweep.Point(0.4, 16, 20, 0, 0.5),
            new Sweep.Point(0.6, 18, 20, 0, 0.5), new Sweep.Point(0.8, 19, 20, 2, 0.5), new Sweep.Point(0.95, 20, 20, 9, 0.5));

    @Test
    void writesANonBlankPngOfTheExpectedSizeWithTheRecommendedPointInItsColour(@TempDir Path dir) throws IOException {
        // given
        var recommended = Sweep.recommend(CURVE, 0.5);
        assertEquals(0.6, recommended.orElseThrow().sensitivity());
        Path png = dir.resolve("curve.png");
        // when
        CurvePlot.write(CurvePlot.render(CURVE, recommended, 0.5, "wakegate tune: 'hey-computer' (template engine)"), png);
        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG ImageIO can read back");
        assertEquals(CurvePlot.WIDTH, image.getWidth());
        assertEquals(CurvePlot.HEIGHT, image.getHeight());
        var colours = colours(image);
        assertTrue(colours.size() > 20, "axes, text and curve drawn, not a blank image: " + colours.size() + " colours");
        assertTrue(colours.contains(CurvePlot.RECOMMENDED.getRGB() & 0xFFFFFF), "the recommended point is marked");
        assertTrue(colours.contains(CurvePlot.CURVE.getRGB() & 0xFFFFFF), "the curve is drawn");
        assertTrue(Files.size(png) > 5_000, "text and lines compress to more than a blank image");
    }

    @Test
    void withoutARecommendationNothingIsDrawnInItsColour() {
        var image = CurvePlot.render(CURVE, Optional.empty(), 0.0, "no value meets the target");
        assertFalse(colours(image).contains(CurvePlot.RECOMMENDED.getRGB() & 0xFFFFFF));
    }

    @Test
    void axisStepsAreRoundNumbers() {
        assertEquals(1, CurvePlot.niceStep(0.7), 1e-12);
        assertEquals(2, CurvePlot.niceStep(1.3), 1e-12);
        assertEquals(5, CurvePlot.niceStep(2.8), 1e-12);
        assertEquals(0.2, CurvePlot.niceStep(0.15), 1e-12);
        assertEquals(20, CurvePlot.niceStep(20), 1e-12);
    }

    private static HashSet<Integer> colours(BufferedImage image) {
        var set = new HashSet<Integer>();
        for (int y = 0; y < image.getHeight(); y++)
            for (int x = 0; x < image.getWidth(); x++) set.add(image.getRGB(x, y) & 0xFFFFFF);
        return set;
    }
}
