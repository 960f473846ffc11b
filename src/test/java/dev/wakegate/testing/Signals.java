package dev.wakegate.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Synthetic test signals and the measurements tests make on audio. Deterministic: every generator takes a seed. */
public final class Signals {
    public static final int RATE = 16_000;

    private Signals() {}

    /** A sine of {@code hz} at {@code rate}, peak {@code amplitude} (full scale = 1). */
    public static double[] tone(double hz, int rate, double seconds, double amplitude) {
        double[] x = new double[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) x[i] = amplitude * Math.sin(2 * Math.PI * hz * i / rate);
        return x;
    }

    /** Gaussian white noise with the given RMS level in dBFS (relative to a full-scale square wave, like EnergyVad). */
    public static short[] whiteNoise(long seed, int samples, double rmsDbfs) {
        var rnd = new SplittableRandom(seed);
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) x[i] = gaussian(rnd);
        return toShorts(normalise(x, rmsDbfs));
    }

    /**
     * Pink (1/f) noise over the audio band, with the given RMS level in dBFS: Paul Kellet's filter over white noise,
     * then a 20 Hz high-pass as every microphone and converter has (Kellet's filter alone keeps 1/f down to ~3 Hz at
     * 16 kHz, infrasound that no capture chain delivers).
     */
    public static short[] pinkNoise(long seed, int samples, double rmsDbfs) {
        var rnd = new SplittableRandom(seed);
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            double w = gaussian(rnd);
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
        }
        return toShorts(normalise(highPass(x, 20), rmsDbfs));
    }

    /** First-order high-pass at {@code hz} (16 kHz). */
    private static double[] highPass(double[] x, double hz) {
        double a = 1 / (1 + 2 * Math.PI * hz / RATE), prevIn = 0, prevOut = 0;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            prevOut = a * (prevOut + x[i] - prevIn);
            prevIn = x[i];
            y[i] = prevOut;
        }
        return y;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double[] normalise(double[] x, double rmsDbfs) {
        double ms = 0;
        for (double v : x) ms += v * v;
        double gain = 32768 * Math.pow(10, rmsDbfs / 20) / Math.sqrt(ms / x.length);
        for (int i = 0; i < x.length; i++) x[i] *= gain;
        return x;
    }

    private static short[] toShorts(double[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) s[i] = clip(Math.round(x[i]));
        return s;
    }

    public static short clip(long v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    /** Multiplies by {@code db} decibels, clipping at full scale as a real converter would. */
    public static short[] gain(short[] x, double db) {
        double g = Math.pow(10, db / 20);
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) out[i] = clip(Math.round(x[i] * g));
        return out;
    }

    /** Adds {@code b} onto {@code a} (clipping), starting at {@code a}'s sample {@code at}. */
    public static short[] mix(short[] a, short[] b, int at) {
        short[] out = a.clone();
        for (int i = 0; i < b.length && at + i < out.length; i++) out[at + i] = clip(out[at + i] + (long) b[i]);
        return out;
    }

    public static short[] silence(double seconds) {
        return new short[(int) Math.round(seconds * RATE)];
    }

    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) n += p.length;
        short[] out = new short[n];
        int pos = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** The samples between two times (seconds) of 16 kHz audio, clamped to what exists. */
    public static short[] cut(short[] x, double fromSeconds, double toSeconds) {
        int from = (int) Math.max(0, Math.round(fromSeconds * RATE)), to = (int) Math.min(x.length, Math.round(toSeconds * RATE));
        return Arrays.copyOfRange(x, from, to);
    }

    /**
     * Where {@code received} starts in {@code source} (seconds of 16 kHz audio), found by an exact match of its first
     * 20 ms: what an uplink sends is the captured audio, unchanged. NaN when it is not there.
     */
    public static double startIn(short[] source, short[] received) {
        int probe = Math.min(received.length, 320);
        outer:
        for (int i = 0; i + probe <= source.length; i++) {
            for (int k = 0; k < probe; k++) if (source[i + k] != received[k]) continue outer;
            return i / (double) RATE;
        }
        return Double.NaN;
    }

    /** Sign changes, counting a run of zeros as no change: a sine of f Hz over T seconds has about 2fT. */
    public static int zeroCrossings(short[] x, int from, int to) {
        int count = 0, lastSign = 0;
        for (int i = from; i < to; i++) {
            int s = Integer.signum(x[i]);
            if (s == 0) continue;
            if (lastSign != 0 && s != lastSign) count++;
            lastSign = s;
        }
        return count;
    }

    /** RMS level in dB relative to full scale (a full-scale sine is -3 dBFS). */
    public static double rmsDbfs(short[] x, int from, int to) {
        double ms = 0;
        for (int i = from; i < to; i++) ms += (double) x[i] * x[i];
        ms /= Math.max(1, to - from);
        return ms <= 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(ms / (32768.0 * 32768.0));
    }

    public static double rmsDbfs(double[] x) {
        double ms = 0;
        for (double v : x) ms += v * v;
        return 10 * Math.log10(ms / x.length);
    }
}
