package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;
import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.detect.Sensitivity;
import dev.wakegate.detect.WakeDetector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default template detector hears a word by its log-mel match or by its speech embeddings; one utterance still
 * gives one detection, and a refusal goes back to the detector that made it.
 */
class EitherFeatureSetTest {
    private static final short[] FRAME = new short[160];

    /** Fires the detections it is given at the frames given, and records what the composite asks of it. */
    private static class Scripted implements WakeDetector {
        final Map<Long, Detection> at = new HashMap<>();
        Detection atEnd;
        final List<Detection> refused = new ArrayList<>();
        final int context, tail;
        Sensitivity sensitivity = Sensitivity.of(0.5);
        boolean closed;

        Scripted(int context, int tail) {
            this.context = context;
            this.tail = tail;
        }

        Scripted firing(long frame, Detection d) {
            at.put(frame, d);
            return this;
        }

        @Override
        public List<String> words() {
            return List.of("hey-jasper");
        }

        @Override
        public void accept(short[] frame, long frameIndex, Consumer<Detection> detections) {
            var d = at.get(frameIndex);
            if (d != null) detections.accept(d);
        }

        Scripted firingAtEnd(Detection d) {
            atEnd = d;
            return this;
        }

        @Override
        public void endOfStream(Consumer<Detection> detections) {
            if (atEnd != null) detections.accept(atEnd);
        }

        @Override
        public int contextFrames() {
            return context;
        }

        @Override
        public int tailFrames() {
            return tail;
        }

        @Override
        public void refused(Detection detection) {
            refused.add(detection);
        }

        @Override
        public void setSensitivity(String word, Sensitivity sensitivity) {
            this.sensitivity = sensitivity;
        }

