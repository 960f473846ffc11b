package dev.wakegate.audio;

import dev.wakegate.audio.AudioInputs.RawFormat;
import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.testing.WavFixtures.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static dev.wakegate.testing.UserErrors.assertUserError;
import static dev.wakegate.testing.WavFixtures.s16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inputs named on the command line: a path is a WAV file; "-" is stdin, a WAV stream or raw PCM. */
class AudioInputsTest {
    @TempDir
    Path dir;

    private static short[] read(String input, RawFormat raw, int channel, InputStream stdin) throws IOException {
        try (var source = AudioInputs.open(input, raw, channel, stdin)) {
            return TestData.drain(source);
        }
    }

    private static double frequency(short[] x) {
        int from = 1_600, to = x.length - 1_600;
        return Signals.zeroCrossings(x, from, to) / 2.0 / ((to - from) / 16_000.0);
    }

    @Test
    void wavStreamOnStdinIsDetectedByItsRiffHeader() throws IOException {
        // given: a streamed 48 kHz stereo float WAV on stdin, while the raw-PCM options say 16 kHz mono S16
        double[] tone = Signals.tone(750, 48_000, 1.5, 0.25);
        byte[] wav = WavFixtures.wav(Format.F32, 48_000, 2).channels(tone, tone).streamed().bytes();
        // when
        try (var source = AudioInputs.open(AudioInputs.STDIN, RawFormat.DEFAULT, InputFormat.DOWNMIX, new ByteArrayInputStream(wav))) {
            short[] out = TestData.drain(source);
            // then: decoded by its header, not as raw bytes
            assertEquals(new InputFormat(SampleEncoding.F32_LE, 48_000, 2, InputFormat.DOWNMIX), source.format());
            assertEquals("stdin", source.name());
            assertEquals(24_000, out.length, 240);
            assertEquals(750, frequency(out), 7.5);
        }
    }

    @Test
    void rawPcmOnStdinUsesTheGivenRateAndChannels() throws IOException {
        // given: raw 8 kHz stereo S16, a 1 kHz tone on channel 1 and silence on channel 0
        double[] tone = Signals.tone(1_000, 8_000, 2.0, 0.5);
        short[] interleaved = new short[tone.length * 2];
        for (int i = 0; i < tone.length; i++) interleaved[2 * i + 1] = (short) Math.round(tone[i] * 32767);
        byte[] pcm = s16(interleaved);
        var format = new RawFormat(SampleEncoding.S16_LE, 8_000, 2);
        // when
        short[] picked = read(AudioInputs.STDIN, format, 1, new ByteArrayInputStream(pcm));
        short[] silent = read(AudioInputs.STDIN, format, 0, new ByteArrayInputStream(pcm));
        // then: 2 s at 16 kHz, the tone where it was, silence where it was
        assertEquals(32_000, picked.length, 320);
        assertEquals(1_000, frequency(picked), 10);
        assertEquals(Signals.rmsDbfs(tone), Signals.rmsDbfs(picked, 1_600, picked.length - 1_600), 0.5);
        assertEquals(Double.NEGATIVE_INFINITY, Signals.rmsDbfs(silent, 0, silent.length));
    }

    @Test
    void rawSixteenKiloHertzMonoOnStdinPassesThroughBitExact() throws IOException {
        // given
        short[] ref = WavReaderTest.reference(10_001);
        // when
        short[] out = read(AudioInputs.STDIN, RawFormat.DEFAULT, InputFormat.DOWNMIX, new ByteArrayInputStream(s16(ref)));
        // then
        assertArrayEquals(ref, out);
    }

    @Test
    void rawPcmShorterThanARiffHeaderIsStillAudio() throws IOException {
        // given: one sample (2 bytes) on stdin
        // when
        short[] out = read(AudioInputs.STDIN, RawFormat.DEFAULT, InputFormat.DOWNMIX, new ByteArrayInputStream(s16((short) -1234)));
        // then
        assertArrayEquals(new short[]{-1234}, out);
    }

    @Test
    void emptyStdinIsRefusedWithOneLine() {
        // given
        var stdin = new ByteArrayInputStream(new byte[0]);
        // when / then
        assertUserError(() -> AudioInputs.open(AudioInputs.STDIN, RawFormat.DEFAULT, InputFormat.DOWNMIX, stdin), "stdin", "empty");
    }

    @Test
    void rawChannelOutOfRangeIsRefusedNamingTheOptions() {
        // given: raw stereo, channel 2 asked for
        var format = new RawFormat(SampleEncoding.S16_LE, 16_000, 2);
        // when / then
        assertUserError(() -> AudioInputs.open(AudioInputs.STDIN, format, 2, new ByteArrayInputStream(new byte[64])),
                "stdin", "channel 2", "--channels");
    }

    @Test
    void wavOnStdinWithChannelOutOfRangeIsRefusedWithTheRangeThatExists() {
        // given
        byte[] wav = WavFixtures.wav(Format.S16, 16_000, 2).data(new byte[400]).bytes();
        // when / then
        assertUserError(() -> AudioInputs.open(AudioInputs.STDIN, RawFormat.DEFAULT, 5, new ByteArrayInputStream(wav)),
                "stdin", "channel 5", "0-1");
    }

    @Test
    void aPathIsOpenedAsAWavFile() throws IOException {
        // given
        short[] ref = WavReaderTest.reference(3_000);
        Path file = WavFixtures.internal(ref).writeTo(dir, "take.wav");
        // when
        short[] out = read(file.toString(), RawFormat.DEFAULT, InputFormat.DOWNMIX, InputStream.nullInputStream());
        // then
        assertArrayEquals(ref, out);
    }
}
