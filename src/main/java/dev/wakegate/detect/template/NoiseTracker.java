package dev.wakegate.detect.template;

import java.util.Arrays;

/**
 * Estimates the background noise per mel band by minimum statistics: the lowest smoothed band power over the
 * last ~1.5 s of processed frames, scaled up by a bias factor because a minimum sits below the noise's mean.
 * Speech pauses are enough for it to find the floor; it needs no VAD decision.
 */
final class NoiseTracker {
    private static final int SUBWINDOW = 30, SUBWINDOWS = 5;
    private static final float SMOOTHING = 0.8f;
    private static final float BIAS = 1.5f;

    private final int bands;
    private final float[] smoothed, currentMin, noise, carried;
    private final float[][] pastMins;
    private int framesInSub, pastCount, pastNext;
    private boolean started;

    NoiseTracker(int bands) {
        this.bands = bands;
        smoothed = new float[bands];
        currentMin = new float[bands];
        noise = new float[bands];
        carried = new float[bands];
        pastMins = new float[SUBWINDOWS][bands];
        Arrays.fill(currentMin, Float.POSITIVE_INFINITY);
    }

    /**
     * A frame of digital silence (a microphone muted in software, zeros from a source): it says nothing new about the
     * room, so the estimate carries on as it stood, as if the room's noise went on. Before anything audible, that is no
     * noise at all, as a clean recording padded with zeros has.
     */
    void carryOn() {
        for (int m = 0; m < bands; m++) carried[m] = noise[m] / BIAS;
        update(carried);
    }

    void update(float[] mel) {
        for (int m = 0; m < bands; m++) {
            smoothed[m] = started ? SMOOTHING * smoothed[m] + (1 - SMOOTHING) * mel[m] : mel[m];
            currentMin[m] = Math.min(currentMin[m], smoothed[m]);
        }
        started = true;
        if (++framesInSub == SUBWINDOW) {
            System.arraycopy(currentMin, 0, pastMins[pastNext], 0, bands);
            pastNext = (pastNext + 1) % SUBWINDOWS;
            pastCount = Math.min(SUBWINDOWS, pastCount + 1);
            Arrays.fill(currentMin, Float.POSITIVE_INFINITY);
            framesInSub = 0;
        }
        for (int m = 0; m < bands; m++) {
            float min = currentMin[m];
            for (int w = 0; w < pastCount; w++) min = Math.min(min, pastMins[w][m]);
            noise[m] = BIAS * min;
        }
    }

    /** The current noise estimate per band (linear power); read-only view. */
    float[] noise() {
        return noise;
    }

    float total() {
        float sum = 0;
        for (float v : noise) sum += v;
        return sum;
    }
}
