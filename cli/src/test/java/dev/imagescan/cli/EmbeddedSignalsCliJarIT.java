package dev.imagescan.cli;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.cli.CliJar.Run;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default database's severity and exploitation signals (shared/core/src/main/vulndb-feeds/epss/ and
 * kev/, real extracts of FIRST's EPSS file and CISA's KEV catalog), seen through the shipped jar run as a process with
 * {@code --offline} and an empty cache, so that the bundled snapshot is what it matches against: the JSON report
 * carries KEV and EPSS on the expected findings, the table shows them and orders a level by risk, and the policy's
 * {@code kev} and {@code epss} rules block on them. No CVE of the bundled Alpine and Debian images is in the KEV
 * catalog, so the KEV finding is Shellshock on an Ubuntu 14.04 image built here from the real release files and dpkg
 * status of the Ubuntu tracker's tests (vulndb/ubuntu/images/trusty).
 */
class EmbeddedSignalsCliJarIT {
    private static final String ALPINE_39 = Corpus.image("alpine-3.9.6.docker.tar.gz").toString();
    private static final String SAMPLES = "ubuntu/images/trusty/";

    @TempDir
    static Path dir;
    private static Path trusty;
    private static Map<String, String> emptyCache;

    @BeforeAll
    static void build() throws IOException {
        assertThat(CliJar.JAR).as("run `mvn package` first").isRegularFile();
        trusty = ImageBuilder.image().layer(layer()
                        .file("etc/os-release", FeedSamples.bytes(SAMPLES + "os-release"))
                        .file("etc/lsb-release", FeedSamples.bytes(SAMPLES + "lsb-release"))
                        .file("var/lib/dpkg/status", FeedSamples.bytes(SAMPLES + "status")))
                .writeOciArchive(dir.resolve("trusty.tar"));
        emptyCache = Map.of("XDG_CACHE_HOME", Files.createDirectories(dir.resolve("cache")).toString());
    }

    @Test
    void theEmbeddedDatabaseShowsKevAndEpssOnTheBundledImages() throws IOException {
        // Alpine 3.9: EPSS on three openssl CVEs, none in KEV
        JsonNode alpine = scan("--format", "json", ALPINE_39).succeeded().json();
        JsonNode tls = finding(alpine, "CVE-2021-3449", "libssl1.1");
        assertThat(tls.at("/epss/score").asDouble()).isEqualTo(0.63542);
        assertThat(tls.at("/epss/percentile").asDouble()).isEqualTo(0.99188);
        assertThat(tls.at("/epss/date").asText()).isEqualTo("2026-09-29");
        assertThat(tls.get("kev").isNull()).isTrue();
        assertThat(withEpss(alpine)).containsExactlyInAnyOrder("CVE-2020-1971", "CVE-2021-3449", "CVE-2021-3450");
        assertThat(alpine.get("findings")).as("no bundled image's CVE is in the KEV catalog")
                .allSatisfy(f -> assertThat(f.get("kev").isNull()).isTrue());

        // the table shows the scores, and orders each level by risk: the higher EPSS first, then CVSS
        String table = scan(ALPINE_39).succeeded().out();
        assertThat(table).containsPattern("CVE-2021-3449 +libcrypto1.1 \\(openssl\\) .* EPSS 63\\.5% ")
                .containsPattern("CVE-2021-3450 +libcrypto1.1 \\(openssl\\) .* EPSS 18\\.3% ");
        assertThat(rows(table)).containsSubsequence("CVE-2021-3450", "CVE-2021-23840", "CVE-2021-3449", "CVE-2020-1971",
                "CVE-2021-23841", "CVE-2020-28928");

        // Ubuntu 14.04's bash: Shellshock, in KEV, with its EPSS score
        JsonNode ubuntu = scan("--format", "json", trusty.toString()).succeeded().json();
        JsonNode shellshock = finding(ubuntu, "CVE-2014-6271", "bash");
        assertThat(shellshock.at("/kev/dateAdded").asText()).isEqualTo("2022-01-28");
        assertThat(shellshock.at("/kev/dueDate").asText()).isEqualTo("2022-07-28");
        assertThat(shellshock.at("/kev/knownRansomware").asBoolean()).isFalse();
        assertThat(shellshock.at("/epss/score").asDouble()).isEqualTo(0.99999);
        assertThat(scan(trusty.toString()).succeeded().out())
                .containsPattern("CVE-2014-6271 +bash .* KEV, EPSS 100\\.0% ");

        // the policy's kev rule blocks the image with a KEV finding, not the one without; its epss rule blocks both
        Path kev = Files.writeString(dir.resolve("kev.json"), "{\"version\": 1, \"blockAt\": null, \"kev\": true}");
        Path epss = Files.writeString(dir.resolve("epss.json"), "{\"version\": 1, \"blockAt\": null, \"epss\": 0.5}");
        assertThat(verdict(kev, trusty.toString())).isEqualTo("BLOCKED kev");
        assertThat(verdict(kev, ALPINE_39)).isEqualTo("ALLOWED");
        assertThat(verdict(epss, ALPINE_39)).isEqualTo("BLOCKED epss");
        Run blocked = scan(trusty.toString(), "--policy", kev.toString(), "--exit-code", "3");
        assertThat(blocked.status()).as(blocked.err()).isEqualTo(3);
        assertThat(blocked.err()).contains("Policy verdict: BLOCKED");
    }

    /** {@code imagescan scan --offline ARGS} with an empty cache: the bundled snapshot. */
    private static Run scan(String... args) {
        List<String> all = new ArrayList<>(List.of("scan", "--offline"));
        all.addAll(List.of(args));
        return CliJar.run(dir, emptyCache, null, all.toArray(String[]::new));
    }

    /** The decision and the rules of its reasons, e.g. {@code BLOCKED kev}. */
    private static String verdict(Path policy, String image) throws IOException {
        JsonNode v = scan("--format", "verdict", "--policy", policy.toString(), image).succeeded().json();
        StringBuilder s = new StringBuilder(v.get("decision").asText());
        v.get("reasons").forEach(r -> s.append(' ').append(r.get("rule").asText()));
        return s.toString();
    }

    private static JsonNode finding(JsonNode report, String id, String pkg) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals(id) && f.at("/package/name").asText().equals(pkg)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " on " + pkg);
    }

    private static List<String> withEpss(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (!f.get("epss").isNull() && !ids.contains(f.get("id").asText())) {
                ids.add(f.get("id").asText());
            }
        });
        return ids;
    }

    /** The CVE of each table row, in order. */
    private static List<String> rows(String table) {
        return table.lines().map(String::strip).filter(l -> l.startsWith("CVE-")).map(l -> l.split(" ", 2)[0])
                .toList();
    }
}
