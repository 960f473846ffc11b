package dev.wakegate.audio;

import dev.wakegate.testing.Signals;
import dev.wakegate.testing.TestData;
import dev.wakegate.testing.WavFixtures;
import dev.wakegate.testing.WavFixtures.Format;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static dev.wakegate.testing.UserErrors.assertUserError;
import static dev.wakegate.testing.WavFixtures.f32;
import static dev.wakegate.testing.WavFixtures.f64;
import static dev.wakegate.testing.WavFixtures.s16;
import static dev.wakegate.testing.WavFixtures.s24;
import static dev.wakegate.testing.WavFixtures.s32;
import static dev.wakegate.testing.WavFixtures.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WAV files of every supported kind decode to 16 kHz mono int16; every unsupported or broken one is refused in one line. */
class WavReaderTest {
    @TempDir
    Path dir;

    /** int16 reference values: the extremes, the values around zero, and pseudo-random ones. */
    static short[] reference(int count) {
        short[] ref = new short[count];
        short[] edges = {Short.MIN_VALUE, Short.MIN_VALUE + 1, -256, -255, -1, 0, 1, 255, 256, Short.MAX_VALUE - 1, Short.MAX_VALUE};
        System.arraycopy(edges, 0, ref, 0, edges.length);
        var rnd = new SplittableRandom(7);
        for (int i = edges.length; i < count; i++) ref[i] = (short) rnd.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        return ref;
    }

    static short[] decode(Path file, int channel) throws IOException {
        try (var source = WavReader.open(file, channel)) {
            return TestData.drain(source);
        }
    }

    static short[] decode(Path file) throws IOException {
        return decode(file, InputFormat.DOWNMIX);
    }

    @Nested
    class SixteenKiloHertzSixteenBit {
        @Test
        void sixteenBitMonoPassesThroughBitExact() throws IOException {
            // given: every interesting int16 value in a 16 kHz mono 16-bit file
            short[] ref = reference(20_000);
            Path file = WavFixtures.internal(ref).writeTo(dir, "exact.wav");
            // when
            short[] decoded = decode(file);
            // then
            assertArrayEquals(ref, decoded);
        }

        @Test
        void aRealRecordingDecodesToTheSamplesInItsDataChunk() throws IOException {
            // given: a real 16 kHz mono WAV, and its data chunk found by walking the RIFF chunks here
            Path file = TestData.dev(TestData.VOICE, "enroll/1.wav");
            short[] expected = dataChunkSamples(Files.readAllBytes(file));
            // when
            short[] decoded = decode(file);
            // then
            assertTrue(expected.length > 8_000, "the take holds at least half a second");
            assertArrayEquals(expected, decoded);
        }

        @Test
        void chunksBeforeTheDataChunkAreSkippedIncludingTheirPadByte() throws IOException {
            // given: a LIST chunk of odd length between fmt and data
            short[] ref = reference(1_000);
            Path file = WavFixtures.internal(ref).chunkBeforeData("LIST", "INFOISFT\u0005\0\0\0sox14".getBytes(StandardCharsets.US_ASCII))
                    .writeTo(dir, "list.wav");
            // when / then
            assertArrayEquals(ref, decode(file));
        }

        @Test
        void streamedWavWithUnknownDataSizeIsReadToTheEndOfTheFile() throws IOException {
            // given: RIFF and data sizes 0xFFFFFFFF, as arecord writes to a pipe
            short[] ref = reference(12_345);
            Path file = WavFixtures.internal(ref).streamed().writeTo(dir, "streamed.wav");
            // when
            short[] decoded = decode(file);
            // then: every sample up to EOF, no more, no fewer
            assertArrayEquals(ref, decoded);
        }

        /** An independent reader of the data chunk of a 16-bit PCM WAV. */
        private static short[] dataChunkSamples(byte[] wav) {
            var b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
            int pos = 12;
            while (pos + 8 <= wav.length) {
                String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
                int size = b.getInt(pos + 4);
                if (id.equals("fmt ")) {
                    assertEquals(1, b.getShort(pos + 8), "PCM");
                    assertEquals(1, b.getShort(pos + 10), "mono");
                    assertEquals(16_000, b.getInt(pos + 12), "16 kHz");
                    assertEquals(16, b.getShort(pos + 22), "16-bit");
                }
                if (id.equals("data")) {
                    short[] s = new short[size / 2];
                    for (int i = 0; i < s.length; i++) s[i] = b.getShort(pos + 8 + 2 * i);
                    return s;
                }
                pos += 8 + size + (size & 1);
            }
            throw new AssertionError("no data chunk");
        }
    }

