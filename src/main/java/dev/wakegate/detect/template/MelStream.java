package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;

/**
 * The mel front end fed 10 ms at a time: keeps the latest samples in a circular history, so that each frame's
 * mel energies come from the {@link Mfcc#WINDOW 25 ms window} that ends with it.
 */
final class MelStream {
    /** A power of two that holds a whole window. */
    private static final int HISTORY = 512;

    private final Mfcc mfcc;
    private final short[] history = new short[HISTORY];
    private int end;

    MelStream(Mfcc mfcc) {
        this.mfcc = mfcc;
    }

    /** Appends the frame at {@code samples[from .. from + FRAME_SAMPLES)} and computes its mel energies into {@code mel}. */
    void push(short[] samples, int from, float[] mel) {
        for (int k = 0; k < Pcm.FRAME_SAMPLES; k++) history[(end + k) & (HISTORY - 1)] = samples[from + k];
        end = (end + Pcm.FRAME_SAMPLES) & (HISTORY - 1);
        mfcc.melEnergies(history, end, mel);
    }
}
