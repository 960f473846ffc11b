package dev.wakegate.uplink;

import dev.wakegate.uplink.http.HttpUplink;
import dev.wakegate.uplink.http.LoopbackReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP uplink against real servers on 127.0.0.1. */
class HttpUplinkTest {

    private static SSLContext systemTrust() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trusting(SelfSignedHttpsServer tls) {
        try {
            return tls.trustingContext();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static short[] tone(int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short) (i * 37);
        return s;
    }

    @Test
    void audioIsStreamedAsItIsCapturedNotBufferedToTheEnd() throws Exception {
        try (var server = new LoopbackReceiver();
             var uplink = new HttpUplink(server.uri(), Optional.of("secret"), HttpUplinkTest::systemTrust, Duration.ofSeconds(5), 10)) {
            var outcome = new CompletableFuture<SessionOutcome>();
            var session = uplink.open(new SessionRequest(1, "hey-computer", 0.9, 0.8, 1.0), outcome::complete);
            session.allow(); // the stream LED is on
            short[] first = tone(16_000);
            session.send(first, 0, first.length);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.bytesReceived() < 32_000 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertEquals(32_000, server.bytesReceived(), "the first second arrived before the session was finished");
            session.send(first, 0, 8000);
            session.finish();
            var result = outcome.get(5, TimeUnit.SECONDS);
            assertEquals(SessionOutcome.Status.OK, result.status());
            assertEquals(48_000, result.bytesSent());
            var request = server.requests().get(0);
            assertEquals(HttpUplink.CONTENT_TYPE, request.contentType());
            assertEquals("Bearer secret", request.authorization());
            assertEquals("hey-computer", request.word());
            assertEquals(48_000, request.bytes());
            assertEquals((byte) 37, request.body()[2], "little-endian 16-bit samples, unchanged");
            assertTrue(result.reply().contains("48000"), "the server's answer is the session's reply: " + result.reply());
        }
    }

    @Test
    void abortStopsTheStreamAndIsReportedAsAborted() throws Exception {
        try (var server = new LoopbackReceiver();
             var uplink = new HttpUplink(server.uri(), Optional.empty(), HttpUplinkTest::systemTrust, Duration.ofSeconds(5), 10)) {
            var outcome = new CompletableFuture<SessionOutcome>();
            var session = uplink.open(new SessionRequest(7, "w", 0.9, 0.8, 1.0), outcome::complete);
            session.allow(); // the stream LED is on
            session.send(tone(1600), 0, 1600);
            session.abort("muted");
            session.send(tone(1600), 0, 1600);
            var result = outcome.get(5, TimeUnit.SECONDS);
            assertEquals(SessionOutcome.Status.ABORTED, result.status());
            assertEquals("muted", result.detail());
            assertTrue(server.bytesReceived() <= 3200, "nothing sent after the abort: " + server.bytesReceived());
        }
    }

    @Test
    void httpsIsVerifiedAgainstTheSystemStoreOrTheGivenCa(@TempDir Path dir) throws Exception {
        try (var tls = SelfSignedHttpsServer.start(dir)) {
            try (var untrusting = new HttpUplink(tls.uri(), Optional.empty(), HttpUplinkTest::systemTrust, Duration.ofSeconds(5), 10)) {
                var outcome = new CompletableFuture<SessionOutcome>();
                var s = untrusting.open(new SessionRequest(1, "w", 0.9, 0.9, 0), outcome::complete);
                s.allow(); // the stream LED is on
                s.send(tone(320), 0, 320);
                s.finish();
                var r = outcome.get(10, TimeUnit.SECONDS);
                assertEquals(SessionOutcome.Status.FAILED, r.status(), "a self-signed server is not trusted by the system store");
                assertTrue(r.detail().startsWith("TLS"), r.detail());
                assertEquals(0, tls.bytesReceived());
            }
            try (var trusting = new HttpUplink(tls.uri(), Optional.empty(), () -> trusting(tls), Duration.ofSeconds(5), 10)) {
                var outcome = new CompletableFuture<SessionOutcome>();
                var s = trusting.open(new SessionRequest(2, "w", 0.9, 0.9, 0), outcome::complete);
                s.allow(); // the stream LED is on
                s.send(tone(320), 0, 320);
                s.finish();
                assertEquals(SessionOutcome.Status.OK, outcome.get(10, TimeUnit.SECONDS).status());
                assertEquals(640, tls.bytesReceived());
            }
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             var uplink = new HttpUplink(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), Optional.empty(), HttpUplinkTest::systemTrust,
                     Duration.ofMillis(500), 10)) {
            var accepted = Thread.ofPlatform().daemon().start(() -> {
                try (var s = silent.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (java.io.IOException ignored) {
                    // the client gives up
                }
            });
            var outcome = new CompletableFuture<SessionOutcome>();
            var s = uplink.open(new SessionRequest(1, "w", 0.9, 0.9, 0), outcome::complete);
            s.allow(); // the stream LED is on
            s.send(tone(320), 0, 320);
            s.finish();
            var r = outcome.get(10, TimeUnit.SECONDS);
            assertEquals(SessionOutcome.Status.FAILED, r.status());
            assertTrue(r.detail().contains("timeout"), r.detail());
            accepted.interrupt();
        }
    }

    @Test
    void aServerThatStopsReadingFailsTheSessionAsTooSlowInsteadOfBufferingWithoutLimit() throws Exception {
        // given: a server that accepts the request but never reads it, and an uplink that may queue 0.2 s of audio
        try (var stalled = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             var uplink = new HttpUplink(URI.create("http://127.0.0.1:" + stalled.getLocalPort() + "/"), Optional.empty(), HttpUplinkTest::systemTrust,
                     Duration.ofSeconds(30), 0.2)) {
            var accepted = new CompletableFuture<java.net.Socket>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    accepted.complete(stalled.accept());
                } catch (java.io.IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            var outcome = new CompletableFuture<SessionOutcome>();
            var s = uplink.open(new SessionRequest(1, "w", 0.9, 0.9, 0), outcome::complete);
            s.allow(); // the stream LED is on
            // when: the pipeline keeps handing over audio (it never waits for the network) until the socket buffers are full
            short[] tenth = tone(1600);
            for (int i = 0; i < 20_000 && !outcome.isDone(); i++) s.send(tenth, 0, tenth.length);
            // then
            var r = outcome.get(10, TimeUnit.SECONDS);
            assertEquals(SessionOutcome.Status.FAILED, r.status());
            assertEquals("uplink too slow", r.detail());
            accepted.get(5, TimeUnit.SECONDS).close();
        }
    }
}
