package dev.wakegate.detect.template;

import dev.wakegate.detect.Sensitivity;
import dev.wakegate.testing.Engine;
import dev.wakegate.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The confirmation look's limits are as wide as a voice's own takes need: each take, held out and compared with the
 * voice's other takes as the confirmation compares a word, and the median of them must lie on each criterion's limit
 * (the mean over the word, and the worst parts). The
 * limits were chosen on synthetic voices, whose takes are near copies of one another; a real person's repetitions lie
 * further apart in the confirmation's strict criteria than their agreement at detection says, and were refused.
 */
class ConfirmationWideningTest {
    private static final Path REAL = TestData.shared().resolve("real/precise-community");
    /** The first three takes of each person's tuning half, as scripts/real_household.py enrolls them. */
    private static final List<String> EL_TOCINO = List.of("32e1308b-72f2-4d49-8be9-6d33f904f577", "35128342-eed2-4e60-93e9-d82815c608b1",
            "6d4ba454-0108-4fd5-879a-68a044fdfe60");
    private static final List<String> KRISGESLING = List.of("099d6097-ce0f-403a-b30d-0ced99f1e44e", "0c10e10f-ffed-4c14-994b-41c71d452e85",
            "1367b9be-4e33-41c5-ab01-d04eaf04a85b");
    /** The athena set's first three tuning takes (scripts/real_voices.py): one contributor's, recorded on three devices. */
    private static final List<String> ATHENA = List.of("0111603b-448a-47cf-a707-92ad4ba277fd", "01355138-772d-4794-981a-eaa27fe47074",
            "02f08d07-a764-40f2-90c5-2657da33c668");

    private static WakeTemplate enrolled(String set, List<String> ids) {
        var takes = ids.stream().map(id -> REAL.resolve(set).resolve(set + "-" + id + ".wav"))
                .map(f -> new Enroller.Recording(f.toString(), TestData.samples(f))).toList();
        return new Enroller(Clock.systemUTC()).enroll("word", takes).template();
    }

    /** The voice's held-out takes' values of one criterion, sorted. */
    private static double[] sorted(WordModel.HeldOut[] heldOut, ToDoubleFunction<WordModel.HeldOut> criterion) {
        double[] values = Arrays.stream(heldOut).mapToDouble(criterion).toArray();
        Arrays.sort(values);
        return values;
    }

    @Test
    void syntheticTakesThatConfirmOneAnotherKeepTheLimitsAsChosen() {
        // given: three takes of one synthetic voice, whose takes agree closely (no widening at detection)
        var model = new WordModel(Engine.heyComputer(TestData.VOICE), Sensitivity.DEFAULT);
        int[] takes = model.allTakes();
        // when
        var heldOut = model.heldOut(takes);
        // then: each held-out take lies well inside both limits, which stay as chosen
        assertTrue(sorted(heldOut, WordModel.HeldOut::mean)[2] < 0.5 && sorted(heldOut, WordModel.HeldOut::parts)[2] < 0.5, "held out: " + Arrays.toString(heldOut));
        for (int t : takes) assertEquals(new WordModel.ConfirmationWidening(1, 1), model.confirmationWidening(t), "take " + t);
    }

    @Test
    void aRealPersonsLimitsWidenUntilHisMedianTakeHeldOutLiesOnThem() {
        // given: el-tocino's three takes of "computer", which agree closely at detection (no widening there)
        var model = new WordModel(enrolled("computer-en", EL_TOCINO), Sensitivity.DEFAULT);
        int[] takes = model.allTakes();
        // when
        var heldOut = model.heldOut(takes);
        double mean = sorted(heldOut, WordModel.HeldOut::mean)[1], parts = sorted(heldOut, WordModel.HeldOut::parts)[1];
        // then: held out, his median take lies beyond the limits as chosen, and each widens to it exactly
        assertTrue(Math.max(mean, parts) > 1, "held out: " + Arrays.toString(heldOut));
        for (int t : takes) {
            var widening = model.confirmationWidening(t);
            assertEquals(Math.max(1, mean), widening.mean(), 1e-12, "take " + t);
            assertEquals(Math.max(1, parts), widening.parts(), 1e-12, "take " + t);
        }
    }

    @Test
    void thePartsWidenNoFurtherThanTheDetectorsWidestAndTheMeanAtMostThreeTimes() {
        // given: three takes of one contributor recorded on three devices, far apart held out
        var model = new WordModel(enrolled("athena-en", ATHENA), Sensitivity.DEFAULT);
        var heldOut = model.heldOut(model.allTakes());
        double mean = sorted(heldOut, WordModel.HeldOut::mean)[1], parts = sorted(heldOut, WordModel.HeldOut::parts)[1];
        assertTrue(parts > 2 && mean > 2, "test setup, held out: " + Arrays.toString(heldOut));
        // then: a near miss differs in a part, which widens less; another device moves the whole word
        for (int t : model.allTakes()) {
            assertEquals(2.0, model.confirmationWidening(t).parts(), "take " + t);
            assertEquals(Math.min(mean, WordModel.MAX_MEAN_WIDENING), model.confirmationWidening(t).mean(), 1e-12, "take " + t);
        }
    }

    @Test
    void inAHouseholdEachVoiceIsWidenedForItsOwnTakesOnly() {
        // given: el-tocino's takes, then krisgesling's added under his own label
        var his = enrolled("computer-en", EL_TOCINO).withVoice("el-tocino");
        var other = enrolled("computer-en", KRISGESLING).withVoice("krisgesling");
        var household = new WordModel(his.plus(other), Sensitivity.DEFAULT);
        var alone = new WordModel(his, Sensitivity.DEFAULT);
        var otherAlone = new WordModel(other, Sensitivity.DEFAULT);
        // then: each person's takes are widened as in that person's own template
        for (int t = 0; t < 3; t++) {
            assertEquals(alone.confirmationWidening(t), household.confirmationWidening(t), "el-tocino's take " + t);
            assertEquals(otherAlone.confirmationWidening(t), household.confirmationWidening(3 + t), "krisgesling's take " + t);
        }
        assertTrue(!alone.confirmationWidening(0).equals(otherAlone.confirmationWidening(0)), "test setup: the two differ");
    }
}
