package dev.wakegate.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputFormatTest {
    @Test
    void onlySixteenBitSixteenKiloHertzWithOneChannelKeptNeedsNoConversion() {
        // given / when / then
        assertTrue(new InputFormat(SampleEncoding.S16_LE, 16_000, 1, InputFormat.DOWNMIX).isInternal());
        assertTrue(new InputFormat(SampleEncoding.S16_LE, 16_000, 4, 2).isInternal(), "one channel picked: a plain copy");
        assertFalse(new InputFormat(SampleEncoding.S16_LE, 16_000, 2, InputFormat.DOWNMIX).isInternal(), "averaging is arithmetic");
        assertFalse(new InputFormat(SampleEncoding.S16_LE, 48_000, 1, InputFormat.DOWNMIX).isInternal());
        assertFalse(new InputFormat(SampleEncoding.S24_LE, 16_000, 1, InputFormat.DOWNMIX).isInternal());
    }

    @Test
    void frameBytesIsSampleWidthTimesChannels() {
        // when / then
        assertEquals(18, new InputFormat(SampleEncoding.S24_LE, 48_000, 6, InputFormat.DOWNMIX).frameBytes());
        assertEquals(16, new InputFormat(SampleEncoding.F64_LE, 44_100, 2, 1).frameBytes());
    }

    @Test
    void impossibleFormatsAreRefusedWithTheValueAndTheAllowedRange() {
        // given / when
        var rate = assertThrows(IllegalArgumentException.class, () -> new InputFormat(SampleEncoding.S16_LE, 1_000, 1, -1));
        var channels = assertThrows(IllegalArgumentException.class, () -> new InputFormat(SampleEncoding.S16_LE, 16_000, 0, -1));
        var channel = assertThrows(IllegalArgumentException.class, () -> new InputFormat(SampleEncoding.S16_LE, 16_000, 2, 2));
        // then
        assertEquals("sample rate 1000 Hz is outside 4000-384000", rate.getMessage());
        assertEquals("0 channels is outside 1-64", channels.getMessage());
        assertEquals("channel 2 does not exist (the input has 2 channels, numbered 0-1)", channel.getMessage());
    }

    @Test
    void describeNamesEncodingRateAndChannels() {
        // when / then
        assertEquals("24-bit signed, 48000 Hz, 2 channels", new InputFormat(SampleEncoding.S24_LE, 48_000, 2, -1).describe());
        assertEquals("16-bit signed, 16000 Hz, 1 channel", new InputFormat(SampleEncoding.S16_LE, 16_000, 1, -1).describe());
    }
}
