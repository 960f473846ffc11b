package dev.wakegate.detect.template;

import dev.wakegate.audio.Pcm;

/**
 * What both looks of {@link TemplateScorer} start from, computed once per piece of audio: the mel energies of
 * every 10 ms frame, each frame's power, and the background noise estimated over the whole piece.
 *
 * @param mel        mel energies (linear power) of every frame
 * @param energy     mel power sum of every frame
 * @param noise      the noise per mel band after the last frame
 * @param noiseTotal its sum
 * @param samples    length of the audio in samples
 */
record MelAnalysis(float[][] mel, float[] energy, float[] noise, float noiseTotal, int samples) {

    static MelAnalysis of(short[] audio) {
        var front = new MelStream(new Mfcc());
        float[][] mel = new float[audio.length / Pcm.FRAME_SAMPLES][Mfcc.MELS];
        for (int i = 0; i < mel.length; i++) front.push(audio, i * Pcm.FRAME_SAMPLES, mel[i]);
        var noise = new NoiseTracker(Mfcc.MELS);
        float[] energy = new float[mel.length];
        for (int i = 0; i < mel.length; i++) {
            noise.update(mel[i]);
            energy[i] = WordModel.energy(mel[i]);
        }
        return new MelAnalysis(mel, energy, noise.noise(), noise.total(), audio.length);
    }

    int frames() {
        return mel.length;
    }

    /** The speech power assumed for frames [from, to): their loudest above the noise, and at least 3 times the noise. */
    float speechPeak(int from, int to) {
        float peak = 0;
        for (int i = from; i < to; i++) peak = Math.max(peak, energy[i] - noiseTotal);
        return Math.max(peak, 3 * noiseTotal);
    }
}
