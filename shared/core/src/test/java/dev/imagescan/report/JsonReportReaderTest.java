package dev.imagescan.report;

import static dev.imagescan.vulndb.testing.Advisories.MODIFIED;
import static dev.imagescan.vulndb.testing.Advisories.apk;
import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.entry;
import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagescan.inventory.ImageSummary;
import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.Matcher;
import dev.imagescan.policy.AllowEntry;
import dev.imagescan.policy.Policy;
import dev.imagescan.policy.PolicyEvaluator;
import dev.imagescan.policy.Verdict;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.suppress.IgnoreFileParser;
import dev.imagescan.suppress.Suppressions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.osv.CvssScores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stored JSON report read back renders to the same bytes in every format, and gets the same verdicts, as the
 * report it was written from.
 */
class JsonReportReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Policy> POLICIES = List.of(
            Policy.defaults(),
            new Policy("strict", Severity.LOW, false, Map.of(Severity.MEDIUM, 0, Severity.UNKNOWN, 1), List.of(),
                    true),
            new Policy("waivers", Severity.MEDIUM, false, Map.of(), List.of(
                    new AllowEntry("CVE-2024-10", null, "crafted", LocalDate.of(2027, 1, 1)),
                    new AllowEntry("CVE-2024-11", null, "expired", LocalDate.of(2026, 1, 1))), false));

    @ParameterizedTest
    @ValueSource(strings = {"alpine-3.20.3.oci.tar", "alpine-3.6.5.oci.tar", "alpine-3.9.6.docker.tar.gz",
            "debian-bookworm-trimmed.oci.tar"})
    void bundledImagesRoundTripThroughEveryWriter(String image) throws IOException {
        VulnerabilityReport report = SampleReports.of(image);

        assertRoundTrip(report);
    }

    @Test
    void alpine3203HasItsTwentyTwoFindingsAfterTheTrip() throws IOException {
        VulnerabilityReport report = SampleReports.of("alpine-3.20.3.oci.tar");
        VulnerabilityReport read = roundTrip(report);

        assertThat(read.findings()).hasSize(22);
        assertThat(read.fixPlan().upgrades()).isNotEmpty();
        assertThat(read.inventory().packages()).hasSameSizeAs(report.inventory().packages()).isNotEmpty();
        assertThat(read.inventory().image().layers()).isEqualTo(report.inventory().image().layers());
    }

    @Test
    void suppressedFindingsAndNoticesSurviveTheTrip() throws IOException {
        Inventory inv = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image("alpine-3.20.3.oci.tar"));
        VulnDatabase db = BundledDatabase.load();
        FindingSuppressor suppressor = new Suppressions(IgnoreFileParser.parse(
                "CVE-2025-26519 # not reachable\nCVE-2024-58251 exp:2020-01-01\n", ".imagescanignore"), List.of(),
                SampleReports.CLOCK);
        VulnerabilityReport report = new ReportBuilder(SampleReports.CLOCK).build(inv,
                new Matcher(SampleReports.CLOCK).match(inv, db), db.info(), ReportFilter.ALL, suppressor);

        VulnerabilityReport read = assertRoundTrip(report);

        assertThat(report.suppressed().findings()).hasSize(2);
        assertThat(report.suppressed().notices()).hasSize(1);
        assertThat(read.suppressed()).isEqualTo(report.suppressed());
    }

    @Test
    void debianKeepsItsUnfixedFindingsDistributionRatingsAndLayers() throws IOException {
        VulnerabilityReport report = SampleReports.of("debian-bookworm-trimmed.oci.tar");
        VulnerabilityReport read = roundTrip(report);

        assertThat(read.findings()).isNotEmpty().noneMatch(Finding::fixable);
        assertThat(read.fixPlan().upgrades()).isEmpty();
        assertThat(read.findings()).anyMatch(f -> f.severity().rating() != null);
        assertThat(read.findings()).anyMatch(f -> !f.matchedName().equals(f.pkg().name()));
        assertThat(read.findings()).anyMatch(f -> f.baseLayer()).anyMatch(f -> !f.baseLayer());
    }

    @Test
    void aFilteredReportKeepsItsFilterAndHiddenCounts() throws IOException {
        VulnerabilityReport all = SampleReports.of("debian-bookworm-trimmed.oci.tar");
        ReportFilter filter = new ReportFilter(EnumSet.of(Severity.HIGH, Severity.MEDIUM), true);
        VulnerabilityReport filtered = new VulnerabilityReport(all.inventory(), all.coverage(), all.database(),
                all.generatedAt(), filter, all.findings().stream().filter(filter::shows).toList(),
                SeverityCounts.of(all.findings().stream().filter(filter::shows).toList()),
                SeverityCounts.of(all.findings().stream().filter(f -> !filter.shows(f)).toList()), all.fixPlan());
        assertThat(filtered.hidden().total()).isPositive();

        VulnerabilityReport read = assertRoundTrip(filtered);

        assertThat(read.filter()).isEqualTo(filter);
        assertThat(read.hidden()).isEqualTo(filtered.hidden());
    }

    @Test
    void craftedReportWithEveryCvssVersionRatingsAndRpmFields() throws IOException {
        Package rpm = new Package(PackageType.RPM, "openssl-libs", "1:3.0.7-24.el9", "x86_64",
                new SourcePackage("openssl", "3.0.7-24.el9"), "pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?epoch=1",
                new LayerRef(1, "sha256:" + "1".repeat(64)),
                new InstalledPackage.RpmFields(1L, "3.0.7", "24.el9", "Red Hat, Inc.", null));
        Package kernel = new Package(PackageType.RPM, "kernel-core", "5.14.0-427.el9", "x86_64",
                new SourcePackage("kernel", "5.14.0-427.el9"), "pkg:rpm/redhat/kernel-core@5.14.0-427.el9", null,
                new InstalledPackage.RpmFields(null, "5.14.0", "427.el9", null, "kernel:rhel9"));
        String eco = "Red Hat:enterprise_linux:9::baseos";
        InMemoryVulnDatabase db = db(
                scored("CVE-2024-10", "CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P", null,
                        fixedIn(eco, "openssl-libs", "1:3.0.7-27.el9")),
                scored("CVE-2024-11", "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "Moderate",
                        fixedIn(eco, "openssl-libs", "1:3.0.7-25.el9")),
                scored("CVE-2024-12", "CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                        null, fixedIn(eco, "kernel-core", null)),
                scored("CVE-2024-13", "CVSS_V3", "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "Low",
                        fixedIn(eco, "kernel-core", "5.14.0-503.el9")),
                record("RHSA-2024:1").aliases("CVE-2024-14").affects(fixedIn(eco, "openssl-libs", "1:3.0.7-26.el9"))
                        .build());
        VulnerabilityReport report = build(inventory(os("rhel", "9.4"), rpm, kernel), db, ReportFilter.ALL);
        assertThat(report.findings()).extracting(f -> f.severity().cvss() == null ? "none"
                : f.severity().cvss().version()).contains("2.0", "3.1", "4.0", "3.0", "none");

        VulnerabilityReport read = assertRoundTrip(report);

        assertThat(read.inventory().packages()).containsExactly(kernel, rpm);
        assertThat(read.fixPlan().upgrades()).extracting(u -> u.pkg().rpm()).doesNotContainNull();
    }

    @Test
    void mixedDebianAndAlpinePackagesWithAndWithoutLayers() throws IOException {
        Package noLayer = new Package(PackageType.DEB, "zlib1g", "1:1.2.13.dfsg-1", "amd64",
                new SourcePackage("zlib", "1:1.2.13.dfsg-1"), "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1", null, null);
        InMemoryVulnDatabase db = db(
                record("CVE-2024-20").aliases("DLA-1").affects(entry("Debian:12", "openssl", "unimportant",
                        RangeEvent.introduced("0"), RangeEvent.fixed("3.0.15-1~deb12u1"))).build(),
                record("CVE-2024-21").affects(fixedIn("Debian:12", "zlib", null)).build(),
                record("CVE-2024-22").affects(fixedIn("Debian:12", "zlib", "1:1.2.13.dfsg-2")).cvss("3.1", 9.8)
                        .build(),
                record("CVE-2024-23").affects(fixedIn("Alpine:v3.20", "busybox", "1.36.1-r30")).build());
        Inventory inv = inventory(os("debian", "12.7"), deb("libssl3", "3.0.11-1", "openssl", "3.0.11-1", 0),
                deb("libssl3-bin", "3.0.11-1+b1", "openssl", "3.0.11-1", 2), noLayer,
                apk("busybox", "1.36.1-r29", "busybox", 1));

        assertRoundTrip(build(inv, db, ReportFilter.ALL));
        assertRoundTrip(build(inv, db, new ReportFilter(EnumSet.of(Severity.HIGH), false)));
    }

    @Test
    void coverageNoDataUnsupportedOsAndEndOfLifeSurvive() throws IOException {
        InMemoryVulnDatabase db = db(record("CVE-2024-30").affects(fixedIn("Debian:12", "openssl", "3.0.15-1"))
                .build());
        Package libssl = deb("libssl3", "3.0.11-1", "openssl", "3.0.11-1", 0);

        VulnerabilityReport noData = assertRoundTrip(build(inventory(os("debian", "10.13"), libssl), db,
                ReportFilter.ALL));
        VulnerabilityReport unsupported = assertRoundTrip(build(inventory(OperatingSystem.unknown(), libssl), db,
                ReportFilter.ALL));

        assertThat(noData.coverage().status()).isEqualTo(Coverage.Status.NO_DATA);
        assertThat(noData.coverage().endOfLife()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(noData.coverage().eolReached()).isTrue();
        assertThat(noData.coverage().message()).isNotBlank();
        assertThat(unsupported.coverage().status()).isEqualTo(Coverage.Status.UNSUPPORTED_OS);
        assertThat(unsupported.inventory().os().isKnown()).isFalse();
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        VulnerabilityReport report = SampleReports.of("alpine-3.20.3.oci.tar");
        ObjectNode doc = (ObjectNode) JSON.readTree(write(new JsonReportWriter(), report));
        doc.put("addedLater", "x");
        ((ObjectNode) doc.at("/findings/0")).putObject("exploitedLater").put("score", 0.5);
        ((ObjectNode) doc.at("/image")).putArray("annotations").add(1);

        VulnerabilityReport read = read(JSON.writeValueAsBytes(doc));

        assertThat(write(new JsonReportWriter(), read)).isEqualTo(write(new JsonReportWriter(), report));
    }

    @Test
    void aReportWithoutTheInstalledListHoldsTheFindingsPackages() throws IOException {
        VulnerabilityReport report = SampleReports.of("alpine-3.20.3.oci.tar");
        ObjectNode doc = (ObjectNode) JSON.readTree(write(new JsonReportWriter(), report));
        doc.remove("installed");

        VulnerabilityReport read = read(JSON.writeValueAsBytes(doc));

        assertThat(read.inventory().packages()).containsExactlyElementsOf(report.findings().stream()
                .map(Finding::pkg).distinct().sorted(Package.ORDER).toList());
        assertThat(write(new SarifReportWriter(), read)).isEqualTo(write(new SarifReportWriter(), report));
        assertThat(withoutBomNoise(write(new CycloneDxVexWriter(), read)).get("vulnerabilities"))
                .isEqualTo(withoutBomNoise(write(new CycloneDxVexWriter(), report)).get("vulnerabilities"));
    }

    @Test
    void refusesWhatIsNotAReport() {
        assertThatThrownBy(() -> read("{\"schemaVersion\":2}")).isInstanceOf(IOException.class)
                .hasMessageContaining("schemaVersion is 2");
        assertThatThrownBy(() -> read("{\"schemaVersion\":\"1\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("schemaVersion is \"1\", not 1");
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class).hasMessageContaining("not a JSON report");
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IOException.class).hasMessageContaining("not an object");
        assertThatThrownBy(() -> read("{\"schemaVersion\":1}")).isInstanceOf(IOException.class)
                .hasMessageContaining("missing field 'generatedAt'");
    }

    @Test
    void aTruncatedDocumentIsRefused() throws IOException {
        byte[] json = write(new JsonReportWriter(), SampleReports.of("alpine-3.20.3.oci.tar"));

        for (int length : new int[] {1, json.length / 3, json.length / 2, json.length - 3}) {
            byte[] cut = java.util.Arrays.copyOf(json, length);
            assertThatThrownBy(() -> read(cut)).as("%d bytes", length).isInstanceOf(IOException.class)
                    .hasMessageContaining("not a JSON report document");
        }
    }

    @Test
    void wrongTypesAreRefusedNamingTheirPath() throws IOException {
        assertBad(doc -> ((ObjectNode) doc.at("/findings/3")).putObject("cvss").put("version", "3.1").put("vector", "x")
                .put("score", "high"),
                "findings[3].cvss.score: expected a number, found a string");
        assertBad(doc -> ((ObjectNode) doc.at("/findings/0/package")).put("name", 7),
                "findings[0].package.name: expected a string, found a number");
        assertBad(doc -> ((ObjectNode) doc.at("/findings/1")).put("severity", "Critical"),
                "findings[1].severity: expected High, Medium, Low or Unknown, found 'Critical'");
        assertBad(doc -> ((ObjectNode) doc.at("/findings/2")).remove("references"),
                "missing field 'findings[2].references'");
        assertBad(doc -> ((ObjectNode) doc.at("/coverage")).put("status", "PARTIAL"),
                "coverage.status: unknown value 'PARTIAL'");
        assertBad(doc -> ((ObjectNode) doc.at("/counts")).put("High", 1.5),
                "counts.High: expected a whole number, found a number");
        assertBad(doc -> ((ObjectNode) doc.at("/counts")).put("total", 1000),
                "counts.total: is 1000, not the sum of the levels");
        assertBad(doc -> ((ObjectNode) doc).put("generatedAt", "yesterday"),
                "generatedAt: 'yesterday' is not an ISO 8601 instant");
        assertBad(doc -> ((ObjectNode) doc.at("/image")).put("layers", "none"),
                "image.layers: expected an array, found a string");
        assertBad(doc -> ((ObjectNode) doc.at("/fixPlan/upgrades/0")).put("from", "0.0.1"),
                "fixPlan.upgrades[0]: upgrades");
        assertBad(doc -> ((ObjectNode) doc).put("packages", 3),
                "installed: holds");
        assertBad(doc -> ((ObjectNode) doc.at("/findings/0")).put("fixedVersion", (String) null),
                "findings[0].status: is fixed, but fixedVersion is null");
    }

    @Test
    void aDocumentOverTheLimitIsRefusedUnread() {
        InputStream huge = new InputStream() {
            private long left = JsonReportReader.MAX_BYTES + 1024L;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) ' ');
                left -= n;
                return n;
            }
        };

        assertThatThrownBy(() -> new JsonReportReader().read(huge)).isInstanceOf(IOException.class)
                .hasMessageContaining("at most " + JsonReportReader.MAX_BYTES + " bytes");
    }

    @Test
    void absurdNestingIsRefused() {
        String deep = "{\"schemaVersion\":1,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        assertThatThrownBy(() -> read(deep)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON report document").hasMessageContaining("nesting");
    }

    /** Writes, reads, and checks every writer and every policy agree; returns what was read. */
    private static VulnerabilityReport assertRoundTrip(VulnerabilityReport report) throws IOException {
        byte[] json = write(new JsonReportWriter(), report);
        assertThat(JsonSchemas.reportProblems(JSON.readTree(json))).isEmpty();
        VulnerabilityReport read = read(json);

        assertThat(read).isEqualTo(report);
        assertThat(write(new JsonReportWriter(), read)).isEqualTo(json);
        for (ReportWriter writer : List.of(new SarifReportWriter(), new HtmlReportWriter(), new TableReportWriter())) {
            assertThat(new String(write(writer, read), StandardCharsets.UTF_8)).as(writer.getClass().getSimpleName())
                    .isEqualTo(new String(write(writer, report), StandardCharsets.UTF_8));
        }
        assertThat(withoutBomNoise(write(new CycloneDxVexWriter(), read)))
                .isEqualTo(withoutBomNoise(write(new CycloneDxVexWriter(), report)));
        for (Policy policy : POLICIES) {
            if (report.hidden().total() == 0) {
                Verdict verdict = PolicyEvaluator.evaluate(policy, read, SampleReports.CLOCK);
                assertThat(verdict).as(policy.version())
                        .isEqualTo(PolicyEvaluator.evaluate(policy, report, SampleReports.CLOCK));
            } else {
                assertThatThrownBy(() -> PolicyEvaluator.evaluate(policy, read, SampleReports.CLOCK))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        return read;
    }

    private static VulnerabilityReport roundTrip(VulnerabilityReport report) throws IOException {
        return read(write(new JsonReportWriter(), report));
    }

    /** The BOM without what differs between two writings of one report: its serial number and timestamp. */
    private static JsonNode withoutBomNoise(byte[] bom) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(bom);
        assertThat(doc.get("serialNumber").asText()).startsWith("urn:uuid:");
        assertThat(doc.at("/metadata/timestamp").isTextual()).isTrue();
        doc.remove("serialNumber");
        ((ObjectNode) doc.get("metadata")).remove("timestamp");
        return doc;
    }

    private static void assertBad(java.util.function.Consumer<JsonNode> edit, String message) throws IOException {
        JsonNode doc = JSON.readTree(write(new JsonReportWriter(), SampleReports.of("alpine-3.20.3.oci.tar")));
        edit.accept(doc);
        byte[] bytes = JSON.writeValueAsBytes(doc);

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    private static OsvRecord scored(String id, String osvType, String vector, String rating,
            dev.imagescan.vulndb.AffectedPackage affected) {
        return new OsvRecord(new Advisory(id, List.of(), "summary of " + id, null, MODIFIED,
                List.of(CvssScores.score(osvType, vector)), rating, List.of("https://example.org/" + id)), null,
                List.of(affected));
    }

    /** An inventory with digests, tags, layers, warnings and analyzers, as a scan gives. */
    private static Inventory inventory(OperatingSystem os, Package... packages) {
        List<ImageSummary.Layer> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            layers.add(new ImageSummary.Layer(i, "sha256:" + String.valueOf(i).repeat(64),
                    "sha256:" + "abcdef".charAt(i) + "0".repeat(63), "application/vnd.oci.image.layer.v1.tar+gzip",
                    1000L * (i + 1)));
        }
        ImageSummary image = new ImageSummary("crafted.oci.tar", "oci-archive", "linux/amd64",
                "sha256:" + "e".repeat(64), "sha256:" + "c".repeat(64), List.of("example.org/crafted:1"), layers);
        return new Inventory(image, os, List.of(packages).stream().sorted(Package.ORDER).toList(),
                List.of("a crafted warning"), List.of("dpkg/1", "apk/1", "rpm/1"));
    }

    private static VulnerabilityReport build(Inventory inv, InMemoryVulnDatabase db, ReportFilter filter) {
        return new ReportBuilder(SampleReports.CLOCK).build(inv, new Matcher(SampleReports.CLOCK).match(inv, db),
                db.info(), filter);
    }

    private static VulnerabilityReport read(String json) throws IOException {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static VulnerabilityReport read(byte[] json) throws IOException {
        return new JsonReportReader().read(new ByteArrayInputStream(json));
    }

    private static byte[] write(ReportWriter writer, VulnerabilityReport report) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writer.write(report, out);
        return out.toByteArray();
    }
}
