package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagescan.analyzer.app.AppImages;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Matcher;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.osv.OsvParser;
import dev.imagescan.vulndb.testing.Advisories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLab's container-scanning report of real scans (the Debian corpus image against the bundled database, the image
 * of real application packages against real GHSA, Go and OpenSSF records), each validated against GitLab's schema
 * 15.2.4 and read back finding by finding.
 */
class GitLabReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @Test
    void debianReportIsValidAndCarriesEveryFindingWithItsPackageLevelAndFix() throws IOException {
        VulnerabilityReport report = SampleReports.of("debian-bookworm-trimmed.oci.tar");
        JsonNode doc = JSON.readTree(SampleReports.render(new GitLabReportWriter(), report));

        assertThat(JsonSchemas.gitLabContainerScanningProblems(doc)).isEmpty();
        assertThat(doc.get("version").asText()).isEqualTo("15.2.4");
        assertThat(doc.at("/scan/type").asText()).isEqualTo("container_scanning");
        assertThat(doc.at("/scan/status").asText()).isEqualTo("success");
        assertThat(doc.at("/scan/analyzer/id").asText()).isEqualTo("imagescan");
        assertThat(doc.at("/scan/end_time").asText()).isEqualTo("2026-11-27T00:00:00");
        JsonNode items = doc.get("vulnerabilities");
        assertThat(report.findings()).isNotEmpty();
        assertThat(items).hasSize(report.findings().size());
        Set<String> ids = new HashSet<>();
        int withVector = 0;
        for (int i = 0; i < items.size(); i++) {
            Finding f = report.findings().get(i);
            JsonNode v = items.get(i);
            ids.add(v.get("id").asText());
            assertThat(v.at("/identifiers/0/value").asText()).isEqualTo(f.id());
            assertThat(v.at("/location/dependency/package/name").asText()).isEqualTo(f.pkg().name());
            assertThat(v.at("/location/dependency/version").asText()).isEqualTo(f.pkg().version());
            assertThat(v.at("/location/operating_system").asText()).isEqualTo("debian:12.15");
            assertThat(v.at("/location/image").asText()).isEqualTo(report.inventory().image().name());
            assertThat(v.get("severity").asText()).isEqualTo(switch (SixLevels.of(f)) {
                case CRITICAL -> "Critical";
                case HIGH -> "High";
                case MEDIUM -> "Medium";
                case LOW, NEGLIGIBLE -> "Low";
                case UNKNOWN -> "Unknown";
            });
            String upgrade = "Upgrade " + f.pkg().name() + " to " + f.fixedVersion();
            assertThat(v.get("solution").asText()).isEqualTo(!f.fixable()
                    ? "No fixed version of " + f.pkg().name() + " (" + f.status().label() + ")."
                    : f.command() == null ? upgrade + "." : upgrade + ": " + f.command());
            assertThat(v.at("/details/package_url/value").asText()).isEqualTo(f.pkg().purl());
            assertThat(v.at("/details/layer/value").asText()).isEqualTo(f.pkg().layer().diffId());
            if (v.has("cvss_vectors")) {
                withVector++;
                assertThat(v.at("/cvss_vectors/0/vector").asText()).isEqualTo(f.severity().cvss().vector());
            }
        }
        assertThat(ids).as("one stable UUID per finding").hasSize(items.size());
        assertThat(withVector).as("every CVSS vector carried")
                .isEqualTo(report.findings().stream().filter(f -> f.severity().cvss() != null).count());
        JsonNode again = JSON.readTree(SampleReports.render(new GitLabReportWriter(), report));
        assertThat(again.get("vulnerabilities").findValuesAsText("id"))
                .isEqualTo(items.findValuesAsText("id"));
    }

    @Test
    void hostileAndOverlongSummariesStayValid() throws IOException {
        VulnerabilityReport report = SampleReports.withHostileSummary(
                SampleReports.of("debian-bookworm-trimmed.oci.tar"));
        List<Finding> findings = new ArrayList<>(report.findings());
        Finding f = findings.get(1);
        String longSummary = "x".repeat(253) + "\uD83D\uDE00" + "y".repeat(100);
        findings.set(1, new Finding(f.id(), f.advisoryIds(), f.aliases(), f.pkg(), f.matchedName(), f.fixedVersion(),
                f.severity(), longSummary, List.of("not a url", "https://example.org/a"), f.command(), f.baseLayer()));
        VulnerabilityReport edited = new VulnerabilityReport(report.inventory(), report.coverage(), report.database(),
                report.generatedAt(), report.filter(), findings, report.counts(), report.hidden(), report.fixPlan());

        JsonNode doc = JSON.readTree(SampleReports.render(new GitLabReportWriter(), edited));

        assertThat(JsonSchemas.gitLabContainerScanningProblems(doc)).isEmpty();
        assertThat(doc.at("/vulnerabilities/0/name").asText()).isEqualTo(SampleReports.HOSTILE_SUMMARY);
        String name = doc.at("/vulnerabilities/1/name").asText();
        assertThat(name).hasSize(254).endsWith("x…");
        assertThat(doc.at("/vulnerabilities/1/description").asText()).isEqualTo(longSummary);
        assertThat(doc.at("/vulnerabilities/1/links").findValuesAsText("url"))
                .containsExactly("https://example.org/a");
    }

    @Test
    void theSchemaCheckCatchesABrokenReport() throws IOException {
        JsonNode doc = JSON.readTree(SampleReports.render(new GitLabReportWriter(),
                SampleReports.of("debian-bookworm-trimmed.oci.tar")));
        ((ObjectNode) doc.at("/vulnerabilities/0/location")).remove("image");
        ((ObjectNode) doc.at("/vulnerabilities/1")).put("severity", "Negligible");
        ((ObjectNode) doc.at("/scan")).put("end_time", "2026-11-27T00:00:00Z");

        assertThat(JsonSchemas.gitLabContainerScanningProblems(doc)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void applicationFindingsNameTheirFileAdvisoriesAndMaliciousPackages() throws IOException {
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(AppImages.image()
                .writeOciArchive(dir.resolve("apps.tar")));
        List<OsvRecord> records = new ArrayList<>();
        for (String name : List.of("GHSA-jfh8-c2jp-5v3q.json", "GHSA-xvch-5gv4-984h.json", "GHSA-35jh-r3h4-6jhm.json",
                "GHSA-v845-jxx5-vc9f.json", "GO-2023-1840.json", "MAL-2025-25502.json")) {
            try (InputStream in = getClass().getResourceAsStream("/vulndb/lang/" + name)) {
                records.add(new OsvParser().parse(in.readAllBytes(), name));
            }
        }
        InMemoryVulnDatabase db = Advisories.db(records.toArray(OsvRecord[]::new));
        VulnerabilityReport report = new ReportBuilder(SampleReports.CLOCK).build(inventory,
                new Matcher(SampleReports.CLOCK).match(inventory, db), db.info(), ReportFilter.ALL);

        JsonNode doc = JSON.readTree(SampleReports.render(new GitLabReportWriter(), report));

        assertThat(JsonSchemas.gitLabContainerScanningProblems(doc)).isEmpty();
        assertThat(doc.get("vulnerabilities")).hasSize(report.findings().size());
        JsonNode log4j = find(doc, "log4j-core");
        assertThat(log4j.at("/details/file/value").asText()).isEqualTo("/" + AppImages.LOG4J);
        assertThat(log4j.at("/details/package_type/value").asText()).isEqualTo("maven");
        assertThat(log4j.at("/identifiers/0/type").asText()).isEqualTo("cve");
        assertThat(log4j.at("/identifiers/0/url").asText()).startsWith("https://www.cve.org/CVERecord?id=CVE-");
        assertThat(log4j.get("identifiers").findValuesAsText("value")).contains("GHSA-jfh8-c2jp-5v3q");
        assertThat(log4j.get("severity").asText()).isEqualTo("Critical");
        assertThat(log4j.at("/cvss_vectors/0/vector").asText()).startsWith("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/");
        for (JsonNode v : doc.get("vulnerabilities")) {
            for (JsonNode id : v.get("identifiers")) {
                if (id.get("type").asText().equals("ghsa")) {
                    assertThat(id.get("url").asText()).isEqualTo("https://github.com/advisories/"
                            + id.get("value").asText());
                }
            }
        }
        List<JsonNode> malware = new ArrayList<>();
        doc.get("vulnerabilities").forEach(v -> {
            if (v.at("/identifiers/0/value").asText().startsWith("MAL-")) {
                malware.add(v);
            }
        });
        assertThat(malware).isNotEmpty()
                .allSatisfy(v -> assertThat(v.get("solution").asText()).startsWith("Remove "));
    }

    @Test
    void onlyVectorsTheSchemaAcceptsAreWritten() {
        assertThat(GitLabReportWriter.validVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")).isTrue();
        assertThat(GitLabReportWriter.validVector("AV:N/AC:L/Au:N/C:P/I:P/A:P")).isTrue();
        assertThat(GitLabReportWriter.validVector(
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).isTrue();
        assertThat(GitLabReportWriter.validVector("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P")).isFalse();
        assertThat(GitLabReportWriter.validVector("CVSS:3.1/AV:N")).isFalse();
        assertThat(GitLabReportWriter.validVector(null)).isFalse();
        assertThat(GitLabReportWriter.identifierType("DLA-3682-1")).isEqualTo("dla");
        assertThat(GitLabReportWriter.identifierType("DEBIAN-CVE-2024-0727")).isEqualTo("debian");
        assertThat(GitLabReportWriter.cut("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
    }

    private static JsonNode find(JsonNode doc, String packageName) {
        for (JsonNode v : doc.get("vulnerabilities")) {
            if (v.at("/location/dependency/package/name").asText().endsWith(packageName)) {
                return v;
            }
        }
        throw new AssertionError("no finding for " + packageName);
    }
}
