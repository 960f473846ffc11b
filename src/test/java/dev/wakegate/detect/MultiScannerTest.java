package dev.wakegate.detect;

import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.ShortArraySource;
import dev.wakegate.testing.TestData;
import dev.wakegate.vad.EnergyVad;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiScannerTest {
    @Test
    void eachDetectorFindsExactlyWhatItFindsScannedAlone() throws IOException {
        // given: a dev-corpus stream (wake words and near misses) and three sensitivities
        short[] audio = TestData.samples(Labels.streamWav(TestData.VOICE));
        var template = Engine.heyComputer(TestData.VOICE);
        List<Double> values = List.of(0.2, 0.5, 0.95);
        // when
        var detectors = values.stream().map(v -> Engine.detector(template, v)).toList();
        var together = new ArrayList<List<Detection>>();
        for (int i = 0; i < values.size(); i++) together.add(new ArrayList<>());
        long frames = new MultiScanner(detectors, new EnergyVad()).scan(new ShortArraySource("stream", audio),
                (i, heard) -> together.get(i).add(heard.detection()), n -> {}).frames();
        // then
        assertEquals(audio.length / 160, frames);
        for (int i = 0; i < values.size(); i++) {
            var alone = Engine.scan(Engine.detector(template, values.get(i)), audio);
            assertEquals(alone, together.get(i), "sensitivity " + values.get(i));
        }
        assertTrue(together.get(2).size() > together.get(0).size(), "the sweep's values differ: " + together.stream().map(List::size).toList());
    }

    @Test
    void aWakeWordThatEndsTheStreamIsFoundAsAScanFindsIt() throws IOException {
        // given: a stream cut right where its first wake phrase ends, so that only the end of the stream can decide it
        var wake = Labels.streamWakes(TestData.VOICE).get(0);
        short[] whole = TestData.samples(Labels.streamWav(TestData.VOICE));
        short[] audio = java.util.Arrays.copyOf(whole, (int) (wake.end() * 16_000));
        var template = Engine.heyComputer(TestData.VOICE);
        var alone = Engine.scan(Engine.detector(template, 0.5), audio);
        assertEquals(1, Engine.overlapping(alone, wake).size(), "scan finds the last word: " + alone);
        // when
        var together = new ArrayList<Detection>();
        new MultiScanner(List.of(Engine.detector(template, 0.5)), new EnergyVad()).scan(new ShortArraySource("cut", audio),
                (i, heard) -> together.add(heard.detection()), n -> {});
        // then
        assertEquals(alone, together);
    }
}
