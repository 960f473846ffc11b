package dev.wakegate.testing;

import dev.wakegate.audio.Pcm;

/** The dev corpus's streams with a real noise recording of ../shared (real/noise) under their speech. */
public final class NoisyStreams {
    public static final String EXERCISE_BIKE = "exercise_bike.wav", DISHES = "doing_the_dishes.wav";

    private NoisyStreams() {}

    /** The voice's stream with {@code noise}, repeated as needed, {@code snrDb} under the mean power of its labelled speech. */
    public static short[] stream(String voice, String noise, double snrDb) {
        short[] x = TestData.samples(Labels.streamWav(voice));
        short[] n = TestData.samples(TestData.shared().resolve("real/noise").resolve(noise));
        double speech = 0;
        long count = 0;
        for (var s : Labels.streamSegments(voice))
            for (long i = Pcm.samples(s.span().start()); i < Math.min(x.length, Pcm.samples(s.span().end())); i++, count++) speech += (double) x[(int) i] * x[(int) i];
        return withNoise(x, n, 0, speech / count, power(n, 0, n.length), snrDb);
    }

    /**
     * {@code speech} with {@code noise} under it from sample {@code from} on (wrapping), {@code snrDb} under the mean power
     * of the speech's 10 ms frames within 30 dB of its loudest (the speech, not the silence around it), as
     * scripts/real_voices.py mixes a take.
     */
    public static short[] under(short[] speech, String noise, double snrDb, long from) {
        short[] n = TestData.samples(TestData.shared().resolve("real/noise").resolve(noise));
        double[] frames = new double[speech.length / Pcm.FRAME_SAMPLES];
        double top = 0;
        for (int f = 0; f < frames.length; f++) {
            frames[f] = power(speech, f * Pcm.FRAME_SAMPLES, Pcm.FRAME_SAMPLES);
            top = Math.max(top, frames[f]);
        }
        double active = 0;
        int count = 0;
        for (double f : frames)
            if (f >= top / 1000) {
                active += f;
                count++;
            }
        int start = (int) (from % n.length);
        return withNoise(speech.clone(), n, start, Math.max(1, count == 0 ? 1 : active / count), Math.max(1, power(n, start, speech.length)), snrDb);
    }

    /** Mean power of {@code count} samples of {@code x} from {@code from} on, wrapping. */
    private static double power(short[] x, int from, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += (double) x[(from + i) % x.length] * x[(from + i) % x.length];
        return sum / Math.max(1, count);
    }

    /** {@code x} with {@code noise} from {@code start} on (wrapping) added {@code snrDb} under {@code speechPower}, in place. */
    private static short[] withNoise(short[] x, short[] noise, int start, double speechPower, double noisePower, double snrDb) {
        double gain = Math.sqrt(speechPower / Math.pow(10, snrDb / 10) / noisePower);
        for (int i = 0; i < x.length; i++) x[i] = Signals.clip(Math.round(x[i] + gain * noise[(start + i) % noise.length]));
        return x;
    }
}
