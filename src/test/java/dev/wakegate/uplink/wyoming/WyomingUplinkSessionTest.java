package dev.wakegate.uplink.wyoming;

import dev.wakegate.testing.WavFixtures;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionRequest;
import dev.wakegate.uplink.Uplink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A whole satellite session over real TCP on 127.0.0.1, with a fake Home Assistant on the other end and the
 * uplink driven as the gate drives it.
 */
class WyomingUplinkSessionTest {
    private static final String POSITIVE = "corpus/dev/flite_slt/positives/01.wav";
    private static final int FRAME = 160; // the gate's 10 ms frames

    private static SessionRequest request(long id) {
        return new SessionRequest(id, TestUplinks.WORD, 0.93, 0.81, 12.34);
    }

    /** Feeds samples in 10 ms frames through a reused buffer, as the gate's pipeline does. */
    private static void feed(Uplink.Session session, short[] samples) {
        short[] frame = new short[FRAME];
        for (int off = 0; off < samples.length; off += FRAME) {
            int n = Math.min(FRAME, samples.length - off);
            System.arraycopy(samples, off, frame, 0, n);
            session.send(frame, 0, n);
            java.util.Arrays.fill(frame, (short) 0x7777); // the frame is overwritten after each call
        }
    }

    @Test
    void streamsAConfirmedCommandToHomeAssistantAndPlaysTheSpokenReply() throws Exception {
        byte[] wav = SharedWav.dataBytes(POSITIVE);
        var player = new RecordingPlayer();
        var signals = new RecordingListeners.Signals();
        try (var uplink = TestUplinks.builder().player(player).start();
             var ha = FakeHomeAssistant.connect(uplink.address())) {
            uplink.onPlayback(signals);
            uplink.onControl(signals);

            // given Home Assistant asked what we are and told us to run
            ha.send(new WyomingMessage.Describe());
            var info = ha.next(WyomingMessage.Info.class);
            @SuppressWarnings("unchecked") var satellite = (Map<String, Object>) info.data().get("satellite");
            assertEquals("Test Kitchen", satellite.get("name"));
            assertEquals("Kitchen", satellite.get("area"));
            assertEquals(List.of(TestUplinks.WORD), satellite.get("active_wake_words"));
            assertEquals(false, satellite.get("supports_trigger"), "the server may never start a pipeline remotely");
            ha.send(new WyomingMessage.RunSatellite());
            assertEquals(List.of(), ha.sync());
            assertTrue(uplink.ready());
            assertEquals("resumed", signals.next());

            // when the gate opens a session, streams the recording in 10 ms frames and finishes
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(7), ended);
            session.allow(); // the stream LED is on
            feed(session, WavFixtures.shorts(wav));
            session.finish();

            // then Home Assistant hears detection, run-pipeline, the exact bytes, audio-stop (no audio-start: its loop expects none)
            assertEquals(new WyomingMessage.Detection(TestUplinks.WORD, 0L), ha.next());
            assertEquals(new WyomingMessage.RunPipeline(PipelineStage.ASR, PipelineStage.TTS, TestUplinks.WORD, false), ha.next());
            var received = new ByteArrayOutputStream();
            WyomingMessage m;
            while ((m = ha.next()) instanceof WyomingMessage.AudioChunk chunk) {
                assertEquals(PcmFormat.MIC, chunk.format());
                assertTrue(chunk.audio().length <= WyomingSession.CHUNK_SAMPLES * 2, "chunks of at most 1024 samples");
                assertEquals(received.size() / 32L, chunk.timestamp(), "timestamp in ms from the session start");
                received.writeBytes(chunk.audio());
            }
            assertArrayEquals(wav, received.toByteArray(), "the samples given to send(), little-endian, nothing else");
            assertEquals(new WyomingMessage.AudioStop(wav.length / 32L), m);

            // when Home Assistant answers with a transcript and a spoken reply
            ha.send(new WyomingMessage.Transcribe("en"));
            ha.send(new WyomingMessage.VoiceStarted(300L));
            ha.send(new WyomingMessage.VoiceStopped(2100L));
            ha.send(new WyomingMessage.Transcript("what time is it", "en"));
            var outcome = ended.await();
            assertEquals(Status.OK, outcome.status());
            assertEquals("what time is it", outcome.reply());
            assertEquals(wav.length, outcome.bytesSent());
            assertEquals(7, outcome.sessionId());

            var tts = new PcmFormat(22050, 2, 1);
            byte[] reply = tone(tts.rate(), 0.5);
            ha.send(new WyomingMessage.Synthesize("It is ten past ten"));
            ha.send(new WyomingMessage.AudioStart(tts, 0L));
            for (int off = 0; off < reply.length; off += 2048)
                ha.send(new WyomingMessage.AudioChunk(tts, null, java.util.Arrays.copyOfRange(reply, off, Math.min(reply.length, off + 2048))));
            ha.send(new WyomingMessage.AudioStop(500L));

            // then the reply is played and Home Assistant hears "played"
            ha.next(WyomingMessage.Played.class);
            assertEquals(List.of(), ha.sync(), "nothing else was sent");
            var played = player.played();
            assertEquals(1, played.size());
            assertEquals(22050, played.getFirst().rate());
            assertEquals(1, played.getFirst().channels());
            assertArrayEquals(reply, played.getFirst().pcm());
            assertEquals(List.of("started", "finished"), signals.drain());
            assertEquals(1, ended.total(), "the listener hears exactly one end");
        }
    }

    static byte[] tone(int rate, double seconds) {
        short[] s = new short[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
        return WavFixtures.s16(s);
    }
}
