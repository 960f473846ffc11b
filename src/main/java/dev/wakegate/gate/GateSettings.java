package dev.wakegate.gate;

/**
 * How the gate streams. Every value is checked here, NaN and infinity included: a safety setting can never be
 * weakened by a value that compares as neither too small nor too large.
 *
 * @param endSilenceSeconds    the longest pause within a command, and the longest wait for it to start (the command
 *                             then ends; see {@link EndOfCommand}) …
 * @param minEndSilenceSeconds … and the shortest pause that ends a fluent command (at most endSilenceSeconds)
 * @param maxSessionSeconds    a session never sends more than this much audio
 * @param refractorySeconds    after a session, detections are ignored this long
 * @param sendWakeWord         stream from the wake word's start instead of its end
 * @param waitForUplink        wait for each session's outcome before reading on (file input as fast as possible),
 *                             so the audio timeline and the events stay in step
 * @param deafAfterPlaySeconds after wakegate plays sound, the detector stays deaf this long (room echo)
 */
public record GateSettings(double endSilenceSeconds, double minEndSilenceSeconds, double maxSessionSeconds, double refractorySeconds,
                           boolean sendWakeWord, boolean waitForUplink, double deafAfterPlaySeconds) {
    /** The shortest pause that ends a command by default: on a generated corpus of other voices, 0.3 s was the shortest that cut no command. */
    public static final double MIN_END_SILENCE = 0.4;
    public static final GateSettings DEFAULT = new GateSettings(0.8, MIN_END_SILENCE, 10, 2, false, false, 0.5);

    public GateSettings {
        within("--end-silence", endSilenceSeconds, 0.1, 10);
        within("--min-end-silence", minEndSilenceSeconds, 0.1, 10);
        within("--max-session", maxSessionSeconds, 0.5, 120);
        within("--refractory", refractorySeconds, 0, 60);
        within("--mute-after-reply", deafAfterPlaySeconds, 0, 60);
    }

    private static void within(String option, double value, double min, double max) {
        if (!(value >= min && value <= max))
            throw new IllegalArgumentException(option + " " + value + " is outside " + min + "-" + max + " seconds");
    }

    /** These settings for file input read as fast as possible ({@code waitForUplink}) or not. */
    public GateSettings withWaitForUplink(boolean wait) {
        return new GateSettings(endSilenceSeconds, minEndSilenceSeconds, maxSessionSeconds, refractorySeconds, sendWakeWord, wait,
                deafAfterPlaySeconds);
    }
}
