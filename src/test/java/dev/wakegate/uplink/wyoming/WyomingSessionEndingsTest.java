package dev.wakegate.uplink.wyoming;

import dev.wakegate.uplink.SessionOutcome;
import dev.wakegate.uplink.SessionOutcome.Status;
import dev.wakegate.uplink.SessionRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every way a session ends, and that nothing is sent after it has. */
class WyomingSessionEndingsTest {
    private static final short[] TENTH_SECOND = new short[1600];

    static {
        for (int i = 0; i < TENTH_SECOND.length; i++) TENTH_SECOND[i] = (short) (i * 7);
    }

    private static SessionRequest request(long id) {
        return new SessionRequest(id, TestUplinks.WORD, 0.9, 0.8, 1.0);
    }

    /** Connects, runs the satellite and waits until it is ready. */
    private static FakeHomeAssistant running(WyomingUplink uplink) throws Exception {
        var ha = FakeHomeAssistant.connect(uplink.address());
        ha.send(new WyomingMessage.RunSatellite());
        ha.sync();
        assertTrue(uplink.ready());
        return ha;
    }

    /** Reads the opening events and the first audio chunk of a session. */
    private static void expectOpeningAndAudio(FakeHomeAssistant ha) {
        ha.next(WyomingMessage.Detection.class);
        ha.next(WyomingMessage.RunPipeline.class);
        ha.next(WyomingMessage.AudioChunk.class);
    }

    private static boolean isAudio(WyomingMessage m) {
        return m instanceof WyomingMessage.AudioChunk || m instanceof WyomingMessage.AudioStop;
    }

