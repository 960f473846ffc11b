package dev.wakegate.gate;

import dev.wakegate.audio.Pcm;

/**
 * Where the command after a wake word ends, decided frame by frame while it streams, so that what others say next
 * stays at home. Households keep talking: the next sentence often starts less than a second after the command, so
 * waiting for a fixed stretch of silence streams other people's conversation. Instead:
 * <ul>
 *   <li>A frame counts as a pause when the VAD calls it unvoiced, or when it is {@link #DROP_DB} under the level of
 *       the speaker who said the wake word (the loudest of the wake word and the command so far). A room's reverb
 *       tail and background chatter stay well under that, the speaker's own words do not.</li>
 *   <li>Until the command starts, the speaker may take up to {@code --end-silence} to begin.</li>
 *   <li>Once it has started, it ends at a pause of {@link #PAUSE_FACTOR} times the longest pause the speaker has made
 *       within it so far, but at least {@code --min-end-silence} and at most {@code --end-silence}: a fluent command
 *       ends quickly, a halting one is given the time its speaker takes.</li>
 * </ul>
 * Mutable, one per session; nothing allocated per frame.
 */
final class EndOfCommand {
    /** A frame this far under the speaker's level is a pause, whatever the VAD says. */
    static final double DROP_DB = 25;
    /** The end is a pause this many times the longest pause within the command … */
    static final double PAUSE_FACTOR = 2.0;
    /** Speech (not pause) frames after the wake word before the command counts as started. */
    static final double MIN_COMMAND_SECONDS = 0.15;
    private static final int SMOOTHING = 3;

    private final int maxEndFrames, minEndFrames, minCommandFrames;
    private final double[] recentPower = new double[SMOOTHING];
    private int recent, recentCount;
    private double speakerDb;
    private int commandFrames, pause, longestPause;
    private boolean started;

    /**
     * @param endSilenceSeconds    the longest pause within a command, and the longest wait for it to start
     * @param minEndSilenceSeconds the shortest pause that ends a command (at most {@code endSilenceSeconds})
     */
    EndOfCommand(double endSilenceSeconds, double minEndSilenceSeconds) {
        this.maxEndFrames = frames(endSilenceSeconds);
        this.minEndFrames = Math.min(maxEndFrames, frames(minEndSilenceSeconds));
        this.minCommandFrames = frames(MIN_COMMAND_SECONDS);
    }

    private static int frames(double seconds) {
        return (int) Math.round(seconds * Pcm.FRAMES_PER_SECOND);
    }

    /** A new command, after a wake word whose loudest 30 ms were {@code wakeWordDb}. */
    void start(double wakeWordDb) {
        speakerDb = wakeWordDb;
        recent = recentCount = 0;
        commandFrames = pause = longestPause = 0;
        started = false;
    }

    /**
     * One frame of the stream: whether the command has ended with it.
     *
     * @param voiced  the VAD's verdict on the frame
     * @param levelDb the frame's level (dBFS)
     */
    boolean endsWith(boolean voiced, double levelDb) {
        double smoothed = smoothed(levelDb);
        boolean speech = voiced && smoothed > speakerDb - DROP_DB;
        if (speech) {
            speakerDb = Math.max(speakerDb, smoothed);
            if (started) longestPause = Math.max(longestPause, pause);
            pause = 0;
            if (++commandFrames >= minCommandFrames) started = true;
            return false;
        }
        pause++;
        if (!started) return pause >= maxEndFrames;
        return pause >= Math.clamp((long) Math.ceil(PAUSE_FACTOR * longestPause), minEndFrames, maxEndFrames);
    }

    private double smoothed(double db) {
        recentPower[recent] = Math.pow(10, db / 10);
        recent = (recent + 1) % SMOOTHING;
        recentCount = Math.min(SMOOTHING, recentCount + 1);
        double sum = 0;
        for (int i = 0; i < recentCount; i++) sum += recentPower[i];
        return 10 * Math.log10(sum / recentCount);
    }

    /** The loudest 30 ms of {@code audio} (dBFS), the speaker's level as the wake word gives it. */
    static double loudestDb(short[] audio) {
        double best = -120, sum = 0;
        int window = SMOOTHING * Pcm.FRAME_SAMPLES;
        for (int i = 0; i < audio.length; i++) {
            sum += (double) audio[i] * audio[i];
            if (i >= window) sum -= (double) audio[i - window] * audio[i - window];
            if (i >= window - 1 && sum > 0) best = Math.max(best, 10 * Math.log10(sum / window / (32768.0 * 32768.0)));
        }
        return best;
    }
}
