package dev.imagescan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.OsvFeeds;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagescan db build} and {@code imagescan db info} as a user runs them. */
class DbCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildFromADirectoryAndAJsonFileThenDescribeIt() throws IOException {
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        Path extra = Files.write(dir.resolve("extra.json"), OsvFixtures.bytes("RHSA-2024-1234.json"));
        Path db = dir.resolve("vulndb.bin");

        CliRun build = CliRun.of("db", "build", "--from", osv.toString(), "--from", extra.toString(), "-o",
                db.toString(), "--built-at", "2020-01-02T03:04:05Z");

        assertThat(build.status()).isZero();
        assertThat(build.out()).contains("Wrote " + db + ": 5 advisories, ")
                .contains("Read 7 records from 2 sources: 1 duplicate, 1 withdrawn, 1 CVSS vector skipped")
                .containsPattern("\\n  Debian:12 +1\\n");
        assertThat(build.err()).isEqualTo("imagescan: warning: osv/nested/ALSA-2024-0001.json (ALSA-2024:0001): "
                + "CVSS_V3 vector 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H' skipped: Vector must consist of at "
                + "least 9 segments (CVSS:3.1 prefix and mandatory metrics AV, AC, PR, UI, S, C, I, A), but has "
                + "only 8\n");
        VulnDatabase loaded = VulnDatabases.load(db);
        assertThat(loaded.lookup("Alpine:v3.20", "curl")).hasSize(1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactlyInAnyOrder(osv, extra, db);
        }

