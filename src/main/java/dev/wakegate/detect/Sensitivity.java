package dev.wakegate.detect;

import dev.wakegate.internal.UserError;

import java.util.Locale;

/**
 * How readily a wake word fires, the same scale for every engine and confirmer: 0 (never) to 1 (most readily; the
 * most false wakes). Engines whose scores are probabilities fire at {@link #threshold()} = 1 − value.
 *
 * @param value in [0, 1]; NaN and anything outside are refused here, the one range check of the code base
 */
public record Sensitivity(double value) {
    /** A detector's default: openWakeWord's default threshold 0.5. */
    public static final Sensitivity DEFAULT = new Sensitivity(0.5);
    /** Above this, false wakes grow fast (and each one streams audio): the daemon takes it only when told it is meant. */
    public static final double RISKY_ABOVE = 0.9;

    public Sensitivity {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException("sensitivity " + value + " is outside 0-1");
    }

    public static Sensitivity of(double value) {
        return new Sensitivity(value);
    }

    /** Whether this is above {@link #RISKY_ABOVE}. */
    public boolean risky() {
        return value > RISKY_ABOVE;
    }

    /** The score a word needs at this sensitivity, for engines whose scores are in [0, 1]. */
    public double threshold() {
        return 1 - value;
    }

    /**
     * Reads a sensitivity someone typed; a {@link UserError} naming {@code where} (an option, a request) and the fix
     * otherwise.
     */
    public static Sensitivity parse(String where, String text) {
        try {
            return new Sensitivity(Double.parseDouble(text.strip()));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new UserError(where + " " + text + " is not a number from 0 to 1. Fix: e.g. " + where + " 0.5");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
