package dev.imagescan.vulndb.fetch;

import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.testing.Gzip;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.BuildResult;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NVD, EPSS and KEV read as sources for real (local files and the official paths on a local server), merged by CVE. */
class SignalSourcesTest {
    private static final String EPSS = "/epss_scores-current.csv.gz";
    private static final String KEV = "/sites/default/files/feeds/known_exploited_vulnerabilities.json";
    private static final Instant BUILT = Instant.parse("2026-11-27T00:00:00Z");
    /** An advisory built in the test that names CVEs of the three samples, and one that no feed lists. */
    private static final OsvRecord ADVISORY = record("DSA-9999-1").aliases("CVE-2022-1576", "CVE-1999-0005",
            "CVE-2025-0108", "CVE-2099-0001").affects(fixedIn("Debian:12", "pkg", "1.0-2")).build();

    @TempDir
    Path dir;
    private OfficialPathsServer server;
    private AdvisorySources.Options options;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve(EPSS, Gzip.compress(FeedSamples.bytes("epss/example-1.csv")), "\"e1\"", null);
        server.serve(KEV, FeedSamples.bytes("kev/valid-catalog-1.json"), "\"k1\"", null);
        options = AdvisorySources.Options.DEFAULT.withPlainHttp(true).withCache(dir.resolve("cache"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<AdvisorySource> sources() throws IOException {
        Path nvd = FeedSamples.file(dir, "nvd/single-entry.json");
        return List.of(advisories(), AdvisorySources.of("nvd=" + nvd, options),
                AdvisorySources.of("epss=" + server.url(EPSS), options),
                AdvisorySources.of("kev=" + server.url(KEV), options));
    }

    private static AdvisorySource advisories() {
        return new AdvisorySource() {
            @Override
            public String name() {
                return "crafted";
            }

            @Override
            public String read(RecordSink sink) throws IOException {
                sink.record(ADVISORY);
                return "crafted-1";
            }
        };
    }

    @Test
    void theFeedsAreMergedByCveIntoTheDatabase() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildResult result = new DatabaseBuilder().build(sources(), BUILT, out);
        VulnDatabase db = VulnDatabases.load(out.toByteArray());

        DatabaseInfo info = db.info();
        assertThat(info).isEqualTo(result.info());
        assertThat(info.formatVersion()).isEqualTo(3);
        assertThat(info.cves()).isEqualTo(3);
        assertThat(info.sourceRecords()).containsExactly(java.util.Map.entry("crafted", 1L),
                java.util.Map.entry("nvd:single-entry.json", 1L), java.util.Map.entry("epss:" + server.url(EPSS), 5L),
                java.util.Map.entry("kev:" + server.url(KEV), 3L));
        assertThat(db.signals("CVE-2022-1576")).get().extracting(CveSignals::nvdCvss).asList()
                .extracting(c -> ((CvssScore) c).baseScore()).containsExactly(6.5, 4.3);
        assertThat(db.signals("CVE-1999-0005").orElseThrow().epss())
                .isEqualTo(new CveSignals.Epss(0.91963, 0.99214, LocalDate.of(2025, 2, 20)));
        assertThat(db.signals("CVE-2025-0108").orElseThrow().kev().dateAdded()).isEqualTo(LocalDate.of(2025, 2, 18));
        // listed by a feed but named by no advisory: not kept; named but listed by none: nothing
        assertThat(db.signals("CVE-2024-53704")).isEmpty();
        assertThat(db.signals("CVE-2099-0001")).isEmpty();
        assertThat(db.signals("not a CVE")).isEmpty();
    }

    @Test
    void aSecondBuildReusesTheUnchangedFeedsAndGivesTheSameBytes() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        BuildResult one = new DatabaseBuilder().build(sources(), BUILT, first);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        BuildResult two = new DatabaseBuilder().build(sources(), BUILT, second);

        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
        assertThat(two.stats().perSource()).isEqualTo(one.stats().perSource());
        assertThat(server.log()).containsExactly(EPSS + " null null 200", KEV + " null null 200",
                EPSS + " \"e1\" null 304", KEV + " \"k1\" null 304");
    }

    @Test
    void aFeedThatFailsStopsTheBuildNamingIt() throws IOException {
        server.status(KEV, 500);

        assertThatThrownBy(() -> new DatabaseBuilder().build(sources(), BUILT, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessage(server.url(KEV) + ": HTTP status 500 (expected 200)");
    }

    @Test
    void namedSourcesAndTheirDefaults() throws IOException {
        assertThat(AdvisorySources.of("nvd", AdvisorySources.Options.DEFAULT).name()).isEqualTo("nvd:"
                + (LocalDate.now().getYear() - 2002 + 2) + " documents");
        assertThat(AdvisorySources.of("kev", AdvisorySources.Options.DEFAULT).name())
                .isEqualTo("kev:https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json");
        assertThat(AdvisorySources.of("EPSS", AdvisorySources.Options.DEFAULT).name())
                .isEqualTo("epss:https://epss.empiricalsecurity.com/epss_scores-current.csv.gz");
        assertThatThrownBy(() -> AdvisorySources.of("osv", AdvisorySources.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("osv needs a location");
        assertThatThrownBy(() -> AdvisorySources.of("kev=", AdvisorySources.Options.DEFAULT))
                .hasMessage("source kev= names no file or URL");
    }
}