        CliRun info = CliRun.of("db", "info", db.toString());
        assertThat(info.status()).isZero();
        assertThat(info.err()).isEmpty();
        assertThat(info.out())
                .contains("Format version:  3\n")
                .containsPattern("Built at:        2020-01-02T03:04:05Z \\(\\d+ days ago\\)\\n")
                .contains("Newest record:   2024-08-23T16:30:37Z\n")
                .contains("Sources:         osv/ (6 records)\n"
                        + "                   newest record 2024-08-23T16:30:37Z, fetched 2020-01-02T03:04:05Z\n"
                        + "                 extra.json (1 record)\n")
                .contains("Advisories:      5\n")
                .contains("Ecosystems:      10\n")
                .containsPattern("\\n  Red Hat:enterprise_linux:9::appstream +2\\n")
                .contains("Digest:          " + loaded.info().digest() + "\n");
    }

    @Test
    void infoAsJson() throws IOException {
        Path db = dir.resolve("db");
        assertThat(CliRun.of("db", "build", "--from", OsvFixtures.copyTo(dir.resolve("osv")).toString(), "-o",
                db.toString()).status()).isZero();

        CliRun info = CliRun.of("db", "info", "--format", "json", db.toString());

        assertThat(info.status()).isZero();
        JsonNode json = new ObjectMapper().readTree(info.out());
        assertThat(json.get("formatVersion").asInt()).isEqualTo(3);
        assertThat(json.at("/sourceRecords/osv~1").asLong()).isEqualTo(6);
        assertThat(json.at("/sourceStatus/osv~1/newestModified").asText()).isEqualTo("2024-08-23T16:30:37Z");
        assertThat(json.at("/sourceStatus/osv~1/fetchedAt").asText()).isEqualTo(json.get("builtAt").asText());
        assertThat(json.at("/sourceStatus/osv~1/lastError").isNull()).isTrue();
        assertThat(json.get("cves").asLong()).isZero();
        assertThat(json.get("advisories").asLong()).isEqualTo(5);
        assertThat(json.get("ageSeconds").asLong()).isBetween(0L, 600L);
        assertThat(json.get("sources").get(0).asText()).isEqualTo("osv/");
        assertThat(json.get("ecosystems").get("Debian:11").asInt()).isEqualTo(1);
        assertThat(json.get("digest").asText()).isEqualTo(VulnDatabases.load(db).info().digest());
        assertThat(json.get("newestModified").asText()).isEqualTo("2024-08-23T16:30:37Z");
    }

    @Test
    void sameSourcesAndBuildTimeGiveTheSameFile() throws IOException {
        Path osv = OsvFixtures.copyTo(dir.resolve("osv"));
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");

        CliRun.of("db", "build", "--from", osv.toString(), "-o", a.toString(), "--built-at", "2026-11-27T00:00:00Z");
        CliRun.of("db", "build", "--from", osv.toString(), "-o", b.toString(), "--built-at", "2026-11-27T00:00:00Z");

        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void aMalformedSourceFailsInOneLineAndLeavesTheOldDatabase() throws IOException {
        Path db = Files.writeString(dir.resolve("db"), "previous");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"id\": \"DSA-1-1\", \"modified\": 5}");

        CliRun run = CliRun.of("db", "build", "--from", bad.toString(), "-o", db.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("imagescan: error: bad.json (DSA-1-1): /modified: expected a string, got a "
                + "number (line 1, column 31)\n");
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(db)).isEqualTo("previous");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(db, bad);
        }
    }

    @Test
    void missingSourceFails() {
        CliRun run = CliRun.of("db", "build", "--from", dir.resolve("absent").toString(), "-o",
                dir.resolve("db").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("imagescan: error: " + dir.resolve("absent")
                + ": no such file or directory\n");
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "[]");

        CliRun run = CliRun.of("db", "build", "--debug", "--from", bad.toString(), "-o", dir.resolve("db").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("imagescan: error: bad.json: expected a JSON object")
                .contains("dev.imagescan.vulndb.osv.OsvFormatException");
    }

    @Test
    void infoOfACorruptOrTruncatedDatabaseFails() throws IOException {
        Path db = dir.resolve("db");
        CliRun.of("db", "build", "--from", OsvFixtures.copyTo(dir.resolve("osv")).toString(), "-o", db.toString());
        byte[] bytes = Files.readAllBytes(db);
        Path truncated = Files.write(dir.resolve("truncated"), Arrays.copyOf(bytes, bytes.length - 10));
        bytes[bytes.length / 2] ^= 1;
        Path flipped = Files.write(dir.resolve("flipped"), bytes);
        Path text = Files.write(dir.resolve("text"), "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(CliRun.of("db", "info", truncated.toString()).err())
                .isEqualTo("imagescan: error: truncated database: " + (bytes.length - 10) + " of " + bytes.length
                        + " bytes\n");
        assertThat(CliRun.of("db", "info", flipped.toString()).err())
                .isEqualTo("imagescan: error: database checksum mismatch: the file is corrupt\n");
        CliRun notDb = CliRun.of("db", "info", text.toString());
        assertThat(notDb.status()).isEqualTo(1);
        assertThat(notDb.err())
                .isEqualTo("imagescan: error: not an imagescan vulnerability database (unknown magic bytes)\n");
        assertThat(CliRun.of("db", "info", dir.resolve("absent").toString()).err())
                .isEqualTo("imagescan: error: " + dir.resolve("absent") + ": no such file or directory\n");
    }

    @Test
    void usageErrors() {
        assertUsage(CliRun.of("db", "build", "-o", "db"), "imagescan db build: missing --from SOURCE (or --source NAME[=FILE|URL])\n");
        assertUsage(CliRun.of("db", "build", "--from", "osv"), "imagescan db build: missing -o DB\n");
        assertUsage(CliRun.of("db", "build", "--from", "osv", "-o", "db", "extra"),
                "imagescan db build: unexpected argument 'extra' (give sources with --from)\n");
        assertUsage(CliRun.of("db", "build", "--from", "osv", "-o", "db", "--built-at", "yesterday"),
                "imagescan db build: --built-at: 'yesterday' is not an RFC 3339 time such as 2026-11-27T00:00:00Z\n");
        assertUsage(CliRun.of("db", "info"), "imagescan db info: missing DB\n");
        assertUsage(CliRun.of("db", "info", "a", "b"), "imagescan db info: one DB at a time, got 2\n");
        assertUsage(CliRun.of("db", "info", "--format", "xml", "a"),
                "imagescan db info: unknown format 'xml'; choose text or json\n");
        CliRun unknown = CliRun.of("db", "drop");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("imagescan db: unknown command 'drop'\n");
        assertThat(CliRun.of("db").status()).isEqualTo(2);
    }

    @Test
    void help() {
        CliRun db = CliRun.of("help", "db");
        assertThat(db.status()).isZero();
        assertThat(db.out()).contains("build --from SOURCE... -o DB").contains("info DB");
        CliRun build = CliRun.of("db", "build", "--help");
        assertThat(build.status()).isZero();
        assertThat(build.out()).startsWith("Usage: imagescan db build --from SOURCE")
                .contains("--from SOURCE").contains("-o, --output DB").contains("--built-at TIME")
                .contains("Exit status:");
        assertThat(CliRun.of("db", "info", "-h").out()).startsWith("Usage: imagescan db info [OPTIONS] DB")
                .contains("-f, --format FORMAT");
        assertThat(CliRun.of("--help").out()).contains("db build").contains("db info DB");
    }

    private static void assertUsage(CliRun run, String firstLine) {
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith(firstLine).contains("Run 'imagescan db ");
        assertThat(run.out()).isEmpty();
    }
    @Test
    void namedSourcesAddNvdRatingsAndKevByCve() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path kev = FeedSamples.file(dir, "kev/valid-catalog-1.json");
        Path db = dir.resolve("signals.bin");

        CliRun build = CliRun.of("db", "build", "--from", root.resolve("shared/core/src/main/vulndb-snapshot/alpine")
                .toString(), "--source", "nvd=" + root.resolve("shared/core/src/main/vulndb-nvd/"
                + "nvdcve-2.0-snapshot.json"), "--source", "kev=" + kev, "-o", db.toString());

        assertThat(build.status()).as(build.err()).isZero();
        assertThat(build.out()).contains("Severity and exploitation data for 13 CVEs\n")
                .containsPattern("source nvd:nvdcve-2.0-snapshot.json +15 records  sha256:[0-9a-f]{64}\\n");
        CliRun info = CliRun.of("db", "info", db.toString());
        assertThat(info.out()).contains("                 nvd:nvdcve-2.0-snapshot.json (15 records)\n"
                        + "                   newest record none, fetched ")
                .contains("                 kev:valid-catalog-1.json (3 records)\n")
                .contains("CVE data:        13 CVEs with NVD, EPSS or KEV data\n");
        assertThat(VulnDatabases.load(db).signals("CVE-2026-6042").orElseThrow().nvdCvss()).hasSize(3);

        CliRun unknown = CliRun.of("db", "build", "--source", "ghsa", "-o", db.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("imagescan db build: ");
    }

    @Test
    void anOsvUrlWithACacheIsAskedAgainNotDownloadedWhenUnchanged() throws IOException {
        Map<String, byte[]> records = OsvFeeds.snapshot("alpine");
        try (FeedServer server = new FeedServer()) {
            server.serveWithEtag("/Alpine/all.zip", OsvFeeds.zip(records), "\"osv-1\"");
            String url = server.url("/Alpine/all.zip");
            Path cache = dir.resolve("cache");
            String[] build = {"db", "build", "--from", url, "--allow-http", "--cache", cache.toString(), "-o",
                dir.resolve("osv.bin").toString(), "--built-at", "2020-01-02T03:04:05Z"};

            CliRun first = CliRun.of(build);
            assertThat(first.status()).as(first.err()).isZero();
            CliRun second = CliRun.of(build);
            assertThat(second.status()).as(second.err()).isZero();

            assertThat(server.log()).containsExactly("/Alpine/all.zip 200", "/Alpine/all.zip 304");
            assertThat(second.out()).as("the kept copy read again").isEqualTo(first.out())
                    .containsPattern("source " + url + " +" + records.size() + " records  etag:\"osv-1\"\n");
            assertThat(cache.resolve("osv")).isDirectory();
        }
    }

    @Test
    void redHatVexFromADirectoryAndABrokenDocumentInOneLine() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path db = dir.resolve("redhat.bin");

        CliRun build = CliRun.of("db", "build", "--source", "redhat-vex=" + root.resolve(
                "shared/core/src/main/vulndb-redhat/vex"), "-o", db.toString());

        assertThat(build.status()).as(build.err()).isZero();
        assertThat(build.out()).containsPattern("source redhat-vex:vex +2 records  sha256:[0-9a-f]{64}\\n");
        assertThat(VulnDatabases.load(db).lookup("Red Hat:enterprise_linux:9", "vim")).singleElement()
                .satisfies(a -> assertThat(a.affected().unfixed().word()).isEqualTo("will_not_fix"));

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("cve-2024-1.json"), "{\"document\": {\"category\": \"csaf_vex\"");
        CliRun bad = CliRun.of("db", "build", "--source", "redhat-vex=" + broken, "-o", db.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("imagescan: error: broken/cve-2024-1.json: truncated JSON (it ends inside an"
                + " object or array) at line 1\n");
    }
}
