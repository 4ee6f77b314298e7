package dev.imagescan.testing.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real registry for tests: Debian's {@code docker-registry} (CNCF Distribution 2.8) started on loopback, on a free
 * port, with a generated config and its storage in a directory of the test's; anonymous, with htpasswd Basic auth, or
 * with token auth verifying the JWTs of a {@link TokenIssuer}. Close it to stop the process.
 */
public final class LocalRegistry implements AutoCloseable {
    /** Where Debian's package installs the registry. */
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    /** The address a TLS registry listens on. */
    public static final String TLS_ADDRESS = "127.0.0.2";

    private final Process process;
    private final int port;
    private final Path storage;
    private final Path log;
    private final String address;
    private final SSLContext tls;

    private LocalRegistry(Process process, String address, int port, Path storage, Path log, SSLContext tls) {
        this.process = process;
        this.address = address;
        this.tls = tls;
        this.port = port;
        this.storage = storage;
        this.log = log;
    }

    /** Why registry tests cannot run here (the registry or skopeo is not installed), or empty when they can. */
    public static Optional<String> unavailable() {
        if (!Files.isExecutable(BINARY)) {
            return Optional.of(BINARY + " is not installed (Debian package docker-registry)");
        }
        if (!Skopeo.installed()) {
            return Optional.of("skopeo is not installed (Debian package skopeo)");
        }
        return Optional.empty();
    }

    /** A registry anyone may pull from and push to. */
    public static LocalRegistry anonymous(Path dir) throws IOException {
        return start(dir, "");
    }

    /** A registry that asks for {@code user}/{@code password} with Basic auth (a bcrypt htpasswd file). */
    public static LocalRegistry basic(Path dir, String user, String password) throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 5);
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
        return start(dir, "auth:\n  htpasswd:\n    realm: imagescan-test\n    path: " + htpasswd + "\n");
    }

    /** A registry that accepts only Bearer tokens signed by {@code issuer} (its certificate is the trusted root). */
    public static LocalRegistry token(Path dir, TokenIssuer issuer) throws IOException {
        Path cert = issuer.writeCertificate(dir.resolve("token-root.crt"));
        return start(dir, "auth:\n  token:\n    realm: " + issuer.realm() + "\n    service: " + TokenIssuer.SERVICE
                + "\n    issuer: " + TokenIssuer.ISSUER + "\n    rootcertbundle: " + cert + "\n");
    }

    /**
     * An anonymous registry serving https only, with {@code certificate}, on {@value #TLS_ADDRESS}: a loopback address
     * that is not {@code 127.0.0.1}, so that clients reach it over https as they reach a remote registry (loopback by
     * name or {@code 127.0.0.1} is plain http, as Docker does). Linux routes all of 127.0.0.0/8 to loopback.
     */
    public static LocalRegistry tls(Path dir, TlsCertificate certificate) throws IOException {
        Path cert = certificate.writeCertificate(dir.resolve("registry.crt"));
        Path key = certificate.writeKey(dir.resolve("registry.key"));
        return start(dir, TLS_ADDRESS, "  tls:\n    certificate: " + cert + "\n    key: " + key + "\n",
                certificate.trustingContext());
    }

    private static LocalRegistry start(Path dir, String auth) throws IOException {
        return start(dir, "127.0.0.1", auth, null);
    }

    private static LocalRegistry start(Path dir, String address, String auth, SSLContext tls) throws IOException {
        int port = freePort(address);
        Path storage = Files.createDirectories(dir.resolve("storage"));
        String config = "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n"
                + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: " + address + ":" + port + "\n  secret: imagescan-test-secret\n"
                + auth; // a TLS block continues the http section
        Path configFile = Files.writeString(dir.resolve("config.yml"), config);
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, address, port, storage, log, tls);
        registry.awaitReady();
        return registry;
    }

    /** {@code 127.0.0.1:PORT} ({@code 127.0.0.2:PORT} over TLS), the registry part of references to it. */
    public String host() {
        return address + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The storage directory (blobs under {@code docker/registry/v2/blobs/sha256/XX/HEX/data}). */
    public Path storage() {
        return storage;
    }

    /** The file a blob's bytes are kept in. */
    public Path blobData(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return storage.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                int status = probe();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        close();
        throw new IOException("docker-registry did not answer on " + host() + " within 20 s");
    }

    private static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The status of {@code GET /v2/}; over TLS trusting the registry's certificate whatever host it names (a test
     * may give it a certificate for another name on purpose).
     */
    private int probe() throws IOException {
        URL url = URI.create((tls == null ? "http" : "https") + "://" + host() + "/v2/").toURL();
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.getSocketFactory());
            https.setHostnameVerifier((name, session) -> true);
        }
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
