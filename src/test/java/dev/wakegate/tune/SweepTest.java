package dev.wakegate.tune;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's arithmetic on hand-made detections and labels, with the expected figures worked out by hand. */
class SweepTest {
    private static final List<Double> VALUES = List.of(0.3, 0.5, 0.7);

    private static Span s(double start, double end) {
        return new Span(start, end);
    }

    /** detections.get(i) = what was detected at VALUES.get(i). */
    @SafeVarargs
    private static Sweep.FileResult file(String name, double seconds, List<Span> labels, List<Span>... detections) {
        return new Sweep.FileResult(name, seconds, labels, List.of(detections));
    }

    // Positives: 4 wake words. a.wav has one labelled span, b.wav two, c.wav none (found anywhere), d.wav one.
    private static final List<Sweep.FileResult> POSITIVES = List.of(
            file("a.wav", 4, List.of(s(1.0, 1.8)),
                    List.of(s(1.8, 2.5)),                 // 0.3: touches the label's end only: not found
                    List.of(s(1.5, 2.2), s(3.0, 3.6)),    // 0.5: overlaps: found (the second detection is outside: ignored)
                    List.of(s(1.1, 1.7))),                // 0.7: found
            file("b.wav", 8, List.of(s(1, 2), s(5, 6)),
                    List.of(s(1.1, 1.9)),                 // 0.3: 1 of 2
                    List.of(s(1.2, 1.9), s(5.5, 6.2)),    // 0.5: 2 of 2
                    List.of(s(0.5, 6.5))),                // 0.7: one long detection covers both: 2 of 2
            file("c.wav", 3, List.of(),
                    List.of(),                            // 0.3: not found
                    List.of(s(0.2, 0.9)),                 // 0.5: anywhere counts
                    List.of(s(2.0, 2.7))),
            file("d.wav", 3, List.of(s(0.5, 1.2)),
                    List.of(), List.of(), List.of(s(0.6, 1.3))));
    // Negatives: one hour in all; every detection is a false accept.
    private static final List<Sweep.FileResult> NEGATIVES = List.of(
            file("n1.wav", 1800, List.of(), List.of(), List.of(s(10, 11)), List.of(s(10, 11), s(50, 51))),
            file("n2.wav", 1800, List.of(), List.of(), List.of(), List.of(s(7, 8))));

    @Test
    void recallCountsLabelledSpansAndUnlabelledFilesAndFalseAcceptsAreCountedPerNegativeHour() {
        // when
        var curve = Sweep.curve(VALUES, POSITIVES, NEGATIVES);
        // then
        assertEquals(3, curve.size());
        assertPoint(curve.get(0), 0.3, 1, 0);   // b's first span only
        assertPoint(curve.get(1), 0.5, 4, 1);   // a, b ×2, c; d missed; n1 once
        assertPoint(curve.get(2), 0.7, 5, 3);   // everything; n1 twice, n2 once
        assertEquals(0.2, curve.get(0).recall(), 1e-12);
        assertEquals(4, curve.get(0).misses());
        assertEquals(0.8, curve.get(1).recall(), 1e-12);
        assertEquals(1.0, curve.get(1).faPerHour(), 1e-12);
        assertEquals(1.0, curve.get(2).recall(), 1e-12);
        assertEquals(3.0, curve.get(2).faPerHour(), 1e-12);
    }

    private static void assertPoint(Sweep.Point p, double sensitivity, int found, int falseAccepts) {
        assertEquals(sensitivity, p.sensitivity());
        assertEquals(5, p.positives(), "4 labelled spans + 1 unlabelled file");
        assertEquals(found, p.found(), "found at " + sensitivity);
        assertEquals(falseAccepts, p.falseAccepts(), "false accepts at " + sensitivity);
        assertEquals(1.0, p.negativeHours(), 1e-12);
    }

    @Nested
    class Recommendation {
        private final List<Sweep.Point> curve = Sweep.curve(VALUES, POSITIVES, NEGATIVES);

        @Test
        void isTheHighestRecallWithinTheTarget() {
            assertEquals(0.5, Sweep.recommend(curve, 1.0).orElseThrow().sensitivity());
            assertEquals(0.7, Sweep.recommend(curve, 3.0).orElseThrow().sensitivity());
            assertEquals(0.3, Sweep.recommend(curve, 0.5).orElseThrow().sensitivity());
        }

