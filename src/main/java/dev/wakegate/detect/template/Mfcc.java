package dev.wakegate.detect.template;

import be.tarsos.dsp.util.fft.FloatFFT;
import dev.wakegate.audio.Pcm;

import java.util.Arrays;

/**
 * Mel-frequency cepstral coefficients over TarsosDSP's FFT: 25 ms Hamming windows every 10 ms, pre-emphasis,
 * a triangular mel filterbank and a DCT-II. All tables are built once; {@link #melEnergies}
 * and {@link #cepstrum} allocate nothing.
 */
public final class Mfcc {
    public static final int WINDOW = 400;           // 25 ms
    public static final int HOP = Pcm.FRAME_SAMPLES; // 10 ms
    public static final int FFT_SIZE = 512;
    public static final int MELS = 26;
    /** Cepstra kept, c1..c12: c0 (loudness) is left out so that gain never changes a match. */
    public static final int COEFFS = 12;
    static final double LOW_HZ = 100, HIGH_HZ = 7600;
    private static final float PRE_EMPHASIS = 0.97f;
    /** Log floor: about -90 dBFS per mel band, so digital silence does not produce -infinity. */
    private static final float ENERGY_FLOOR = 1e-2f;
    /**
     * Bands more than 20 dB under the frame's strongest band are raised to that level: they carry more noise
     * (or a competing talker) than word identity.
     */
    private static final float DYNAMIC_RANGE = 0.01f;

    private final FloatFFT fft = new FloatFFT(FFT_SIZE);
    private final float[] window = new float[WINDOW];
    private final float[] buf = new float[FFT_SIZE];
    private final float[] spectrum = new float[FFT_SIZE / 2 + 1];
    private final float[] logMel = new float[MELS];
    private final int[] melStart = new int[MELS];
    private final float[][] melWeights = new float[MELS][];
    private final float[][] dct = new float[COEFFS][MELS];

    public Mfcc() {
        for (int i = 0; i < WINDOW; i++) window[i] = (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (WINDOW - 1)));
        buildFilterbank();
        for (int k = 0; k < COEFFS; k++)
            for (int m = 0; m < MELS; m++)
                dct[k][m] = (float) (Math.sqrt(2.0 / MELS) * Math.cos(Math.PI * (k + 1) * (m + 0.5) / MELS));
    }

    private void buildFilterbank() {
        double lowMel = mel(LOW_HZ), highMel = mel(HIGH_HZ);
        double[] edges = new double[MELS + 2];
        for (int i = 0; i < edges.length; i++) edges[i] = hz(lowMel + (highMel - lowMel) * i / (MELS + 1)) * FFT_SIZE / Pcm.SAMPLE_RATE;
        for (int m = 0; m < MELS; m++) {
            double left = edges[m], centre = edges[m + 1], right = edges[m + 2];
            int first = (int) Math.ceil(left), last = (int) Math.floor(right);
            melStart[m] = first;
            melWeights[m] = new float[Math.max(0, last - first + 1)];
            for (int b = first; b <= last; b++) {
                double w = b <= centre ? (b - left) / (centre - left) : (right - b) / (right - centre);
                melWeights[m][b - first] = (float) Math.max(0, w);
            }
        }
    }

    /** The centre frequency of mel band {@code band}, Hz. */
    static double centreHz(int band) {
        double lowMel = mel(LOW_HZ), highMel = mel(HIGH_HZ);
        return hz(lowMel + (highMel - lowMel) * (band + 1) / (MELS + 1));
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /**
     * The mel filterbank energies (linear power) of the window ending at {@code end} in a circular history whose
     * length is a power of two, into {@code mel[0..MELS)}.
     */
    public void melEnergies(short[] history, int end, float[] mel) {
        int mask = history.length - 1;
        if ((history.length & mask) != 0 || history.length < WINDOW) throw new IllegalArgumentException("history length must be a power of two >= " + WINDOW);
        int first = end - WINDOW;
        float mean = 0;
        for (int i = 0; i < WINDOW; i++) mean += history[(first + i) & mask];
        mean /= WINDOW;
        float prev = history[first & mask] - mean;
        for (int i = 0; i < WINDOW; i++) {
            float x = history[(first + i) & mask] - mean;
            buf[i] = (x - PRE_EMPHASIS * prev) * window[i];
            prev = x;
        }
        Arrays.fill(buf, WINDOW, FFT_SIZE, 0f);
        fft.realForward(buf);
        spectrum[0] = buf[0] * buf[0];
        spectrum[FFT_SIZE / 2] = buf[1] * buf[1];
        for (int b = 1; b < FFT_SIZE / 2; b++) spectrum[b] = buf[2 * b] * buf[2 * b] + buf[2 * b + 1] * buf[2 * b + 1];
        for (int m = 0; m < MELS; m++) {
            float[] w = melWeights[m];
            int start = melStart[m];
            float energy = 0;
            for (int i = 0; i < w.length; i++) energy += w[i] * spectrum[start + i];
            mel[m] = energy;
        }
    }

    /** Log + DCT-II of mel energies, after the dynamic-range floor: c1..c12 into {@code out[outOff ..]}. */
    public void cepstrum(float[] mel, float[] out, int outOff) {
        float max = ENERGY_FLOOR;
        for (int m = 0; m < MELS; m++) max = Math.max(max, mel[m]);
        float floor = Math.max(ENERGY_FLOOR, max * DYNAMIC_RANGE);
        for (int m = 0; m < MELS; m++) logMel[m] = (float) Math.log(Math.max(mel[m], floor));
        for (int k = 0; k < COEFFS; k++) {
            float[] row = dct[k];
            float c = 0;
            for (int m = 0; m < MELS; m++) c += row[m] * logMel[m];
            out[outOff + k] = c;
        }
    }

}
