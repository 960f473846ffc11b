package dev.wakegate.uplink.wyoming;

import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Replies and cues reach the player in a playable form, and the gate always hears when sound starts and stops. */
class PlaybackTest {

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(FakeHomeAssistant.TIMEOUT_SECONDS, TimeUnit.SECONDS), "timed out");
    }

    private static void reply(FakeHomeAssistant ha, PcmFormat format, byte[] audio) {
        ha.send(new WyomingMessage.AudioStart(format, 0L));
        for (int off = 0; off < audio.length; off += 2048)
            ha.send(new WyomingMessage.AudioChunk(format, null, Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 2048))));
        ha.send(new WyomingMessage.AudioStop(null));
    }

    @Test
    void withoutAnOutputDevicePlaybackIsSkippedWithOneWarningAndPlayedIsStillSent() throws Exception {
        // the simple logger writes to whatever System.err is at the moment of each line
        var captured = new java.io.ByteArrayOutputStream();
        var originalErr = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Player noDevice = (rate, channels) -> { throw new NoOutputException("Java Sound sees no audio output device"); };
        try (var uplink = TestUplinks.builder().player(noDevice).start(); var ha = FakeHomeAssistant.connect(uplink.address())) {
            ha.send(new WyomingMessage.RunSatellite());
            for (int i = 0; i < 3; i++) {
                reply(ha, new PcmFormat(22050, 2, 1), WyomingUplinkSessionTest.tone(22050, 0.2));
                ha.next(WyomingMessage.Played.class);
            }
        } finally {
            System.setErr(originalErr);
        }
        var warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(" WARN ") && l.contains("Speaker")).toList();
        assertEquals(1, warnings.size(), "one warning: " + warnings);
    }

    @Test
    void anyReplyWidthBecomes16BitWhileRateAndChannelsPassThrough() throws Exception {
        // given 24-bit stereo at 48 kHz, split into chunks that cut frames in half
        var player = new RecordingPlayer();
        var format = new PcmFormat(48_000, 3, 2);
        byte[] audio = new byte[6 * 1000];
        for (int i = 0; i < audio.length; i++) audio[i] = (byte) (i * 31 + 7);
        var played = new CountDownLatch(1);
        try (var speaker = new Speaker(player)) {
            speaker.replyStart(format);
            for (int off = 0; off < audio.length; off += 1000)
                speaker.replyChunk(format, Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 1000)));
            speaker.replyEnd(played::countDown);
            await(played);
        }

        // then the player got every sample's top 16 bits, at 48 kHz stereo
        var out = player.played().getFirst();
        assertEquals(48_000, out.rate());
        assertEquals(2, out.channels());
        byte[] expected = new byte[2 * 2000];
        for (int s = 0; s < 2000; s++) {
            expected[2 * s] = audio[3 * s + 1];
            expected[2 * s + 1] = audio[3 * s + 2];
        }
        assertArrayEquals(expected, out.pcm());
    }

    @Test
    void eightBitRepliesAreReadAsUnsignedLikeWavFiles() throws Exception {
        var player = new RecordingPlayer();
        var played = new CountDownLatch(1);
        try (var speaker = new Speaker(player)) {
            var format = new PcmFormat(8000, 1, 1);
            speaker.replyChunk(format, new byte[]{(byte) 128, (byte) 255, 0}); // no audio-start: the chunk's format is used
            speaker.replyEnd(played::countDown);
            await(played);
        }
        var out = player.played().getFirst();
        assertEquals(8000, out.rate());
        assertArrayEquals(new byte[]{0, 0, 0, 127, 0, (byte) 0x80}, out.pcm());
    }

    @Test
    void cuesPlayWhenASessionStartsAndEndsAndKeepTheDetectorDeafMeanwhile() throws Exception {
        var player = new RecordingPlayer();
        var signals = new RecordingListeners.Signals();
        try (var uplink = TestUplinks.builder().player(player).withCues().start(); var ha = FakeHomeAssistant.connect(uplink.address())) {
            uplink.onPlayback(signals);
            ha.send(new WyomingMessage.RunSatellite());
            ha.sync();

            var ended = new RecordingListeners.Ended();
            var session = uplink.open(new SessionRequest(1, TestUplinks.WORD, 0.9, 0.9, 0), ended);
            session.allow(); // the stream LED is on
            assertEquals("started", signals.next());
            assertEquals("finished", signals.next());
            session.finish();
            ha.send(new WyomingMessage.Transcript("hello", null));
            assertEquals(Status.OK, ended.await().status());
            assertEquals("started", signals.next());
            assertEquals("finished", signals.next());

            var clips = player.played();
            assertEquals(2, clips.size());
            assertArrayEquals(Cues.bundled("awake").pcm(), clips.get(0).pcm());
            assertArrayEquals(Cues.bundled("done").pcm(), clips.get(1).pcm());
            assertEquals(16_000, clips.get(0).rate());
        }
    }

    @Test
    void theBundledCuesAreShortAudible16kHzMono() {
        for (String name : List.of("awake", "done")) {
            Clip clip = Cues.bundled(name);
            assertEquals(PcmFormat.MIC, clip.format());
            assertTrue(clip.millis() > 100 && clip.millis() < 500, name + ": " + clip.millis() + " ms");
            short[] s = WavFixtures.shorts(clip.pcm());
            int peak = 0;
            for (short v : s) peak = Math.max(peak, Math.abs(v));
            assertTrue(peak > 3000 && peak < 16000, name + " peak " + peak);
        }
    }

    @Test
    void aReplyCutOffByALostConnectionStillEndsThePlaybackSignal() throws Exception {
        var signals = new RecordingListeners.Signals();
        try (var uplink = TestUplinks.builder().start()) {
            uplink.onPlayback(signals);
            var ha = FakeHomeAssistant.connect(uplink.address());
            ha.send(new WyomingMessage.RunSatellite());
            var format = new PcmFormat(22050, 2, 1);
            ha.send(new WyomingMessage.AudioStart(format, 0L));
            ha.send(new WyomingMessage.AudioChunk(format, 0L, new byte[2048]));
            ha.sync();
            assertEquals("started", signals.next());
            ha.close();
            assertEquals("finished", signals.next(), "the detector must not stay deaf for ever");
        }
    }

    @Test
    void thePlayCommandGetsTheReplyOnItsInputWithRateAndChannelsFilledIn(@TempDir Path dir) throws Exception {
        var player = new CommandPlayer("sh -c 'cat > \"$0\"' " + dir.resolve("reply-{rate}-{channels}.raw"));
        byte[] audio = WyomingUplinkSessionTest.tone(22050, 0.3);
        var played = new CountDownLatch(1);
        try (var speaker = new Speaker(player)) {
            var format = new PcmFormat(22050, 2, 1);
            speaker.replyStart(format);
            speaker.replyChunk(format, audio);
            speaker.replyEnd(played::countDown);
            await(played);
        }
        assertArrayEquals(audio, Files.readAllBytes(dir.resolve("reply-22050-1.raw")));
    }

    @Test
    void aPlayCommandThatCannotRunMeansNoOutput() {
        var player = new CommandPlayer("/nonexistent/aplay -r {rate}");
        assertThrows(NoOutputException.class, () -> player.open(22050, 1));
        assertThrows(IllegalArgumentException.class, () -> new CommandPlayer("aplay -r {sample_rate}"));
        assertThrows(IllegalArgumentException.class, () -> new CommandPlayer("aplay 'unclosed"));
        assertThrows(IllegalArgumentException.class, () -> new CommandPlayer("   "));
    }

    @Test
    void commandLinesSplitLikeAShell() {
        assertEquals(List.of("aplay", "-D", "plughw:CARD=seeed2micvoicec,DEV=0", "-r", "{rate}"),
                CommandLineSplitter.split("aplay  -D plughw:CARD=seeed2micvoicec,DEV=0 -r {rate}"));
        assertEquals(List.of("sh", "-c", "cat > 'x y'", "a\"b", "c d", ""),
                CommandLineSplitter.split("sh -c \"cat > 'x y'\" a\\\"b 'c d' ''"));
    }

    @Test
    void javaSoundEitherOpensAnOutputOrReportsThatThereIsNone() {
        try {
            new JavaSoundPlayer().open(22050, 1).close();
        } catch (NoOutputException none) {
            assertFalse(none.getMessage().isBlank());
        } catch (IOException e) {
            fail("only NoOutputException may say that nothing can be played: " + e);
        }
    }

    @Test
    void theFallbackResamplerKeepsLevelAndLengthAndUpmixes() {
        var r = new LinearResampler(16_000, 48_000, 1, 2);
        short[] level = new short[1600];
        Arrays.fill(level, (short) 1000);
        byte[] in = WavFixtures.s16(level);
        int frames = 0;
        for (int block = 0; block < 10; block++) {
            byte[] out = r.process(in, 0, in.length);
            short[] s = WavFixtures.shorts(out);
            for (short v : s) assertEquals(1000, v);
            frames += s.length / 2;
        }
        assertEquals(48_000, frames, 3);
    }
}
