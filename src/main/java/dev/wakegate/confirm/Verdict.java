package dev.wakegate.confirm;

/**
 * A confirmer's decision.
 *
 * @param confirmed true only if the candidate passed the stricter check
 * @param score     the confirmer's own score in [0, 1]
 * @param reason    why, in a few words, for events and logs ("score 0.41 < 0.60", "phrase not heard")
 */
public record Verdict(boolean confirmed, double score, String reason) {
    public static Verdict accept(double score, String reason) {
        return new Verdict(true, score, reason);
    }

    public static Verdict reject(double score, String reason) {
        return new Verdict(false, score, reason);
    }
}
