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
}