        @Override
        public Sensitivity sensitivity(String word) {
            return sensitivity;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Detection word(double fromSeconds, double toSeconds) {
        return new Detection("hey-jasper", (long) (fromSeconds * 16_000), (long) (toSeconds * 16_000), 0.9, (long) (toSeconds * 16_000));
    }

    /** Feeds frames 0..frames-1; the confirmation refuses the detections in {@code refuse}. */
    private static List<Detection> run(EitherFeatureSet either, int frames, List<Detection> refuse) {
        var out = new ArrayList<Detection>();
        for (long i = 0; i < frames; i++)
            either.accept(FRAME, i, d -> {
                out.add(d);
                if (refuse.contains(d)) either.refused(d);
            });
        return out;
    }

    @Test
    void aWordHeardByBothFeatureSetsGivesOneDetection() {
        var logMel = new Scripted(50, 0).firing(107, word(0.2, 1.0));
        var embeddings = new Scripted(210, 50).firing(125, word(0.3, 1.1));
        // when
        var found = run(new EitherFeatureSet(logMel, embeddings), 200, List.of());
        // then
        assertEquals(List.of(word(0.2, 1.0)), found);
    }

    @Test
    void aWordOnlyTheSpeechEmbeddingsHearIsDetected() {
        var logMel = new Scripted(50, 0);
        var embeddings = new Scripted(210, 50).firing(125, word(0.3, 1.1));
        assertEquals(List.of(word(0.3, 1.1)), run(new EitherFeatureSet(logMel, embeddings), 200, List.of()));
    }

    @Test
    void afterARefusalTheOtherFeatureSetsDetectionIsJudgedAndTheRefusalGoesToWhoMadeIt() {
        // given: log mel fires on the sound before the word, which the confirmation refuses
        var logMel = new Scripted(50, 0).firing(80, word(0.0, 0.7));
        var embeddings = new Scripted(210, 50).firing(125, word(0.3, 1.1));
        // when
        var found = run(new EitherFeatureSet(logMel, embeddings), 200, List.of(word(0.0, 0.7)));
        // then
        assertEquals(List.of(word(0.0, 0.7), word(0.3, 1.1)), found);
        assertEquals(List.of(word(0.0, 0.7)), logMel.refused);
        assertTrue(embeddings.refused.isEmpty());
    }

    /**
     * As the front end runs it: what a frame gave is judged once the frame is through, and a refusal may add a detection
     * to be judged in the same round.
     */
    private static List<Detection> runJudgingAfterEachFrame(EitherFeatureSet either, int frames, List<Detection> refuse) {
        var out = new ArrayList<Detection>();
        var frame = new ArrayList<Detection>();
        for (long i = 0; i < frames; i++) {
            frame.clear();
            either.accept(FRAME, i, frame::add);
            for (int k = 0; k < frame.size(); k++) {
                out.add(frame.get(k));
                if (refuse.contains(frame.get(k))) either.refused(frame.get(k));
            }
        }
        return out;
    }

    @Test
    void whenBothFireInOneFrameAndTheFirstIsRefusedTheSecondIsJudged() {
        // given: both feature sets fire in frame 100, log mel on the sound before the word
        var logMel = new Scripted(50, 0).firing(100, word(0.0, 0.7));
        var embeddings = new Scripted(210, 50).firing(100, word(0.2, 1.0));
        // when: the confirmation, after the frame, refuses log mel's
        var found = runJudgingAfterEachFrame(new EitherFeatureSet(logMel, embeddings), 200, List.of(word(0.0, 0.7)));
        // then
        assertEquals(List.of(word(0.0, 0.7), word(0.2, 1.0)), found);
        assertEquals(List.of(word(0.0, 0.7)), logMel.refused);
    }

    @Test
    void whenBothFireAtTheEndOfTheInputAndTheFirstIsRefusedTheSecondIsJudged() {
        // given: the input ends while both feature sets are still hearing the word; log mel's is the sound before it
        var logMel = new Scripted(50, 0).firingAtEnd(word(0.0, 0.7));
        var embeddings = new Scripted(210, 50).firingAtEnd(word(0.2, 1.0));
        var either = new EitherFeatureSet(logMel, embeddings);
        runJudgingAfterEachFrame(either, 100, List.of());
        // when: the end of the input is judged as the front end judges it, refusing log mel's
        var atEnd = new ArrayList<Detection>();
        either.endOfStream(atEnd::add);
        for (int k = 0; k < atEnd.size(); k++)
            if (atEnd.get(k).equals(word(0.0, 0.7))) either.refused(atEnd.get(k));
        // then
        assertEquals(List.of(word(0.0, 0.7), word(0.2, 1.0)), atEnd);
        assertEquals(List.of(word(0.0, 0.7)), logMel.refused);
    }

    @Test
    void whenBothFireAtTheEndOfTheInputAndTheFirstStandsTheSecondIsDropped() {
        var logMel = new Scripted(50, 0).firingAtEnd(word(0.2, 1.0));
        var embeddings = new Scripted(210, 50).firingAtEnd(word(0.3, 1.0));
        var either = new EitherFeatureSet(logMel, embeddings);
        runJudgingAfterEachFrame(either, 100, List.of());
        var atEnd = new ArrayList<Detection>();
        either.endOfStream(atEnd::add);
        assertEquals(List.of(word(0.2, 1.0)), atEnd);
    }

    @Test
    void whenBothFireInOneFrameAndTheFirstStandsTheSecondIsDropped() {
        var logMel = new Scripted(50, 0).firing(100, word(0.2, 1.0));
        var embeddings = new Scripted(210, 50).firing(100, word(0.3, 1.0));
        assertEquals(List.of(word(0.2, 1.0)), runJudgingAfterEachFrame(new EitherFeatureSet(logMel, embeddings), 200, List.of()));
    }

    /** The frame after which the front end hands on a word ending at {@code endSeconds}: the ring then holds its after-margin. */
    private static long judgedAfterFrame(double endSeconds) {
        return HeardWord.judgedBy(Pcm.samples(endSeconds)) - 1;
    }

    @Test
    void whenTheSecondFiresWhileTheFirstAwaitsItsJudgementAndTheFirstIsRefusedTheSecondIsJudged() {
        // given: log mel fires at the word's end (1.0 s), the embeddings 0.2 s later, before the ring holds the
        // margin after the word that the confirmation waits for
        var logMel = new Scripted(50, 0).firing(100, word(0.0, 1.0));
        var embeddings = new Scripted(210, 50).firing(120, word(0.2, 1.2));
        var either = new EitherFeatureSet(logMel, embeddings);
        var out = new ArrayList<Detection>();
        for (long i = 0; i <= judgedAfterFrame(1.0); i++) either.accept(FRAME, i, out::add);
        // when: log mel's is judged once the ring holds the margin, and refused
        either.refused(word(0.0, 1.0));
        // then
        assertEquals(List.of(word(0.0, 1.0), word(0.2, 1.2)), out);
    }

    @Test
    void aRefusalAfterTheWordWasJudgedDoesNotBringBackWhatWasDroppedBeforeIt() {
        // given: both fire in frame 100 and log mel's stands when judged (once the ring holds the margin after it);
        // a refusal of it arriving later changes nothing dropped then
        var logMel = new Scripted(50, 0).firing(100, word(0.2, 1.0));
        var embeddings = new Scripted(210, 50).firing(100, word(0.3, 1.0));
        var either = new EitherFeatureSet(logMel, embeddings);
        var out = new ArrayList<Detection>();
        long later = judgedAfterFrame(1.0) + 2;
        for (long i = 0; i <= later; i++) either.accept(FRAME, i, out::add);
        either.refused(word(0.2, 1.0));
        either.accept(FRAME, later + 1, out::add);
        assertEquals(List.of(word(0.2, 1.0)), out);
    }

    @Test
    void aLaterUtteranceIsANewDetection() {
        var logMel = new Scripted(50, 0).firing(107, word(0.2, 1.0)).firing(407, word(3.2, 4.0));
        var embeddings = new Scripted(210, 50).firing(125, word(0.3, 1.1)).firing(425, word(3.3, 4.1));
        assertEquals(List.of(word(0.2, 1.0), word(3.2, 4.0)), run(new EitherFeatureSet(logMel, embeddings), 500, List.of()));
    }

    @Test
    void itAsksForTheLongerContextAndTailAndPassesSettingsToBoth() {
        var logMel = new Scripted(50, 0);
        var embeddings = new Scripted(210, 50);
        var either = new EitherFeatureSet(logMel, embeddings);
        // when
        either.setSensitivity("hey-jasper", Sensitivity.of(0.7));
        either.close();
        // then
        assertEquals(210, either.contextFrames());
        assertEquals(50, either.tailFrames());
        assertEquals(Sensitivity.of(0.7), logMel.sensitivity);
        assertEquals(Sensitivity.of(0.7), embeddings.sensitivity);
        assertTrue(logMel.closed && embeddings.closed);
    }

    @Test
    void bothMustListenForTheSameWords() {
        var other = new Scripted(50, 0) {
            @Override
            public List<String> words() {
                return List.of("okay-rhasspy");
            }
        };
        assertThrows(IllegalArgumentException.class, () -> new EitherFeatureSet(new Scripted(50, 0), other));
    }
}