        @Test
        void isEmptyWhenNoValueMeetsTheTarget() {
            var noisy = List.of(new Sweep.Point(0.3, 1, 2, 2, 1), new Sweep.Point(0.5, 2, 2, 5, 1));
            assertEquals(Optional.empty(), Sweep.recommend(noisy, 1.0));
        }

        @Test
        void amongEqualPointsPrefersFewerFalseAcceptsThenTheMiddleOfThePlateau() {
            // given: recall 1 from 0.4 to 0.8, no false accepts until 0.8
            var plateau = List.of(new Sweep.Point(0.3, 3, 4, 0, 1), new Sweep.Point(0.4, 4, 4, 0, 1), new Sweep.Point(0.5, 4, 4, 0, 1),
                    new Sweep.Point(0.6, 4, 4, 0, 1), new Sweep.Point(0.7, 4, 4, 0, 1), new Sweep.Point(0.8, 4, 4, 1, 2));
            // then: 0.8 also meets a target of 0.5/h, but has a false accept; of 0.4-0.7 the lower middle
            assertEquals(0.5, Sweep.recommend(plateau, 0.5).orElseThrow().sensitivity());
        }
    }

    @Test
    void sweepValuesAreRoundedAndIncludeBothEnds() {
        var v = Sweep.values(0.05, 0.95, 0.05);
        assertEquals(19, v.size());
        assertEquals(0.05, v.get(0));
        assertEquals(0.15, v.get(2));
        assertEquals(0.95, v.get(18));
        assertThrows(IllegalArgumentException.class, () -> Sweep.values(0.5, 0.4, 0.05));
        assertThrows(IllegalArgumentException.class, () -> Sweep.values(0.1, 0.9, 0));
    }

    @Test
    void csvHasOneRowPerSensitivityAndMarksTheRecommendation() throws IOException {
        // given
        var curve = Sweep.curve(VALUES, POSITIVES, NEGATIVES);
        var out = new StringWriter();
        // when
        Sweep.writeCsv(curve, Sweep.recommend(curve, 1.0), List.of(), out);
        // then
        assertEquals("""
                sensitivity,recall,misses,positives,false_accepts,fa_per_hour,negative_hours,recommended
                0.3000,0.2000,4,5,0,0.0000,1.0000,0
                0.5000,0.8000,1,5,1,1.0000,1.0000,1
                0.7000,1.0000,0,5,3,3.0000,1.0000,0
                """, out.toString());
    }

