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
        double noisePower = 0;
        for (short v : n) noisePower += (double) v * v;
        noisePower /= n.length;
        double gain = Math.sqrt(speech / count / Math.pow(10, snrDb / 10) / noisePower);
        for (int i = 0; i < x.length; i++) x[i] = Signals.clip(Math.round(x[i] + gain * n[i % n.length]));
        return x;
    }

    /**
     * {@code speech} with {@code noise} under it from sample {@code from} on (wrapping), {@code snrDb} under the mean power
     * of the speech's 10 ms frames within 30 dB of its loudest (the speech, not the silence around it), as
     * scripts/real_voices.py mixes a take.
     */
    public static short[] under(short[] speech, String noise, double snrDb, long from) {
        short[] n = TestData.samples(TestData.shared().resolve("real/noise").resolve(noise));
        double[] frames = new double[speech.length / 160];
        double top = 0;
        for (int f = 0; f < frames.length; f++) {
            for (int i = f * 160; i < f * 160 + 160; i++) frames[f] += (double) speech[i] * speech[i] / 160;
            top = Math.max(top, frames[f]);
        }
        double active = 0;
        int count = 0;
        for (double f : frames)
            if (f >= top / 1000) {
                active += f;
                count++;
            }
        double speechPower = Math.max(1, count == 0 ? 1 : active / count), noisePower = 0;
        int start = (int) (from % n.length);
        for (int i = 0; i < speech.length; i++) noisePower += (double) n[(start + i) % n.length] * n[(start + i) % n.length];
        noisePower = Math.max(1, noisePower / Math.max(1, speech.length));
        double gain = Math.sqrt(speechPower / Math.pow(10, snrDb / 10) / noisePower);
        short[] out = new short[speech.length];
        for (int i = 0; i < speech.length; i++) out[i] = Signals.clip(Math.round(speech[i] + gain * n[(start + i) % n.length]));
        return out;
    }
}
