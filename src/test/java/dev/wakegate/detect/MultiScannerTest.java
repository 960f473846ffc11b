package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.Labels;
import dev.wakegate.audio.ShortArraySource;
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

    /** A detector that finds nothing while it hears the input and, at its end, a word from {@code from} to 0.5 s after it (seconds from its end). */
    private static final class WordInTheSilenceAfter extends DetectionStageTest.RecordingDetector {
        private final long inputEnd;
        private final double from, to;

        /** A word from {@code from} to {@code to} seconds after the input's end (negative: before it). */
        WordInTheSilenceAfter(long inputEnd, double from, double to) {
            super(0);
            this.inputEnd = inputEnd;
            this.from = from;
            this.to = to;
        }

        @Override
        public void endOfStream(java.util.function.Consumer<Detection> detections) {
            detections.accept(new Detection("test", inputEnd + Pcm.samples(from), inputEnd + Pcm.samples(to), 0.9, inputEnd + Pcm.samples(to + 0.1)));
        }
    }

    @Test
    void aWordPlacedMostlyInTheSilenceAfterTheInputWasNotHeardAndIsNotHandedOn() throws IOException {
        // given: a second of loud audio (a household's speech-embedding takes placed "computer" in the second after a
        // LibriSpeech file ended, from its end or 45 or 130 ms before it, and both confirmations passed it)
        short[] audio = new short[16_000];
        java.util.Arrays.fill(audio, (short) 1000);
        for (double from : new double[] {0.1, 0, -0.13, -0.24}) {
            // when: the detector places a word from there to 0.5 s after the input's end: less than half of it heard
            var heard = new ArrayList<HeardWord>();
            new MultiScanner(List.of(new WordInTheSilenceAfter(audio.length, from, 0.5)), new EnergyVad()).scan(new ShortArraySource("loud", audio),
                    (i, h) -> heard.add(h), n -> {});
            // then
            assertEquals(List.of(), heard, "a word from " + from + " s after the input's end");
        }
    }

    @Test
    void aWordPlacedInTheSilenceAfterTheInputIsJudgedWithThatSilenceAndReportedWithinTheInput() throws IOException {
        // given: a second of loud audio
        short[] audio = new short[16_000];
        java.util.Arrays.fill(audio, (short) 1000);
        // when: the detector places a word from 0.4 s before the input's end to 0.3 s after it: most of it heard
        var heard = new ArrayList<HeardWord>();
        new MultiScanner(List.of(new WordInTheSilenceAfter(audio.length, -0.4, 0.3)), new EnergyVad()).scan(new ShortArraySource("loud", audio),
                (i, h) -> heard.add(h), n -> {});
        // then: the confirmation gets the word as the detector heard it: the input, then the silence as far as the word
        assertEquals(1, heard.size());
        var h = heard.getFirst();
        assertEquals(Pcm.samples(0.6 - HeardWord.BEFORE_SECONDS), h.audioStartSample(), "from 0.5 s before the word");
        assertEquals(Pcm.samples(HeardWord.BEFORE_SECONDS + 0.7), h.audio().length, "to its end");
        int inputEnd = (int) (audio.length - h.audioStartSample());
        for (int i = 0; i < h.audio().length; i++) assertEquals(i < inputEnd ? 1000 : 0, h.audio()[i], "sample " + i);
        assertEquals(Pcm.samples(1.3), h.detection().endSample(), "judged where the detector placed it");
        var reported = h.reported();
        assertEquals(List.of(Pcm.samples(0.6), Pcm.samples(1.0), Pcm.samples(1.0)), List.of(reported.startSample(), reported.endSample(), reported.atSample()),
                "reported within the input, as ending and decided when it ended");
    }
}
