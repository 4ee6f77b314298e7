package dev.imagescan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.Advisories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application packages of {@link AppImages} against real GHSA, Go and OpenSSF malicious-package records
 * (shared/testing vulndb/lang, sources in its README): which match, at which fixed version, the level their CVSS
 * vector gives, the remediation where each is declared, and the malicious package in its own category.
 */
class ApplicationMatchingTest {
    static final List<String> RECORDS = List.of("GHSA-jfh8-c2jp-5v3q.json", "GHSA-xvch-5gv4-984h.json",
            "GHSA-35jh-r3h4-6jhm.json", "GHSA-v845-jxx5-vc9f.json", "GO-2023-1840.json", "MAL-2025-25502.json");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static Inventory inventory;
    static InMemoryVulnDatabase db;

    @BeforeAll
    static void scanAndLoad() throws IOException {
        Path image = AppImages.image().writeOciArchive(dir.resolve("a.tar"));
        inventory = new ImageScanner(ScanOptions.defaults()).scan(image);
        List<OsvRecord> records = new ArrayList<>();
        for (String name : RECORDS) {
            try (InputStream in = ApplicationMatchingTest.class.getResourceAsStream("/vulndb/lang/" + name)) {
                records.add(new OsvParser().parse(in.readAllBytes(), name));
            }
        }
        db = Advisories.db(records.toArray(OsvRecord[]::new));
    }

    @Test
    void eachEcosystemMatchesInItsOwnOrder() {
        MatchResult result = new Matcher(CLOCK).match(inventory, db);
        assertThat(result.matches()).extracting(m -> m.vulnerabilityId() + " " + m.pkg().name() + " "
                + m.pkg().version() + " -> " + m.fixedVersion() + " @ " + m.pkg().app().path())
                .containsExactlyInAnyOrder(
                        "CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.14.1 -> 2.15.0 @ " + AppImages.LOG4J,
                        "CVE-2021-44906 minimist 1.2.0 -> 1.2.6 @ srv/web/node_modules/minimist/package.json",
                        "CVE-2021-23337 lodash 4.17.15 -> 4.17.21 @ srv/web/node_modules/lodash/package.json",
                        "CVE-2021-23337 lodash 4.17.20 -> 4.17.21 @ " + AppImages.LOCK,
                        "CVE-2023-43804 urllib3 1.26.12 -> 1.26.17 @ " + AppImages.PIP_METADATA,
                        "CVE-2023-29403 stdlib v1.19.8 -> 1.19.10 @ " + AppImages.GO,
                        "MAL-2025-25502 lodahs 1.0.0 -> null @ srv/web/node_modules/lodahs/package.json");
        assertThat(result.matches()).filteredOn(Match::malicious).extracting(m -> m.pkg().name())
                .containsExactly("lodahs");
        // Debian's own python3-urllib3 is not matched against PyPI: it is an OS package (no Debian data here)
        assertThat(result.matches()).noneMatch(m -> m.pkg().type().isOs());
    }

    @Test
    void theReportRatesByCvssAndSaysWhereToUpgrade() {
        VulnerabilityReport report = new ReportBuilder(CLOCK).build(inventory, new Matcher(CLOCK).match(inventory, db),
                db.info(), ReportFilter.ALL);
        assertThat(finding(report, "org.apache.logging.log4j:log4j-core").severity().source()).isEqualTo("cvss");
        assertThat(finding(report, "org.apache.logging.log4j:log4j-core").level().label()).isEqualTo("High");
        // GHSA calls it MODERATE; its CVSS 3.1 vector scores 5.9
        assertThat(finding(report, "urllib3").level().label()).isEqualTo("Medium");
        assertThat(finding(report, "minimist").command()).isEqualTo("cd /srv/web && npm install minimist@1.2.6");
        assertThat(finding(report, "urllib3").command())
                .isEqualTo("pip install 'urllib3>=1.26.17'  # into /usr/local/lib/python3.11/dist-packages");
        assertThat(finding(report, "stdlib").command())
                .isEqualTo("rebuild /usr/local/bin/hello with Go 1.19.10 or later");
        assertThat(finding(report, "org.apache.logging.log4j:log4j-core").command()).isEqualTo(
                "depend on org.apache.logging.log4j:log4j-core:2.15.0 instead in the build of /" + AppImages.LOG4J);
        assertThat(report.fixPlan().commands()).contains(
                "cd /srv/web && npm install lodash@4.17.21 minimist@1.2.6",
                "cd /opt/tool && npm install lodash@4.17.21");
    }

    @Test
    void theHtmlReportNamesEachPackagesApplicationAndTheMalware() throws IOException {
        VulnerabilityReport report = new ReportBuilder(CLOCK).build(inventory, new Matcher(CLOCK).match(inventory, db),
                db.info(), ReportFilter.ALL);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new dev.imagescan.report.HtmlReportWriter().write(report, out);
        String html = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("npm in /srv/web, found at /srv/web/node_modules/lodash/package.json",
                "maven in /" + AppImages.LOG4J + ", found at /" + AppImages.LOG4J, "MALICIOUS: remove it");
    }

    private static Finding finding(VulnerabilityReport report, String name) {
        return report.findings().stream().filter(f -> f.pkg().name().equals(name)).findFirst().orElseThrow();
    }
}
