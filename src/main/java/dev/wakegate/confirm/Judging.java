package dev.wakegate.confirm;

import dev.wakegate.detect.HeardWord;

/** A confirmer that also says whether its refusal is one that another look at the word may overturn. */
interface Judging extends Confirmer {
    /**
     * @param verdict    the confirmer's verdict
     * @param onlyTooFar a refusal only for how far the word lies from what was enrolled, not for what else was heard
     *                   (a plural's s, a match beside the detected word)
     */
    record Judgement(Verdict verdict, boolean onlyTooFar) {}

    Judgement judge(HeardWord heard);

    @Override
    default Verdict confirm(HeardWord heard) {
        return judge(heard).verdict();
    }
}
