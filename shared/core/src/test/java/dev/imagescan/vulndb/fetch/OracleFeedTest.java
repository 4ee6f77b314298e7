package dev.imagescan.vulndb.fetch;

import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Oracle's ELSA OVAL bzip2-compressed under its official path, built into a database: Oracle Linux images are
 * COVERED, packages matched by flavor and architecture, rated by Oracle's severity.
 */
class OracleFeedTest {
    private static final String PATH = "/security/oval/com.oracle.elsa-all.xml.bz2";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static OfficialPathsServer server;
    private static VulnDatabase db;

    @BeforeAll
    static void build() throws IOException {
        server = new OfficialPathsServer();
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        try (OutputStream bz = new BZip2CompressorOutputStream(xml)) {
            // one document: the per-arch and ksplice samples' definitions in one oval_definitions
            String perArch = new String(FeedSamples.bytes("oracle/mock_per_arch_data.xml"), "UTF-8");
            String ksplice = new String(FeedSamples.bytes("oracle/mock_ksplice_data.xml"), "UTF-8");
            String definitions = ksplice.substring(ksplice.indexOf("<definition "),
                    ksplice.lastIndexOf("</definitions>"));
            bz.write(perArch.replace("</definitions>", definitions + "</definitions>").getBytes("UTF-8"));
        }
        server.serve(PATH, xml.toByteArray(), "\"o1\"", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(AdvisorySources.of("oracle=" + server.url(PATH),
                AdvisorySources.Options.DEFAULT.withPlainHttp(true))), CLOCK.instant(), out);
        db = VulnDatabases.load(out.toByteArray());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Package rpm(String name, String version, String arch) {
        return new Package(PackageType.RPM, name, version, arch, new SourcePackage(name, null),
                "pkg:rpm/oracle/" + name + "@" + version, new LayerRef(0, "sha256:0"), null);
    }

    @Test
    void anOracleLinuxImageIsCoveredAndMatchedByArchitecture() {
        MatchResult x86 = new Matcher(CLOCK).match(inventory(os("ol", "7.9"),
                rpm("rsyslog", "0:8.24.0-57.0.2.el7_9.3", "x86_64")), db);
        MatchResult arm = new Matcher(CLOCK).match(inventory(os("ol", "7.9"),
                rpm("rsyslog", "0:8.24.0-57.0.2.el7_9.3", "aarch64")), db);

        assertThat(x86.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(x86.matches()).as("fixed at 57.0.1 on x86_64").isEmpty();
        assertThat(arm.matches()).extracting(m -> m.fixedVersion()).isNotEmpty()
                .containsOnly("0:8.24.0-57.0.4.el7_9.3");
        VulnerabilityReport r = new ReportBuilder(CLOCK).build(inventory(os("ol", "7.9"),
                rpm("rsyslog", "0:8.24.0-57.0.2.el7_9.3", "aarch64")), arm, db.info(), ReportFilter.ALL);
        assertThat(r.findings()).allSatisfy(f -> {
            assertThat(f.level()).isEqualTo(Severity.HIGH);
            assertThat(f.severity().source()).isEqualTo("oracle");
            assertThat(f.severity().rating()).isEqualTo("important");
        });
    }

    @Test
    void kspliceFixesOnlyApplyToKspliceBuilds() {
        MatchResult normal = new Matcher(CLOCK).match(inventory(os("ol", "8.3"),
                rpm("openssl", "1:1.1.1g-15.el8_3", "x86_64")), db);
        MatchResult ksplice = new Matcher(CLOCK).match(inventory(os("ol", "8.3"),
                rpm("openssl", "2:1.1.1g-14.ksplice1.el8_3", "x86_64")), db);

        assertThat(normal.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(normal.matches()).isEmpty();
        assertThat(ksplice.matches()).isNotEmpty().allSatisfy(m -> assertThat(m.fixedVersion())
                .isEqualTo("2:1.1.1g-15.ksplice1.el8_3"));
    }
}
