package dev.wakegate.detect.vosk;

import dev.wakegate.audio.Pcm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamClockTest {
    @Test
    void contiguousAudioMapsOneToOneFromWhereFeedingStarted() {
        var clock = new StreamClock();
        clock.fed(16_000, 800);
        clock.fed(16_800, 800);
        assertEquals(16_000 + Pcm.samples(0.05), clock.toStream(0.05));
        assertEquals(17_600, clock.streamEnd());
        assertEquals(1600, clock.fedSamples());
    }

    @Test
    void timesAfterASkipMapIntoTheLaterStretch() {
        var clock = new StreamClock();
        clock.fed(0, 16_000);             // 0-1 s of the stream
        clock.fed(80_000, 16_000);        // 5-6 s: the recognizer saw it as 1-2 s
        assertEquals(Pcm.samples(0.5), clock.toStream(0.5));
        assertEquals(Pcm.samples(5.25), clock.toStream(1.25));
    }

    @Test
    void onlyTheMostRecentStretchesAreRemembered() {
        var clock = new StreamClock();
        for (int i = 0; i < StreamClock.STRETCHES + 10; i++) clock.fed(i * 100_000L, 1000);
        long fedBeforeLast = (StreamClock.STRETCHES + 9) * 1000L;
        assertEquals((StreamClock.STRETCHES + 9) * 100_000L + 500, clock.toStream((fedBeforeLast + 500) / (double) Pcm.SAMPLE_RATE));
        // older than the oldest remembered stretch: placed in the oldest one (clamped), never negative
        long oldest = 10 * 100_000L;
        assertEquals(oldest, clock.toStream(0));
    }
}
