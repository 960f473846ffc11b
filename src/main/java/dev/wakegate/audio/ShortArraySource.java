package dev.wakegate.audio;

/** An in-memory 16 kHz mono source: a recording held in memory (enroll's near misses) through the same path as files. */
public final class ShortArraySource implements AudioSource {
    private final short[] samples;
    private final String name;
    private int pos;

    public ShortArraySource(String name, short[] samples) {
        this.samples = samples;
        this.name = name;
    }

    @Override
    public int read(short[] dst, int off, int len) {
        if (pos == samples.length) return -1;
        int n = Math.min(len, samples.length - pos);
        System.arraycopy(samples, pos, dst, off, n);
        pos += n;
        return n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {}
}