    @Test
    void withNoServerConnectedTheSessionEndsAtOnceAndNothingIsSent() throws Exception {
        try (var uplink = TestUplinks.builder().start()) {
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(1), ended);
            session.allow(); // the stream LED is on
            var outcome = ended.await();
            assertEquals(Status.NO_SERVER, outcome.status());
            assertEquals(0, outcome.bytesSent());
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length); // harmless
            session.finish();
            assertEquals(1, ended.total());
        }
    }

    @Test
    void aConnectedServerThatHasNotSentRunSatelliteGetsNothing() throws Exception {
        try (var uplink = TestUplinks.builder().start(); var ha = FakeHomeAssistant.connect(uplink.address())) {
            ha.send(new WyomingMessage.Describe());
            ha.next(WyomingMessage.Info.class);
            assertEquals(List.of(), ha.sync());

            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(2), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.finish();

            assertEquals(Status.NO_SERVER, ended.await().status());
            assertEquals(List.of(), ha.sync(), "not a single event reached the server");
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheSameText() throws Exception {
        try (var uplink = TestUplinks.builder().start(); var ha = FakeHomeAssistant.connect(uplink.address())) {
            ha.send(new WyomingMessage.Ping("are you there"));
            assertEquals(new WyomingMessage.Pong("are you there"), ha.next());
        }
    }

    @Test
    void pauseSatelliteDuringASessionAbortsItAndNoFurtherAudioIsSent() throws Exception {
        var signals = new RecordingListeners.Signals();
        try (var uplink = TestUplinks.builder().start(); var ha = running(uplink)) {
            uplink.onControl(signals);
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(3), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            expectOpeningAndAudio(ha);

            // when the server pauses the satellite
            ha.send(new WyomingMessage.PauseSatellite());
            ha.sync();

            // then the session is aborted and the gate is told; it may decide to pause
            var outcome = ended.await();
            assertEquals(Status.ABORTED, outcome.status());
            assertEquals("paused", signals.next());
            assertFalse(uplink.ready());

            // and audio the gate still sends goes nowhere
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.finish();
            assertEquals(List.of(), ha.sync().stream().filter(WyomingSessionEndingsTest::isAudio).toList());
            assertEquals(List.of(), ha.sync(), "nothing at all after the pause");

            // and a new session is refused until run-satellite
            var next = new RecordingListeners.Ended();
            uplink.open(request(4), next).allow();
            assertEquals(Status.NO_SERVER, next.await().status());
            ha.send(new WyomingMessage.RunSatellite());
            ha.sync();
            assertEquals("resumed", signals.next());
            assertTrue(uplink.ready());
        }
    }

    @Test
    void voiceStoppedFromTheServerEndsTheStreamAndTheTranscriptEndsTheSession() throws Exception {
        try (var uplink = TestUplinks.builder().start(); var ha = running(uplink)) {
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(5), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.send(TENTH_SECOND, 0, 1000); // 1600 + 1000 samples: two full chunks of 1024, 552 buffered
            expectOpeningAndAudio(ha);

            ha.send(new WyomingMessage.VoiceStopped(150L));
            var rest = ha.sync();
            assertTrue(rest.size() <= 1, "at most the chunk already queued; not the buffered rest, no audio-stop: " + rest);
            long audioBytes = 2048;
            for (var m : rest) audioBytes += ((WyomingMessage.AudioChunk) m).audio().length;

            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.finish();
            assertEquals(List.of(), ha.sync(), "no audio and no audio-stop after voice-stopped");
            assertFalse(ended.hasEnded(), "the session waits for the transcript");

            ha.send(new WyomingMessage.Transcript("lights off", null));
            var outcome = ended.await();
            assertEquals(Status.OK, outcome.status());
            assertEquals(audioBytes, outcome.bytesSent(), "the audio Home Assistant received");
        }
    }

    @Test
    void anErrorFromTheServerFailsTheSession() throws Exception {
        var outcome = outcomeAfterServerError(6, new WyomingMessage.ErrorMessage("No text recognized", "stt-no-text-recognized"));
        assertEquals(Status.FAILED, outcome.status());
        assertEquals("server error: stt-no-text-recognized", outcome.detail());
        assertNull(outcome.reply());
    }

    @Test
    void aServerErrorCodeReachesTheAuditAndLogsWithoutControlCharactersAndCutShort() throws Exception {
        var outcome = outcomeAfterServerError(8, new WyomingMessage.ErrorMessage("x", "fail\nwakegate: session=9 ok\u001b[2J" + "z".repeat(500)));
        assertEquals(Status.FAILED, outcome.status());
        String shown = "fail?wakegate: session=9 ok?[2J";
        assertEquals("server error: " + shown + "z".repeat(40 - shown.length()) + "…", outcome.detail());
    }

    /** A session that sent a tenth of a second and finished, when Home Assistant answers with {@code error}. */
    private static SessionOutcome outcomeAfterServerError(int sessionId, WyomingMessage.ErrorMessage error) throws Exception {
        try (var uplink = TestUplinks.builder().start(); var ha = running(uplink)) {
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(sessionId), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.finish();
            ha.send(error);
            return ended.await();
        }
    }

    @Test
    void abortDropsUnsentAudioAndClosesTheConnectionSoHomeAssistantCancelsItsPipeline() throws Exception {
        try (var uplink = TestUplinks.builder().start(); var ha = running(uplink)) {
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(7), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            expectOpeningAndAudio(ha);

            session.abort("muted");
            var outcome = ended.await();
            assertEquals(Status.ABORTED, outcome.status());
            assertEquals("muted", outcome.detail());
            List<WyomingMessage> after = ha.awaitClosed();
            assertTrue(after.stream().noneMatch(m -> m instanceof WyomingMessage.AudioStop), "no audio-stop: " + after);
            assertFalse(uplink.ready());
        }
    }

    @Test
    void losingTheConnectionFailsTheSession() throws Exception {
        try (var uplink = TestUplinks.builder().start()) {
            var ha = running(uplink);
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(8), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            expectOpeningAndAudio(ha);
            String haAddress = "127.0.0.1:" + ha.localPort();
            ha.close();
            var outcome = ended.await();
            assertEquals(Status.FAILED, outcome.status());
            assertEquals("connection lost", outcome.detail());
            assertEquals(haAddress, outcome.peer(), "the audit names the server the audio went to, even after it is gone");
            assertTrue(outcome.bytesSent() > 0);
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.finish();
            assertEquals(1, ended.total());
        }
    }

    @Test
    void noReplyWithinTheTimeoutFailsTheSession() throws Exception {
        try (var uplink = TestUplinks.builder().replyTimeout(Duration.ofMillis(200)).start(); var ha = running(uplink)) {
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(9), ended);
            session.allow(); // the stream LED is on
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            session.finish();
            var outcome = ended.await();
            assertEquals(Status.FAILED, outcome.status());
            assertTrue(outcome.detail().startsWith("no reply"), outcome.detail());
            assertEquals(TENTH_SECOND.length * 2, outcome.bytesSent());
            assertInstanceOf(WyomingMessage.AudioStop.class, ha.sync().getLast(), "the stream itself was complete");
        }
    }

    @Test
    void aServerThatStopsReadingFailsTheSessionWithoutEverBlockingTheGate() throws Exception {
        try (var uplink = TestUplinks.builder().queueFrames(16).start();
             var stalled = FakeHomeAssistant.connectStalled(uplink.address())) {
            // given a server that sent run-satellite, then stopped reading
            var out = stalled.getOutputStream();
            out.write(EventWriter.encode(new WyomingMessage.RunSatellite().toEvent()));
            out.flush();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!uplink.ready()) {
                assertTrue(System.nanoTime() < deadline, "run-satellite not handled");
                Thread.onSpinWait();
            }

            // when the gate streams far more than the socket buffers and the queue hold
            var ended = new RecordingListeners.Ended();
            var session = uplink.open(request(10), ended);
            session.allow(); // the stream LED is on
            long start = System.nanoTime();
            short[] frame = new short[160];
            for (int i = 0; i < 200_000 && !ended.hasEnded(); i++) session.send(frame, 0, frame.length); // up to 2000 s of audio
            session.finish();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            // then the session fails as "uplink too slow", and sending never waited for the network
            var outcome = ended.await();
            assertEquals(Status.FAILED, outcome.status());
            assertEquals("uplink too slow", outcome.detail());
            assertTrue(elapsedMillis < 5_000, "send() blocked: " + elapsedMillis + " ms");
            assertTrue(outcome.bytesSent() < 2000L * 32_000, "bytesSent counts only what was written: " + outcome.bytesSent());
        }
    }

    @Test
    void closingTheUplinkAbortsTheSession() throws Exception {
        var ended = new RecordingListeners.Ended();
        var uplink = TestUplinks.builder().start();
        try (var ha = running(uplink)) {
            var session = uplink.open(request(11), ended);
            session.allow(); // the stream LED is on
            ha.next(WyomingMessage.Detection.class);
            session.send(TENTH_SECOND, 0, TENTH_SECOND.length);
            uplink.close();
            var outcome = ended.await();
            assertEquals(Status.ABORTED, outcome.status());
            assertEquals("shutdown", outcome.detail());
            ha.awaitClosed();
        }
    }
}
