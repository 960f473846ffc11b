package dev.wakegate.detect;

import dev.wakegate.audio.Pcm;
import dev.wakegate.ring.AudioRing;

import java.util.Arrays;

/**
 * A detected wake word as the ring buffer heard it: the detection plus the audio around it, which a confirmer
 * re-checks on its own.
 *
 * @param detection         the detector's finding (word, span, score), as the detector placed it: a word found at the
 *                          end of an input may reach into the silence after it ({@link WakeDetector#END_SILENCE_SECONDS})
 * @param audio             16 kHz mono samples from {@code audioStartSample}, covering the wake word with margins
 * @param audioStartSample  absolute position of {@code audio[0]}
 * @param inputEndSample    where the input ended, or {@link Long#MAX_VALUE} while it goes on
 * @param before            what the ring held just before {@code audio}, up to {@link #CONTEXT_SECONDS} (empty when
 *                          none): what was said before the word, for a look that judges the word in its context
 */
public record HeardWord(Detection detection, short[] audio, long audioStartSample, long inputEndSample, short[] before) {
    /**
     * The margins a confirmer sees around the detected word: context for its own look at the word's edges. The front
     * end hands a word on only once the ring holds the margin after it, since in noise a detector often places the end
     * of a word before its true end, and a confirmation that sees a cut word refuses it.
     */
    public static final double BEFORE_SECONDS = 0.5, AFTER_SECONDS = 0.5;
    /** How much of what came before the margin is kept as {@link #before}. */
    public static final double CONTEXT_SECONDS = 1.5;

    /** Heard without what came before it. */
    public HeardWord(Detection detection, short[] audio, long audioStartSample, long inputEndSample) {
        this(detection, audio, audioStartSample, inputEndSample, new short[0]);
    }

    /**
     * The frame index from which a word ending at {@code endSample} has been judged: the front end hands it on in the
     * frame before, the first whose end lies {@link #AFTER_SECONDS} past the word (or later, if it was found later).
     */
    public static long judgedBy(long endSample) {
        return Math.ceilDiv(endSample + Pcm.samples(AFTER_SECONDS), Pcm.FRAME_SAMPLES);
    }

    /** A word heard while the input goes on. */
    public HeardWord(Detection detection, short[] audio, long audioStartSample) {
        this(detection, audio, audioStartSample, Long.MAX_VALUE);
    }

    /**
     * The detected word with {@link #BEFORE_SECONDS} ahead of it and {@link #AFTER_SECONDS} after it, as far as
     * {@code ring} still (or already) holds them; no audio at all once the word has left the ring.
     */
    public static HeardWord around(Detection detection, AudioRing ring) {
        return around(detection, ring, Long.MAX_VALUE);
    }

    /** As {@link #around(Detection, AudioRing)}, for a word found once the input ended at {@code inputEndSample}. */
    public static HeardWord around(Detection detection, AudioRing ring, long inputEndSample) {
        long from = Math.max(ring.start(), detection.startSample() - Pcm.samples(BEFORE_SECONDS));
        long to = Math.max(from, Math.min(ring.end(), detection.endSample() + Pcm.samples(AFTER_SECONDS)));
        short[] audio = new short[(int) (to - from)];
        ring.read(from, to, audio, 0);
        long contextFrom = Math.max(ring.start(), from - Pcm.samples(CONTEXT_SECONDS));
        short[] before = new short[(int) (from - contextFrom)];
        ring.read(contextFrom, from, before, 0);
        return new HeardWord(detection, audio, from, inputEndSample, before);
    }

    /**
     * The detection as it is reported: within the input. A word placed partly in the silence after the input is
     * reported as ending, and decided, when the input did; the confirmation still judges it as placed.
     */
    public Detection reported() {
        if (detection.atSample() <= inputEndSample) return detection;
        var d = detection;
        return new Detection(d.word(), Math.min(d.startSample(), inputEndSample), Math.min(d.endSample(), inputEndSample), d.score(),
                inputEndSample, d.voice());
    }

    /** Whether samples [from, to) of {@link #audio} overlap the detected word. */
    public boolean overlapsDetection(int from, int to) {
        return from < detection.endSample() - audioStartSample && to > detection.startSample() - audioStartSample;
    }

    /** Overwrites the audio with zeros once it has been judged: it was heard at home and is not kept. */
    public void wipe() {
        Arrays.fill(audio, (short) 0);
        Arrays.fill(before, (short) 0);
    }

    /** {@link #before} and {@link #audio} in one array (a copy, which the caller wipes). */
    public short[] withContext() {
        short[] out = Arrays.copyOf(before, before.length + audio.length);
        System.arraycopy(audio, 0, out, before.length, audio.length);
        return out;
    }

    public String word() {
        return detection.word();
    }

    @Override
    public String toString() {
        return "HeardWord[" + detection.word() + ", " + audio.length + " samples]";
    }
}
