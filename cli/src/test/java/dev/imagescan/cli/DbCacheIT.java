package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.imagescan.cli.CliJar.Run;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database lifecycle end to end: {@code target/imagescan.jar} run as a process against a local HTTP server laid
 * out as a deployment publishes it ({@code vulndb/current} → {@code vulndb/sha256:HEX/vulndb.bin}, docs/storage.md),
 * serving a fresh, a stale, a corrupt and no artifact; offline mode; export and import. The two artifacts are built by
 * the jar's own {@code db build} from the OSV fixtures with two build times.
 */
class DbCacheIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "imagescan.jar").toAbsolutePath();
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final Map<String, byte[]> SERVED = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static HttpServer server;
    private static byte[] first;
    private static byte[] second;
    private static String firstVersion;
    private static String secondVersion;

    private Path cache;

    @BeforeAll
    static void serveTwoDatabases() throws IOException {
        assertThat(JAR).as("run `mvn package` first").isRegularFile();
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        first = build(osv, "2026-01-01T00:00:00Z");
        second = build(osv, "2026-02-01T00:00:00Z");
        firstVersion = digest(first);
        secondVersion = digest(second);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            REQUESTS.incrementAndGet();
            byte[] body = SERVED.get(exchange.getRequestURI().getRawPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void emptyCache() throws IOException {
        cache = Files.createTempDirectory(dir, "cache");
        SERVED.clear();
    }

    private static String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror/vulndb/current";
    }

    private static void publish(byte[] artifact, String version) {
        SERVED.put("/mirror/vulndb/current", ("vulndb/" + version + "/vulndb.bin").getBytes(StandardCharsets.UTF_8));
        SERVED.put("/mirror/vulndb/" + version.replace(":", "%3A") + "/vulndb.bin", artifact);
    }

    @Test
    void freshCacheDownloadsThePublishedDatabase() throws IOException {
        publish(first, firstVersion);

        Run run = scan();

        run.succeeded();
        assertThat(run.err()).contains("imagescan: downloaded database " + firstVersion.substring(0, 19));
        assertThat(version(run)).isEqualTo(firstVersion);
        assertThat(Files.readString(cache.resolve("db/metadata.json"))).contains(firstVersion);
    }

    @Test
    void staleCacheIsRefreshedAndACurrentOneIsNot() throws IOException {
        publish(first, firstVersion);
        scan().succeeded();
        publish(second, secondVersion);

        int before = REQUESTS.get();
        Run current = scan();
        assertThat(REQUESTS.get()).as("checked less than a day ago: no request").isEqualTo(before);
        assertThat(version(current)).isEqualTo(firstVersion);

        age(Instant.parse("2020-01-01T00:00:00Z"));
        Run refreshed = scan();

        assertThat(version(refreshed)).isEqualTo(secondVersion);
        assertThat(cache.resolve("db").toFile().list()).containsExactlyInAnyOrder("metadata.json",
                secondVersion.replace(':', '-') + ".vulndb");
    }

    @Test
    void corruptArtifactLeavesTheCachedOneInPlace() throws IOException {
        publish(first, firstVersion);
        scan().succeeded();
        byte[] corrupt = second.clone();
        corrupt[corrupt.length / 2] ^= 1;
        publish(corrupt, secondVersion);
        age(Instant.parse("2020-01-01T00:00:00Z"));

        Run update = run("db", "update", "--cache-dir", cache.toString(), "--db-url", url(), "--allow-http");
        Run scan = scan();

        assertThat(update.status()).isEqualTo(1);
        assertThat(update.err()).startsWith("imagescan: error: ").hasLineCount(1);
        assertThat(scan.status()).isZero();
        assertThat(scan.err()).contains("imagescan: warning: cannot update the database: ")
                .contains("going on with the cached database");
        assertThat(version(scan)).isEqualTo(firstVersion);
    }

    @Test
    void unreachableSourceGoesOnWithTheCachedOne() throws IOException {
        publish(first, firstVersion);
        scan().succeeded();
        age(Instant.parse("2020-01-01T00:00:00Z"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        Run run = run("scan", "--format", "json", "--cache-dir", cache.toString(), "--allow-http", "--db-url",
                "http://127.0.0.1:" + closedPort + "/vulndb/current", ALPINE);

        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("imagescan: warning: cannot update the database: ");
        assertThat(version(run)).isEqualTo(firstVersion);
    }

    @Test
    void offlineNeverAsksAndWithoutACacheUsesTheBundledSnapshotSayingSo() throws IOException {
        publish(first, firstVersion);
        int before = REQUESTS.get();

        Run offline = run("scan", "--format", "json", "--offline", "--cache-dir", cache.toString(), "--allow-http",
                "--db-url", url(), ALPINE);
        Run table = run("scan", "--skip-db-update", "--cache-dir", cache.toString(), "--db-url", url(), ALPINE);

        assertThat(REQUESTS.get()).isEqualTo(before);
        assertThat(offline.err()).contains("using the bundled snapshot");
        assertThat(JSON.readTree(offline.out()).at("/database/bundled").asBoolean()).isTrue();
        assertThat(table.out()).contains("(the BUNDLED SNAPSHOT, for the test images only");
    }

    @Test
    void exportThenImportOnAnotherHost() throws IOException {
        publish(first, firstVersion);
        run("db", "update", "--cache-dir", cache.toString(), "--db-url", url(), "--allow-http").succeeded();
        Path file = dir.resolve("exported.vulndb");
        Path airGapped = Files.createTempDirectory(dir, "air-gapped");

        run("db", "export", "--cache-dir", cache.toString(), file.toString()).succeeded();
        Run imported = run("db", "import", "--cache-dir", airGapped.toString(), file.toString()).succeeded();
        Run scan = run("scan", "--format", "json", "--offline", "--cache-dir", airGapped.toString(), ALPINE);

        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(imported.out()).startsWith("Installed " + firstVersion);
        assertThat(version(scan)).isEqualTo(firstVersion);
        assertThat(run("db", "import", "--cache-dir", airGapped.toString(), ALPINE).status()).isEqualTo(1);
    }

    private Run scan() {
        return run("scan", "--format", "json", "--cache-dir", cache.toString(), "--db-url", url(), "--allow-http",
                ALPINE);
    }

    /** Rewrites the cache's metadata as if the database had last been checked at {@code checkedAt}. */
    private void age(Instant checkedAt) throws IOException {
        Path metadata = cache.resolve("db/metadata.json");
        String text = Files.readString(metadata);
        Files.writeString(metadata, text.replaceAll("\"checkedAt\" ?: ?\"[^\"]+\"", "\"checkedAt\":\"" + checkedAt
                + "\""));
    }

    private static String version(Run run) throws IOException {
        return JSON.readTree(run.out()).at("/database/version").asText();
    }

    private static byte[] build(Path osv, String builtAt) throws IOException {
        Path db = dir.resolve("db-" + builtAt.substring(0, 10) + ".bin");
        run("db", "build", "--from", osv.toString(), "--built-at", builtAt, "-o", db.toString()).succeeded();
        return Files.readAllBytes(db);
    }

    private static String digest(byte[] artifact) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Run run(String... args) {
        return CliJar.run(dir, args);
    }
}
