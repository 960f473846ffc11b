package dev.wakegate.gate;

/**
 * How the gate streams.
 *
 * @param endSilenceSeconds    a session ends after this much silence (VAD) …
 * @param maxSessionSeconds    … or after this much audio, whichever comes first
 * @param refractorySeconds    after a session, detections are ignored this long
 * @param sendWakeWord         stream from the wake word's start instead of its end
 * @param waitForUplink        wait for each session's outcome before reading on (file input as fast as possible),
 *                             so the audio timeline and the events stay in step
 * @param deafAfterPlaySeconds after wakegate plays sound, the detector stays deaf this long (room echo)
 */
public record GateSettings(double endSilenceSeconds, double maxSessionSeconds, double refractorySeconds, boolean sendWakeWord,
                           boolean waitForUplink, double deafAfterPlaySeconds) {
    public static final GateSettings DEFAULT = new GateSettings(0.8, 10, 2, false, false, 0.5);

    public GateSettings {
        if (endSilenceSeconds <= 0) throw new IllegalArgumentException("--end-silence must be positive");
        if (maxSessionSeconds <= 0 || maxSessionSeconds > 120) throw new IllegalArgumentException("--max-session must be in (0, 120] seconds");
        if (refractorySeconds < 0) throw new IllegalArgumentException("--refractory must not be negative");
        if (deafAfterPlaySeconds < 0) throw new IllegalArgumentException("--mute-after-reply must not be negative");
    }

    /** These settings for file input read as fast as possible ({@code waitForUplink}) or not. */
    public GateSettings withWaitForUplink(boolean wait) {
        return new GateSettings(endSilenceSeconds, maxSessionSeconds, refractorySeconds, sendWakeWord, wait, deafAfterPlaySeconds);
    }
}