    @Test
    void detectionsMustCoverEverySweptValue() {
        var short_ = List.of(file("a.wav", 4, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Sweep.curve(VALUES, short_, NEGATIVES));
        assertThrows(IllegalArgumentException.class, () -> Sweep.curve(VALUES, POSITIVES, List.of()), "no negative audio");
        assertTrue(new Span(1, 2).overlaps(new Span(1.5, 3)));
    }

    @Nested
    class AHousehold {
        // Anna's 6 takes, Ben's 2; no false accept at any value, so every value meets the target.
        private static final List<Double> SWEEP = List.of(0.3, 0.5);
        private static final List<Sweep.FileResult> ANNA = List.of(
                file("anna1.wav", 2, List.of(), List.of(s(0, 1)), List.of(s(0, 1))),
                file("anna2.wav", 2, List.of(), List.of(s(0, 1)), List.of(s(0, 1))),
                file("anna3.wav", 2, List.of(), List.of(s(0, 1)), List.of(s(0, 1))),
                file("anna4.wav", 2, List.of(), List.of(s(0, 1)), List.of(s(0, 1))),
                file("anna5.wav", 2, List.of(), List.of(s(0, 1)), List.of()),      // 0.5 misses two of Anna's takes
                file("anna6.wav", 2, List.of(), List.of(s(0, 1)), List.of()));
        private static final List<Sweep.FileResult> BEN = List.of(
                file("ben1.wav", 2, List.of(), List.of(), List.of(s(0, 1))),        // 0.3 misses one of Ben's
                file("ben2.wav", 2, List.of(), List.of(s(0, 1)), List.of(s(0, 1))));
        private static final List<Sweep.FileResult> QUIET = List.of(file("n.wav", 3600, List.of(), List.of(), List.of()));

        @Test
        void eachVoiceHasItsOwnRecall() {
            var voices = Sweep.voiceCurves(SWEEP, java.util.Map.of("ben", BEN), QUIET);
            assertEquals("ben", voices.get(0).voice());
            assertEquals(0.5, voices.get(0).points().get(0).recall(), 1e-12);
            assertEquals(1.0, voices.get(0).points().get(1).recall(), 1e-12);
        }

        @Test
        void theRecommendationServesTheVoiceServedWorstFirst() {
            var all = new java.util.ArrayList<>(ANNA);
            all.addAll(BEN);
            var curve = Sweep.curve(SWEEP, all, QUIET);
            // over all eight takes 0.3 finds 7 and 0.5 finds 6: by the curve alone, 0.3 ...
            assertEquals(0.3, Sweep.recommend(curve, 0.5).orElseThrow().sensitivity());
            // ... which leaves Ben at 1 of 2; at 0.5 the one served worst is Anna, with 4 of 6
            var voices = Sweep.voiceCurves(SWEEP, new java.util.LinkedHashMap<>(java.util.Map.of("anna", ANNA, "ben", BEN)), QUIET);
            assertEquals(0.5, Sweep.worstVoiceRecall(voices, 0), 1e-12);
            assertEquals(4 / 6.0, Sweep.worstVoiceRecall(voices, 1), 1e-12);
            assertEquals(0.5, Sweep.recommend(curve, 0.5, voices).orElseThrow().sensitivity());
        }

        @Test
        void aTieOnTheVoiceServedWorstGoesToTheHigherRecallOverAll() {
            // the voices are Anna's first four takes and Ben's second, each found at both values: a tie at 1.0;
            // the overall positives also hold ben1, found at 0.5 only, so 0.5 has the higher recall over all
            var anna = ANNA.subList(0, 4);
            var all = new java.util.ArrayList<>(anna);
            all.addAll(BEN);
            var voices = Sweep.voiceCurves(SWEEP, java.util.Map.of("anna", anna, "ben", BEN.subList(1, 2)), QUIET);
            assertEquals(0.5, Sweep.recommend(Sweep.curve(SWEEP, all, QUIET), 0.5, voices).orElseThrow().sensitivity());
        }

        @Test
        void theCsvGainsOneRecallColumnPerVoiceAtTheEnd() throws IOException {
            var curve = Sweep.curve(SWEEP, BEN, QUIET);
            var voices = Sweep.voiceCurves(SWEEP, java.util.Map.of("ben", BEN), QUIET);
            var out = new StringWriter();
            Sweep.writeCsv(curve, Sweep.recommend(curve, 1.0, voices), voices, out);
            var lines = out.toString().split("\n");
            assertEquals("sensitivity,recall,misses,positives,false_accepts,fa_per_hour,negative_hours,recommended,recall_ben", lines[0]);
            assertTrue(lines[1].endsWith(",0.5000"), lines[1]);
            assertTrue(lines[2].endsWith(",1,1.0000"), lines[2]);
        }
    }

    /** Recordings of phrases that sound like the wake word: a recording is accepted when anything in it is detected. */
    @Nested
    class NearMisses {
        // "hey jester" is taken from 0.5 on, "hey jaspers" at 0.7 only (twice in its file: still one recording)
        private final List<Sweep.FileResult> nearMisses = List.of(
                file("hey-jester.wav", 2, List.of(), List.of(), List.of(s(0.4, 1.1)), List.of(s(0.4, 1.1))),
                file("hey-jaspers.wav", 2, List.of(), List.of(), List.of(), List.of(s(0.3, 1.0), s(1.2, 1.6))),
                file("hey-casper.wav", 2, List.of(), List.of(), List.of(), List.of()));
        private final List<Sweep.Point> curve = Sweep.curve(VALUES, POSITIVES, NEGATIVES);

        @Test
        void eachSensitivityAcceptsTheRecordingsAnythingIsDetectedIn() {
            var near = Sweep.nearMisses(VALUES, nearMisses);
            assertEquals(3, near.recordings());
            assertEquals(List.of(List.of(), List.of("hey-jester.wav"), List.of("hey-jester.wav", "hey-jaspers.wav")), near.acceptedFiles());
            assertEquals(2 / 3.0, near.share(2), 1e-12);
        }

        @Test
        void theRecommendationAcceptsAtMostTheTargetShareOfThem() {
            var near = Sweep.nearMisses(VALUES, nearMisses);
            // within 3 false accepts an hour, 0.7 has the highest recall; it accepts two of three near misses
            assertEquals(0.7, Sweep.recommend(curve, 3.0, List.of(), near, 2 / 3.0).orElseThrow().sensitivity());
            assertEquals(0.5, Sweep.recommend(curve, 3.0, List.of(), near, 0.5).orElseThrow().sensitivity());
            assertEquals(0.3, Sweep.recommend(curve, 3.0, List.of(), near, 0).orElseThrow().sensitivity());
            var alwaysTaken = Sweep.nearMisses(VALUES, List.of(file("hey-jester.wav", 2, List.of(), List.of(s(0.4, 1.1)), List.of(s(0.4, 1.1)),
                    List.of(s(0.4, 1.1)))));
            assertEquals(Optional.empty(), Sweep.recommend(curve, 3.0, List.of(), alwaysTaken, 0.5), "every value accepts the one near miss");
        }

        @Test
        void withoutNearMissRecordingsNothingIsRefusedForThem() {
            var none = Sweep.nearMisses(VALUES, List.of());
            assertEquals(0, none.recordings());
            assertEquals(Sweep.recommend(curve, 3.0), Sweep.recommend(curve, 3.0, List.of(), none, 0));
        }

        @Test
        void theCsvGainsTheAcceptedAndAllNearMissesAsItsLastTwoColumns() throws IOException {
            var near = Sweep.nearMisses(VALUES, nearMisses);
            var out = new StringWriter();
            Sweep.writeCsv(curve, Sweep.recommend(curve, 3.0, List.of(), near, 0.5), List.of(), near, out);
            assertEquals("""
                    sensitivity,recall,misses,positives,false_accepts,fa_per_hour,negative_hours,recommended,near_misses_accepted,near_misses
                    0.3000,0.2000,4,5,0,0.0000,1.0000,0,0,3
                    0.5000,0.8000,1,5,1,1.0000,1.0000,1,1,3
                    0.7000,1.0000,0,5,3,3.0000,1.0000,0,2,3
                    """, out.toString());
        }
    }

    @Nested
    class BehindSeveralConfirmations {
        // one positive file, one negative hour; at each confirmation a curve over VALUES
        private Sweep.AtConfirmation at(double confirm, List<Integer> found, List<Integer> falseAccepts, List<Integer> nearMissesTaken) {
            var curve = new ArrayList<Sweep.Point>();
            var taken = new ArrayList<List<String>>();
            for (int i = 0; i < VALUES.size(); i++) {
                curve.add(new Sweep.Point(VALUES.get(i), found.get(i), 10, falseAccepts.get(i), 1));
                taken.add(IntStream.range(0, nearMissesTaken.get(i)).mapToObj(n -> "near-" + n + ".wav").toList());
            }
            var near = new Sweep.NearMissCurve(10, taken);
            return new Sweep.AtConfirmation(confirm, curve, List.of(), near, Sweep.recommend(curve, 0.5, List.of(), near, 0.1));
        }

        @Test
        void theConfirmationAcceptingFewestNearMissesIsChosenThenTheOneFindingMost() {
            var loose = at(0.3, List.of(9, 10, 10), List.of(0, 0, 1), List.of(3, 4, 6));   // every value takes 3+ of 10 near misses
            var middle = at(0.2, List.of(8, 10, 10), List.of(0, 0, 1), List.of(0, 1, 2));  // 0.5: 10 of 10, 1 near miss (within 0.1)
            var strict = at(0.1, List.of(6, 8, 9), List.of(0, 0, 0), List.of(0, 0, 0));    // 0.7: 9 of 10, no near miss
            assertEquals(Optional.empty(), loose.recommended());
            // one near miss recorded is one the household will say again: it outweighs a wake word found
            assertEquals(strict, Sweep.recommendConfirmation(List.of(loose, middle, strict)).orElseThrow());
            var strictFindingLess = at(0.15, List.of(5, 7, 8), List.of(0, 0, 0), List.of(0, 0, 0));
            assertEquals(strict, Sweep.recommendConfirmation(List.of(loose, strictFindingLess, strict)).orElseThrow(), "then recall");
        }

        @Test
        void inAHouseholdThePersonServedWorstComesFirst() {
            // anna is found at every confirmation; ben, whose takes vary more, only behind the looser one
            var annaOnly = List.of(new Sweep.Point(0.5, 10, 10, 0, 1));
            var looseCurve = List.of(new Sweep.Point(0.5, 14, 20, 0, 1));
            var strictCurve = List.of(new Sweep.Point(0.5, 15, 20, 0, 1));
            var none = Sweep.NearMissCurve.none(1);
            var loose = new Sweep.AtConfirmation(0.3, looseCurve, List.of(new Sweep.VoiceCurve("anna", annaOnly),
                    new Sweep.VoiceCurve("ben", List.of(new Sweep.Point(0.5, 4, 10, 0, 1)))), none, Optional.of(looseCurve.getFirst()));
            var strict = new Sweep.AtConfirmation(0.2, strictCurve, List.of(new Sweep.VoiceCurve("anna", List.of(new Sweep.Point(0.5, 12, 12, 0, 1))),
                    new Sweep.VoiceCurve("ben", List.of(new Sweep.Point(0.5, 3, 8, 0, 1)))), none, Optional.of(strictCurve.getFirst()));
            // strict finds 15 of 20, loose 14; but ben: 4 of 10 behind loose, 3 of 8 behind strict
            assertEquals(loose, Sweep.recommendConfirmation(List.of(loose, strict)).orElseThrow());
        }

        @Test
        void ofEqualsTheLoosestConfirmationIsChosen() {
            var a = at(0.25, List.of(9, 9, 9), List.of(0, 0, 0), List.of(0, 0, 0));
            var b = at(0.15, List.of(9, 9, 9), List.of(0, 0, 0), List.of(0, 0, 0));
            assertEquals(0.25, Sweep.recommendConfirmation(List.of(b, a)).orElseThrow().confirmSensitivity());
        }

        @Test
        void noneIsChosenWhenNoConfirmationRecommendsAValue() {
            var loose = at(0.3, List.of(9, 10, 10), List.of(0, 0, 1), List.of(3, 4, 6));
            var overTarget = at(0.2, List.of(9, 10, 10), List.of(1, 2, 3), List.of(0, 0, 0));
            assertEquals(Optional.empty(), Sweep.recommendConfirmation(List.of(loose, overTarget)));
        }

        @Test
        void theCsvHasARowPerConfirmationAndSensitivityAndTheConfirmationLast() throws IOException {
            var loose = at(0.3, List.of(9, 10, 10), List.of(0, 0, 1), List.of(3, 4, 6));
            var strict = at(0.1, List.of(6, 8, 9), List.of(0, 0, 0), List.of(0, 0, 0));
            var out = new StringWriter();
            Sweep.writeCsv(List.of(loose, strict), Optional.of(strict), out);
            assertEquals("""
                    sensitivity,recall,misses,positives,false_accepts,fa_per_hour,negative_hours,recommended,near_misses_accepted,near_misses,confirm_sensitivity
                    0.3000,0.9000,1,10,0,0.0000,1.0000,0,3,10,0.3000
                    0.5000,1.0000,0,10,0,0.0000,1.0000,0,4,10,0.3000
                    0.7000,1.0000,0,10,1,1.0000,1.0000,0,6,10,0.3000
                    0.3000,0.6000,4,10,0,0.0000,1.0000,0,0,10,0.1000
                    0.5000,0.8000,2,10,0,0.0000,1.0000,0,0,10,0.1000
                    0.7000,0.9000,1,10,0,0.0000,1.0000,1,0,10,0.1000
                    """, out.toString());
        }
    }
}