    @Nested
    class OtherSampleEncodings {
        /** The file's bytes for the reference values, and the int16 each stored sample stands for. */
        record Encoded(byte[] data, short[] expected) {}

        static Encoded encode(Format format, short[] ref) {
            int n = ref.length;
            short[] expected = ref.clone();
            byte[] data = switch (format) {
                case U8 -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = (ref[i] >> 8) + 128;                      // 8-bit keeps the top byte only
                        expected[i] = (short) ((v[i] - 128) << 8);
                    }
                    yield u8(v);
                }
                case S24 -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = (ref[i] << 8) | 0x5A; // extra resolution below the int16 LSB
                    yield s24(v);
                }
                case S32 -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = (ref[i] << 16) | 0x7FFF;
                    yield s32(v);
                }
                case F32 -> {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) v[i] = ref[i] / 32768f;
                    yield f32(v);
                }
                case F64 -> {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) v[i] = ref[i] / 32768.0;
                    yield f64(v);
                }
                case S16 -> s16(ref);
                default -> throw new IllegalArgumentException(format + " is not decoded");
            };
            return new Encoded(data, expected);
        }

        @ParameterizedTest(name = "{0} at 16 kHz decodes to the int16 values it stores, within 1 LSB")
        @EnumSource(value = Format.class, names = {"U8", "S16", "S24", "S32", "F32", "F64"})
        void integerAndFloatSamplesDecodeToTheRightInt16Values(Format format) throws IOException {
            // given
            var enc = encode(format, reference(5_000));
            Path file = WavFixtures.wav(format, 16_000, 1).data(enc.data()).writeTo(dir, format + ".wav");
            // when
            short[] decoded = decode(file);
            // then
            assertEquals(enc.expected().length, decoded.length);
            assertWithinOneLsb(enc.expected(), decoded);
        }

        @ParameterizedTest(name = "{0} in a WAVE_FORMAT_EXTENSIBLE header decodes like the plain header")
        @EnumSource(value = Format.class, names = {"S16", "S24", "S32", "F32", "F64"})
        void waveFormatExtensibleIsRead(Format format) throws IOException {
            // given
            var enc = encode(format, reference(3_000));
            Path file = WavFixtures.wav(format, 16_000, 1).extensible().data(enc.data()).writeTo(dir, "ext-" + format + ".wav");
            // when / then
            assertWithinOneLsb(enc.expected(), decode(file));
        }

        @Test
        void twentyFourValidBitsInAThirtyTwoBitExtensibleContainerAreRead() throws IOException {
            // given: 24-bit audio left-justified in 32-bit words, as many USB interfaces deliver it
            short[] ref = reference(3_000);
            int[] v = new int[ref.length];
            for (int i = 0; i < ref.length; i++) v[i] = (ref[i] << 16) | 0x1200;
            Path file = WavFixtures.wav(Format.S32, 16_000, 1).extensible().validBits(24).data(s32(v)).writeTo(dir, "24in32.wav");
            // when / then
            assertWithinOneLsb(ref, decode(file));
        }

        @Test
        void floatBeyondFullScaleClipsInsteadOfWrappingAround() throws IOException {
            // given: float samples over full scale (legal in float WAVs)
            Path file = WavFixtures.wav(Format.F32, 16_000, 1).data(f32(1.0f, 1.5f, -1.0f, -3.0f, 0.5f)).writeTo(dir, "hot.wav");
            // when
            short[] decoded = decode(file);
            // then
            assertArrayEquals(new short[]{Short.MAX_VALUE, Short.MAX_VALUE, Short.MIN_VALUE, Short.MIN_VALUE, 16_384}, decoded);
        }

        private static void assertWithinOneLsb(short[] expected, short[] actual) {
            assertEquals(expected.length, actual.length, "sample count");
            for (int i = 0; i < expected.length; i++) {
                int e = expected[i], a = actual[i];
                if (Math.abs(e - a) > 1) throw new AssertionError("sample " + i + ": expected " + e + " ±1, was " + a);
            }
        }
    }

    @Nested
    class Channels {
        /** Six channels, each recognisable: channel c holds 1000·(c+1) plus a ramp (S16, 16 kHz). */
        private Path sixChannels() {
            int frames = 4_000, ch = 6;
            short[] inter = new short[frames * ch];
            for (int f = 0; f < frames; f++)
                for (int c = 0; c < ch; c++) inter[f * ch + c] = (short) (1000 * (c + 1) + (f % 100) * (c % 2 == 0 ? 1 : -1));
            return WavFixtures.wav(Format.S16, 16_000, ch).data(s16(inter)).writeTo(dir, "six.wav");
        }

        @ParameterizedTest(name = "--channel {0} of six keeps exactly that channel")
        @ValueSource(ints = {0, 3, 5})
        void channelOptionPicksExactlyThatChannel(int channel) throws IOException {
            // given
            Path file = sixChannels();
            // when
            short[] decoded = decode(file, channel);
            // then
            assertEquals(4_000, decoded.length);
            for (int f = 0; f < decoded.length; f++)
                assertEquals(1000 * (channel + 1) + (f % 100) * (channel % 2 == 0 ? 1 : -1), decoded[f], "frame " + f);
        }

        @Test
        void withoutChannelOptionAllChannelsAreAveraged() throws IOException {
            // given: the ramps cancel in the mean, which is 3500
            Path file = sixChannels();
            // when
            short[] decoded = decode(file);
            // then
            for (int f = 0; f < decoded.length; f++) assertEquals(3500, decoded[f], 1, "frame " + f);
        }

        @Test
        void stereoChannelsArePickedOrAveraged() throws IOException {
            // given: a tone on the left, its inverse plus an offset on the right
            short[] left = reference(2_000), right = new short[2_000], inter = new short[4_000];
            for (int i = 0; i < left.length; i++) {
                right[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, -left[i] / 2 + 100));
                inter[2 * i] = left[i];
                inter[2 * i + 1] = right[i];
            }
            Path file = WavFixtures.wav(Format.S16, 16_000, 2).data(s16(inter)).writeTo(dir, "stereo.wav");
            // when
            short[] l = decode(file, 0), r = decode(file, 1), mean = decode(file);
            // then
            assertArrayEquals(left, l);
            assertArrayEquals(right, r);
            for (int i = 0; i < mean.length; i++) assertEquals((left[i] + right[i]) / 2.0, mean[i], 1.0, "frame " + i);
        }

        @Test
        void channelOutOfRangeIsRefusedWithTheRangeThatExists() {
            // given
            Path file = WavFixtures.wav(Format.S16, 16_000, 2).data(s16(new short[200])).writeTo(dir, "stereo.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, 2), "stereo.wav", "channel 2", "--channel 0-1");
            assertUserError(() -> WavReader.open(file, -2), "stereo.wav", "channel -2", "--channel 0-1");
        }

        @Test
        void aSampleRateOutsideTheSupportedRangeIsRefusedWithTheConversionCommand() {
            // given: 2 kHz, below the 4 kHz wakegate reads
            Path file = WavFixtures.wav(Format.S16, 2_000, 1).data(s16(new short[200])).writeTo(dir, "slow.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "slow.wav", "2000 Hz", "sox");
        }
    }

    @Nested
    class Resampling {
        @ParameterizedTest(name = "{0} Hz input becomes 16 kHz of the same duration, tone frequency and level")
        @ValueSource(ints = {44_100, 48_000, 8_000, 22_050})
        void otherRatesAreResampledKeepingDurationFrequencyAndLevel(int rate) throws IOException {
            // given: 2 s of a 1 kHz tone at -9 dBFS RMS (peak 0.5)
            double seconds = 2.0, hz = 1_000;
            double[] tone = Signals.tone(hz, rate, seconds, 0.5);
            Path file = WavFixtures.wav(Format.S16, rate, 1).mono(tone).writeTo(dir, rate + ".wav");
            // when
            short[] out = decode(file);
            // then: duration within 1 %
            assertEquals(seconds * 16_000, out.length, seconds * 16_000 * 0.01, "output samples");
            // and the tone keeps its frequency (zero crossings away from the edges) and level (within 0.5 dB)
            int from = 1_600, to = out.length - 1_600;
            double measuredHz = Signals.zeroCrossings(out, from, to) / 2.0 / ((to - from) / 16_000.0);
            assertEquals(hz, measuredHz, hz * 0.01, "frequency");
            assertEquals(Signals.rmsDbfs(tone), Signals.rmsDbfs(out, from, to), 0.5, "level in dBFS");
        }

        @Test
        void multiChannelHighRateFloatIsDownmixedAndResampled() throws IOException {
            // given: 48 kHz stereo float, the same 500 Hz tone in both channels
            double[] tone = Signals.tone(500, 48_000, 1.0, 0.25);
            Path file = WavFixtures.wav(Format.F32, 48_000, 2).channels(tone, tone).writeTo(dir, "f32-48k.wav");
            // when
            short[] out = decode(file);
            // then
            assertEquals(16_000, out.length, 160);
            int from = 1_600, to = out.length - 1_600;
            assertEquals(500, Signals.zeroCrossings(out, from, to) / 2.0 / ((to - from) / 16_000.0), 5);
            assertEquals(Signals.rmsDbfs(tone), Signals.rmsDbfs(out, from, to), 0.5);
        }
    }

    @Nested
    class Refusals {
        private Path tone16k(String name, double seconds) {
            return WavFixtures.wav(Format.S16, 16_000, 1).mono(Signals.tone(440, 16_000, seconds, 0.3)).writeTo(dir, name);
        }

        @Test
        void truncatedWavIsRefusedWithOneLine() {
            // given: a header promising 2 s, cut after 1 s of audio
            var wav = WavFixtures.wav(Format.S16, 16_000, 1).mono(Signals.tone(440, 16_000, 2.0, 0.3));
            Path file = wav.truncatedTo(wav.headerLength() + 32_000).writeTo(dir, "cut.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "cut.wav", "truncated", "2.00 s", "1.00 s");
        }

        @Test
        void wavCutInsideItsHeaderIsRefusedWithOneLine() {
            // given: only the first 30 bytes (inside the fmt chunk)
            Path file = WavFixtures.wav(Format.S16, 16_000, 1).mono(new double[100]).truncatedTo(30).writeTo(dir, "stub.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "stub.wav", "truncated");
        }

        @Test
        void textFileNamedWavIsRefusedWithOneLine() {
            // given
            Path file = WavFixtures.writeBytes(dir, "notes.wav", "shopping list: milk, eggs\n".getBytes(StandardCharsets.UTF_8));
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "notes.wav", "not a WAV file");
        }

        @Test
        void emptyFileIsRefusedWithOneLine() {
            // given
            Path file = WavFixtures.writeBytes(dir, "empty.wav", new byte[0]);
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "empty.wav", "0 bytes");
        }

        @Test
        void aLawIsRefusedWithTheConversionCommand() {
            // given
            Path file = WavFixtures.wav(Format.ALAW, 8_000, 1).data(new byte[800]).writeTo(dir, "phone.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "phone.wav", "A-law", "sox");
        }

        @Test
        void muLawIsRefusedWithTheConversionCommand() {
            // given
            Path file = WavFixtures.wav(Format.MULAW, 8_000, 1).data(new byte[800]).writeTo(dir, "phone.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "phone.wav", "µ-law", "sox");
        }

        @Test
        void missingFileIsRefusedWithOneLine() {
            // given
            Path file = dir.resolve("nowhere.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "nowhere.wav", "no such file");
        }

        @Test
        void aWavWithNoSamplesIsRefusedWithOneLine() {
            // given: a valid header and an empty data chunk
            Path file = WavFixtures.internal(new short[0]).writeTo(dir, "nothing.wav");
            // when / then
            assertUserError(() -> WavReader.open(file, InputFormat.DOWNMIX), "nothing.wav", "no audio");
        }

        @Test
        void aCompleteFileIsNotMistakenForATruncatedOne() throws IOException {
            // given: the control case for the refusals above
            Path file = tone16k("whole.wav", 1.0);
            // when / then
            assertEquals(16_000, decode(file).length);
        }
    }
}
