package dev.imagescan.testing.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real registry for tests: Debian's {@code docker-registry} (CNCF Distribution 2.8) started on loopback, on a free
 * port, with a generated config and its storage in a directory of the test's; anonymous, with htpasswd Basic auth, or
 * with token auth verifying the JWTs of a {@link TokenIssuer}. Close it to stop the process.
 */
public final class LocalRegistry implements AutoCloseable {
    /** Where Debian's package installs the registry. */
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path storage;
    private final Path log;

    private LocalRegistry(Process process, int port, Path storage, Path log) {
        this.process = process;
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

    private static LocalRegistry start(Path dir, String auth) throws IOException {
        int port = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        String config = "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n"
                + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: imagescan-test-secret\n"
                + auth;
        Path configFile = Files.writeString(dir.resolve("config.yml"), config);
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, storage, log);
        registry.awaitReady();
        return registry;
    }

    /** {@code 127.0.0.1:PORT}, the registry part of references to it. */
    public String host() {
        return "127.0.0.1:" + port;
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
