package dev.wakegate.cli;

import dev.wakegate.internal.UserError;
import dev.wakegate.uplink.Uplink;
import dev.wakegate.uplink.http.HttpUplink;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where confirmed audio goes. */
final class UplinkOptions {
    /** The options only an https:// (or local http://) uplink reads. */
    static final List<String> HTTP_ONLY = List.of("--token-file", "--ca-file", "--insecure-http");

    @Option(names = "--uplink", required = true, paramLabel = "URL", descriptionKey = "uplink",
            description = "Where confirmed audio goes: https://host:port/path (one chunked POST of audio/L16 per session)"
                    + " or wyoming://0.0.0.0:10700 (be a Home Assistant satellite).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", descriptionKey = "token-file",
            description = "Bearer token for the HTTPS uplink; the file must not be readable by group or others.")
    Path tokenFile;

    @Option(names = "--ca-file", paramLabel = "PEM", descriptionKey = "ca-file",
            description = "Trust only these CA certificates (PEM) for https, instead of the system trust store.")
    Path caFile;

    @Option(names = "--insecure-http", descriptionKey = "insecure-http",
            description = "Allow plain http:// to a host that is not this machine (audio would cross the network unencrypted).")
    boolean insecureHttp;

    @Option(names = "--uplink-timeout", paramLabel = "SECONDS", defaultValue = "10", descriptionKey = "uplink-timeout",
            description = "Connect timeout, and how long to wait for the answer after the last byte (0.5-120). A server that takes"
                    + " no audio for 3 s fails the session at once. Default: ${DEFAULT-VALUE} s.")
    double timeoutSeconds;

    /** A token file is one short line: more is not a token. */
    static final int MAX_TOKEN_BYTES = 4096;

    URI uri() {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) throw new URISyntaxException(url, "needs a scheme and a host");
            return u;
        } catch (URISyntaxException e) {
            throw new UserError("--uplink " + url + " is not a URL (" + e.getReason() + "). Fix: e.g. --uplink https://speech.example:8443/listen");
        }
    }

    boolean wyoming() {
        return "wyoming".equals(uri().getScheme());
    }

    /** The HTTP uplink as {@link #buildHttp} would build it, every option checked (token file, CA file), nothing opened. */
    void checkHttp() {
        httpChecked();
    }

    Uplink buildHttp(double maxSessionSeconds) {
        URI u = httpChecked();
        return new HttpUplink(u, token(), this::sslContext, Duration.ofMillis((long) (timeoutSeconds * 1000)), maxSessionSeconds + 6);
    }

    private URI httpChecked() {
        URI u = uri();
        switch (u.getScheme()) {
            case "https" -> { }
            case "http" -> {
                if (!insecureHttp && !loopback(u.getHost()))
                    throw new UserError("--uplink " + url + ": plain http to another machine would send audio unencrypted. Fix: use https://, or add --insecure-http if you really mean it");
            }
            default -> throw new UserError("--uplink " + url + ": unsupported scheme '" + u.getScheme() + "'. Fix: use https://… or wyoming://…");
        }
        if (!(timeoutSeconds >= 0.5 && timeoutSeconds <= 120))
            throw new UserError("--uplink-timeout " + timeoutSeconds + " is outside 0.5-120 seconds. Fix: e.g. --uplink-timeout 10");
        if ("https".equals(u.getScheme())) sslContext(); // a bad --ca-file is refused at start, not at the first session
        token();
        return u;
    }

    /**
     * The bearer token: a file only its owner (this user) can read or change, one short line of printable characters —
     * anything else could leak the token or inject a header.
     */
    private Optional<String> token() {
        if (tokenFile == null) return Optional.empty();
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(tokenFile);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE))
                throw new UserError("--token-file " + tokenFile + " is readable or writable by group or others. Fix: chmod 600 " + tokenFile);
            String me = System.getProperty("user.name");
            String owner = Files.getOwner(tokenFile).getName();
            if (!owner.equals(me) && !me.equals("root"))
                throw new UserError("--token-file " + tokenFile + " belongs to " + owner + ", not to " + me + ". Fix: chown " + me + " " + tokenFile);
            if (Files.size(tokenFile) > MAX_TOKEN_BYTES)
                throw new UserError("--token-file " + tokenFile + " is larger than " + MAX_TOKEN_BYTES + " bytes: not a token. Fix: put the token alone in the file");
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) throw new UserError("--token-file " + tokenFile + " is empty. Fix: put the token in it, on one line");
            for (int i = 0; i < token.length(); i++)
                if (token.charAt(i) < 0x21 || token.charAt(i) == 0x7f)
                    throw new UserError("--token-file " + tokenFile + " holds a space, a line break or a control character: a token is one line"
                            + " of printable characters. Fix: put the token alone in the file");
            return Optional.of(token);
        } catch (NoSuchFileException e) {
            throw new UserError("--token-file " + tokenFile + ": no such file");
        } catch (IOException e) {
            throw new UserError("--token-file " + tokenFile + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private SSLContext sslContext() {
        try {
            if (caFile == null) return SSLContext.getDefault();
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) store.setCertificateEntry("ca-" + i++, cert);
                if (i == 0) throw new UserError("--ca-file " + caFile + " holds no certificate. Fix: pass a PEM file with the CA certificate");
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            var ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (NoSuchFileException e) {
            throw new UserError("--ca-file " + caFile + ": no such file");
        } catch (IOException | GeneralSecurityException e) {
            throw new UserError("--ca-file " + caFile + ": not usable (" + e.getMessage() + "). Fix: pass a PEM file with the CA certificate");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
