package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imagescan.cli.CliJar.Run;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.registry.ArtifactPush;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imagescan db update --db-repository REF}: the jar as a process pulling the database published as an OCI
 * artifact (docs/vulndb-format.md#as-an-oci-artifact) from a real registry (Distribution 2.8 on loopback), pushed by
 * the test through the registry's upload API: installed and then found current, replaced by a newer push under the
 * same tag, refused when the registry serves corrupted bytes (the cache kept), refused when the artifact is of
 * another type; {@code scan} refreshing from {@code IMAGESCAN_DB_REPOSITORY}. The two databases are built by the
 * jar's own {@code db build} from the OSV fixtures with two build times. Skipped without docker-registry, failed
 * then on CI.
 */
class DbRegistryIT {
    private static final String ALPINE = Corpus.image("alpine-3.20.3.oci.tar").toString();
    private static final String REPOSITORY = "imagescan/vulndb";

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static ArtifactPush push;
    private static Map<String, String> env;
    private static byte[] first;
    private static byte[] second;

    private Path cache;

    @BeforeAll
    static void start() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        assertThat(CliJar.JAR).as("run `mvn package` first").isRegularFile();
        env = Map.of("DOCKER_CONFIG", Files.createDirectories(dir.resolve("docker-config")).toString());
        registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
        push = new ArtifactPush(registry.host(), REPOSITORY);
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        first = build(osv, "2026-01-01T00:00:00Z");
        second = build(osv, "2026-02-01T00:00:00Z");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void emptyCache() throws IOException {
        cache = Files.createTempDirectory(dir, "cache");
    }

    @Test
    void updateInstallsTheArtifactThenFindsItCurrentThenTakesANewerPush() throws IOException {
        String firstVersion = publish("2", first, RegistryArtifactTypes.DATABASE);

        Run installed = update("2").succeeded();
        Run current = update("2").succeeded();
        String secondVersion = publish("2", second, RegistryArtifactTypes.DATABASE);
        Run replaced = update("2").succeeded();
        Run scan = run("scan", "--format", "json", "--offline", "--cache-dir", cache.toString(), ALPINE)
                .succeeded();

        assertThat(installed.out()).startsWith("Installed " + firstVersion + "\n")
                .contains("from:     " + reference("2"));
        assertThat(current.out()).startsWith("Up to date: " + firstVersion + "\n");
        assertThat(replaced.out()).startsWith("Installed " + secondVersion + "\n");
        assertThat(scan.json().at("/database/version").asText()).isEqualTo(secondVersion);
        assertThat(cache.resolve("db").toFile().list()).containsExactlyInAnyOrder("metadata.json",
                secondVersion.replace(':', '-') + ".vulndb");
    }

    @Test
    void scanPullsFromTheRepositoryInTheEnvironmentWhenTheCacheIsEmpty() throws IOException {
        String version = publish("env", first, RegistryArtifactTypes.DATABASE);
        Map<String, String> withRepository = new HashMap<>(env);
        withRepository.put("IMAGESCAN_DB_REPOSITORY", reference("env"));

        Run scan = CliJar.run(dir, withRepository, null, "scan", "--format", "json", "--cache-dir",
                cache.toString(), ALPINE).succeeded();

        assertThat(scan.err()).contains("imagescan: downloaded database " + version.substring(0, 19) + " from "
                + reference("env"));
        assertThat(scan.json().at("/database/version").asText()).isEqualTo(version);
    }

    @Test
    void corruptedBytesFromTheRegistryLeaveTheCachedDatabaseInPlace() throws IOException {
        String firstVersion = publish("good", first, RegistryArtifactTypes.DATABASE);
        update("good").succeeded();
        byte[] ownBlob = second.clone(); // a blob of its own: the one stored is corrupted below
        ownBlob[ownBlob.length / 2] ^= 1;
        Path stored = registry.blobData(publish("corrupt", ownBlob, RegistryArtifactTypes.DATABASE));
        byte[] served = Files.readAllBytes(stored);
        served[served.length / 3] ^= 0x40;
        Files.write(stored, served);

        Run refused = update("corrupt");
        Run scan = run("scan", "--format", "json", "--offline", "--cache-dir", cache.toString(), ALPINE)
                .succeeded();

        refused.failedWith("the registry served content with digest sha256:");
        assertThat(scan.json().at("/database/version").asText()).isEqualTo(firstVersion);
        assertThat(cache.resolve("db").toFile().list()).containsExactlyInAnyOrder("metadata.json",
                firstVersion.replace(':', '-') + ".vulndb");
    }

    @Test
    void anArtifactOfAnotherTypeIsNotInstalled() throws IOException {
        publish("other", first, "application/vnd.example.sbom.v1");

        Run refused = update("other");

        refused.failedWith("is not an imagescan database: its artifact type is application/vnd.example.sbom.v1");
        assertThat(cache.resolve("db")).doesNotExist();
    }

    /** The media types of the artifact, as docs/vulndb-format.md defines them (written out, not taken from main). */
    private static final class RegistryArtifactTypes {
        static final String DATABASE = "application/vnd.imagescan.vulndb.v1";
        static final String LAYER = "application/vnd.imagescan.vulndb.layer.v1";
    }

    /** Pushes {@code database} as an artifact of {@code artifactType} under {@code tag}; returns its version. */
    private static String publish(String tag, byte[] database, String artifactType) throws IOException {
        String config = push.blob(ArtifactPush.EMPTY_CONFIG);
        String layer = push.blob(database);
        push.manifest(tag, "application/vnd.oci.image.manifest.v1+json", """
                {
                  "schemaVersion": 2,
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "artifactType": "%s",
                  "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "%s", "size": 2,
                             "data": "e30="},
                  "layers": [{"mediaType": "%s", "digest": "%s", "size": %d,
                              "annotations": {"org.opencontainers.image.title": "vulndb.bin"}}]
                }
                """.formatted(artifactType, config, RegistryArtifactTypes.LAYER, layer, database.length));
        return layer;
    }

    private static String reference(String tag) {
        return registry.host() + "/" + REPOSITORY + ":" + tag;
    }

    private Run update(String tag) {
        return run("db", "update", "--cache-dir", cache.toString(), "--db-repository", reference(tag));
    }

    private static byte[] build(Path osv, String builtAt) throws IOException {
        Path db = dir.resolve("db-" + builtAt.substring(0, 10) + ".bin");
        run("db", "build", "--from", osv.toString(), "--built-at", builtAt, "-o", db.toString()).succeeded();
        return Files.readAllBytes(db);
    }

    private static Run run(String... args) {
        return CliJar.run(dir, env, null, args);
    }
}
