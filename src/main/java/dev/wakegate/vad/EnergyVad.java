package dev.wakegate.vad;

import dev.wakegate.audio.Pcm;

/**
 * Energy VAD against an adaptive noise floor. The level is smoothed over 30 ms so that the frame-to-frame
 * flicker of noise does not read as speech. The floor follows quiet moments quickly and rises slowly, so steady
 * noise (a fan, a fridge) is learnt as background. Speech starts when the level stays clearly above the floor
 * for a few frames, and continues while it stays somewhat above it, plus a hangover for the weak ends of words.
 * It only decides what detectors may skip: detectors are handed the context before each onset again.
 */
public final class EnergyVad implements Vad {
    /** Frames quieter than this are never speech (digital silence, a muted mic). */
    private static final double ABSOLUTE_FLOOR_DB = -70;
    private static final double FLOOR_RISE_DB_PER_FRAME = 0.02;   // 2 dB/s
    /** After digital silence the floor starts low; for 3 s it then rises 10 dB/s, so a noisy room is learnt quickly. */
    private static final double EARLY_RISE_DB_PER_FRAME = 0.1;
    private static final int EARLY_FRAMES = 300;
    private static final double FLOOR_FALL = 0.2;                 // fraction of the gap closed per frame
    private static final int SMOOTHING_FRAMES = 3;

    private final double onsetDb, sustainDb;
    private final int onsetFrames, hangoverFrames;
    private final double[] recentPower = new double[SMOOTHING_FRAMES];
    private int recentCount, recentNext;
    private double floorDb = Double.NaN;
    private double levelDb = ABSOLUTE_FLOOR_DB;
    private int loudRun, hangover, framesTracked;
    private boolean silenceFirst;
    private boolean speaking, voiced;

    /** Defaults: onset 9 dB over the floor for 30 ms, sustained while 6 dB over it, 250 ms hangover. */
    public EnergyVad() {
        this(9.0, 6.0, 3, 25);
    }

    public EnergyVad(double onsetDb, double sustainDb, int onsetFrames, int hangoverFrames) {
        this.onsetDb = onsetDb;
        this.sustainDb = sustainDb;
        this.onsetFrames = onsetFrames;
        this.hangoverFrames = hangoverFrames;
    }

    @Override
    public boolean isSpeech(short[] frame) {
        levelDb = levelDb(frame, Pcm.FRAME_SAMPLES);
        double smoothed = smoothedDb(levelDb);
        boolean audible = smoothed > ABSOLUTE_FLOOR_DB;
        if (Double.isNaN(floorDb)) {
            // audio that starts audible starts with the room; after digital silence the next sound may be the event
            // (a faint word on a quiet mic): the floor starts an onset below it, and the early rise learns a room
            if (audible) floorDb = silenceFirst ? Math.min(smoothed, ABSOLUTE_FLOOR_DB) - onsetDb : smoothed;
            else silenceFirst = true;
        }
        voiced = audible && !Double.isNaN(floorDb) && smoothed > floorDb + sustainDb;
        loudRun = audible && !Double.isNaN(floorDb) && smoothed > floorDb + onsetDb ? loudRun + 1 : 0;
        if (!speaking && loudRun >= onsetFrames) speaking = true;
        if (speaking) {
            if (voiced) hangover = hangoverFrames;
            else if (--hangover <= 0) speaking = false;
        }
        if (audible) trackFloor(smoothed); // digital silence (after a mute, a gated source) is not the room's floor
        return speaking;
    }

    private double smoothedDb(double db) {
        recentPower[recentNext] = Math.pow(10, db / 10);
        recentNext = (recentNext + 1) % SMOOTHING_FRAMES;
        recentCount = Math.min(SMOOTHING_FRAMES, recentCount + 1);
        double sum = 0;
        for (int i = 0; i < recentCount; i++) sum += recentPower[i];
        return 10 * Math.log10(sum / recentCount);
    }

    private void trackFloor(double db) {
        double rise = silenceFirst && framesTracked++ < EARLY_FRAMES ? EARLY_RISE_DB_PER_FRAME : FLOOR_RISE_DB_PER_FRAME;
        if (db < floorDb) floorDb += (db - floorDb) * FLOOR_FALL;
        else floorDb += Math.min(rise, db - floorDb);
    }

    @Override
    public boolean voiced() {
        return voiced;
    }

    @Override
    public double levelDb() {
        return levelDb;
    }

    public double floorDb() {
        return floorDb;
    }

    @Override
    public void reset() {
        floorDb = Double.NaN;
        recentCount = recentNext = 0;
        loudRun = hangover = framesTracked = 0;
        silenceFirst = false;
        speaking = voiced = false;
    }

    /** RMS level in dB relative to full scale (a full-scale square wave is 0 dBFS); -120 for digital silence. */
    public static double levelDb(short[] frame, int len) {
        return levelDb(frame, 0, len);
    }

    /** {@link #levelDb(short[], int)} of {@code len} samples from {@code from}. */
    public static double levelDb(short[] samples, int from, int len) {
        long sum = 0;
        for (int i = from; i < from + len; i++) sum += samples[i] * samples[i];
        double ms = sum / (double) len;
        return ms <= 0 ? -120 : 10 * Math.log10(ms / (32768.0 * 32768.0));
    }

    /** The level of each whole 10 ms frame of a recording, in order (for whole-recording analysis, not per frame). */
    public static double[] frameLevelsDb(short[] samples) {
        double[] level = new double[samples.length / Pcm.FRAME_SAMPLES];
        for (int f = 0; f < level.length; f++) level[f] = levelDb(samples, f * Pcm.FRAME_SAMPLES, Pcm.FRAME_SAMPLES);
        return level;
    }
}
