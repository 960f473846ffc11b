package dev.wakegate.tune;

/** A span of audio in seconds from the start of a file. */
public record Span(double start, double end) {
    public Span {
        if (!(end >= start)) throw new IllegalArgumentException("span ends before it starts: " + start + "-" + end);
    }

    /** True when the two spans share some time (touching ends do not count). */
    public boolean overlaps(Span other) {
        return other.start < end && other.end > start;
    }
}
