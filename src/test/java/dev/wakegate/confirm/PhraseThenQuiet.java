package dev.wakegate.confirm;

import dev.wakegate.detect.Detection;
import dev.wakegate.detect.HeardWord;
import dev.wakegate.testing.Labels;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;

/**
 * A dev voice's "hey computer" (its 4th positive, with 0.3 s either side), then a quiet room: what a confirmer hears
 * when the detector found the phrase, or only the quiet stretch after it.
 *
 * @param phrase the wake phrase alone
 * @param audio  the phrase, then the quiet stretch
 */
record PhraseThenQuiet(short[] phrase, short[] audio) {
    static short[] wakePhrase(String voice) {
        var p = Labels.positive(voice, "04.wav");
        return Signals.cut(TestData.samples(TestData.dev(voice, "positives/04.wav")), p.wake().start() - 0.3, p.wake().end() + 0.3);
    }

    static PhraseThenQuiet of(String voice, int quietSamples) {
        short[] phrase = wakePhrase(voice);
        return new PhraseThenQuiet(phrase, Signals.concat(phrase, Signals.whiteNoise(7, quietSamples, -60)));
    }

    /** Detected on the quiet stretch alone. */
    HeardWord besideIt() {
        return new HeardWord(new Detection("hey-computer", phrase.length, audio.length, 0.9, audio.length), audio, 0);
    }

    /** Detected on the phrase. */
    HeardWord onIt() {
        return new HeardWord(new Detection("hey-computer", 4_800, phrase.length - 4_800, 0.9, audio.length), audio, 0);
    }
}
