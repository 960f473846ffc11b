package dev.wakegate.internal;

/**
 * Text a peer sent (a control-socket client, a Wyoming server), made safe to echo into an error reply or a log line:
 * control characters could forge log lines or drive the reader's terminal, and a long string would flood either.
 */
public final class PeerText {
    private static final int MAX_CHARS = 40;

    private PeerText() {}

    /** At most 40 characters of {@code s}, each control character shown as '?'. */
    public static String printable(String s) {
        return cut(withoutControls(s), MAX_CHARS);
    }

    /** Longer text (a reply to show): runs of white space become one space, other control characters '?'; at most {@code max} characters. */
    public static String oneLine(String s, int max) {
        return cut(withoutControls(s.replaceAll("\\s+", " ").strip()), max);
    }

    private static String withoutControls(String s) {
        return s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
