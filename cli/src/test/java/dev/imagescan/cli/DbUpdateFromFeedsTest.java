package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db update --from-feeds}: the database built from feeds into the cache, then used by scan and version. */
class DbUpdateFromFeedsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void buildsInstallsAndIsUsed() throws IOException {
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        String cache = dir.resolve("cache").toString();

        CliRun update = CliRun.of("db", "update", "--cache-dir", cache, "--from-feeds", osv.toString());
        JsonNode report = JSON.readTree(CliRun.of("scan", "--format", "json", "--offline", "--cache-dir", cache,
                Corpus.image("alpine-3.20.3.oci.tar").toString()).out());
        JsonNode version = JSON.readTree(CliRun.of("version", "--format", "json", "--cache-dir", cache).out());

        assertThat(update.status()).as(update.err()).isZero();
        assertThat(update.out()).startsWith("Installed sha256:").contains("5 advisories");
        String installed = update.out().lines().findFirst().orElseThrow().substring("Installed ".length());
        assertThat(report.at("/database/version").asText()).isEqualTo(installed);
        assertThat(report.at("/database/bundled").asBoolean()).isFalse();
        assertThat(version.at("/database/version").asText()).isEqualTo(installed);
        assertThat(version.at("/database/source").asText()).startsWith("feeds: ");
    }

    @Test
    void withoutAUrlOrFeedsItSaysWhatToConfigure() {
        CliRun update = CliRun.of("db", "update", "--cache-dir", dir.resolve("cache").toString());

        assertThat(update.status()).isEqualTo(ImageScanCli.SCAN_FAILED);
        assertThat(update.err()).isEqualTo("imagescan: error: no database URL or repository is configured"
                + " (--db-url or --db-repository, IMAGESCAN_DB_URL or IMAGESCAN_DB_REPOSITORY, db-url or db-repository"
                + " in imagescan.yaml)\n");
    }
}
