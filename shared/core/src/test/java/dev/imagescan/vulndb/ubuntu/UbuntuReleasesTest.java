package dev.imagescan.vulndb.ubuntu;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.JsonInventoryReader;
import dev.imagescan.report.JsonInventoryWriter;
import dev.imagescan.report.JsonReportWriter;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import dev.imagescan.vulndb.testing.TrackerSamples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ubuntu 12.04, 14.04 and 24.04 images built in the test, scanned and matched against a database built from real
 * Ubuntu CVE tracker files and a real Canonical OSV record (shared/testing's {@code vulndb/ubuntu/README.md}): COVERED,
 * with the tracker's fixes, status words and priorities for the releases OSV has dropped, the ESM pockets for an
 * image with Ubuntu Pro, and Canonical's OSV for a release the tracker data does not name.
 */
class UbuntuReleasesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final String SAMPLES = "ubuntu/images/";
    /** Ubuntu 12.04's release files as ansible's distribution tests give them (vulndb/ubuntu/README.md cites them). */
    private static final String PRECISE_OS_RELEASE = "NAME=\"Ubuntu\"\nVERSION=\"12.04.5 LTS, Precise Pangolin\"\n"
            + "ID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu precise (12.04.5 LTS)\"\nVERSION_ID=\"12.04\"\n";
    private static final String PRECISE_LSB_RELEASE = "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=12.04\n"
            + "DISTRIB_CODENAME=precise\nDISTRIB_DESCRIPTION=\"Ubuntu 12.04.5 LTS\"\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tracker files but the one naming 24.04, and Canonical's OSV record of CVE-2016-20013. */
    private static VulnDatabase db;
    /** Every tracker file (24.04 included) and the same OSV record. */
    private static VulnDatabase withNoble;

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        List<String> withoutNoble = TrackerSamples.FILES.stream().filter(f -> !f.endsWith("CVE-2025-11411")).toList();
        Path osv = FeedSamples.file(dir, "ubuntu/osv/UBUNTU-CVE-2016-20013.json");
        db = database(TrackerSamples.checkout(dir.resolve("uct"), withoutNoble), osv);
        withNoble = database(TrackerSamples.checkout(dir.resolve("uct-all"), TrackerSamples.FILES), osv);
    }

    private static VulnDatabase database(Path tracker, Path osv) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("ubuntu-tracker=" + tracker, AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("osv=" + osv, AdvisorySources.Options.DEFAULT)), CLOCK.instant(), out);
        return VulnDatabases.load(out.toByteArray());
    }

    @Test
    void ubuntu1204IsCoveredByTheTrackerWithItsStatusesAndPriorities() throws IOException {
        VulnerabilityReport report = report(scan("precise", precise(false)), db);

        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:12.04:tracker");
        assertThat(report.coverage().eolReached()).isTrue();
        assertThat(findings(report)).containsExactlyInAnyOrder(
                "CVE-2014-0160 libssl1.0.0 HIGH high fixed 1.0.1-4ubuntu5.12",
                "CVE-2016-7543 bash MEDIUM medium out_of_support null");
        assertThat(report.findings()).allSatisfy(f -> {
            assertThat(f.severity().source()).isEqualTo("ubuntu");
            assertThat(f.advisoryIds()).singleElement().asString().startsWith("UCT-CVE-");
        });
    }

    /** The embedded default database holds the same tracker files (src/main/vulndb-feeds/ubuntu). */
    @Test
    void theEmbeddedDatabaseCoversUbuntu1204WithTheTrackersWords() throws IOException {
        VulnerabilityReport report = report(scan("precise-embedded", precise(false)), BundledDatabase.load());

        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:12.04:tracker");
        assertThat(findings(report)).containsExactlyInAnyOrder(
                "CVE-2014-0160 libssl1.0.0 HIGH high fixed 1.0.1-4ubuntu5.12",
                "CVE-2016-7543 bash MEDIUM medium out_of_support null");
    }

    @Test
    void ubuntu1204WithEsmGetsTheEsmPocketsFixesAndOpenIssues() throws IOException {
        Inventory inventory = scan("precise-esm", precise(true));

        VulnerabilityReport report = report(inventory, db);

        assertThat(inventory.os().extendedSupport()).isTrue();
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:12.04:tracker", "Ubuntu:Pro:12.04:tracker");
        assertThat(findings(report)).containsExactlyInAnyOrder(
                "CVE-2014-0160 libssl1.0.0 HIGH high fixed 1.0.1-4ubuntu5.12",
                "CVE-2016-7543 bash MEDIUM medium fixed 4.2-2ubuntu2.7",
                "CVE-2019-14287 sudo MEDIUM medium fixed 1.8.3p1-1ubuntu3.8",
                "CVE-2018-20482 tar LOW low affected null");
    }

    @Test
    void ubuntu1404IsCoveredByTheTrackerWhereOsvHasOnlyItsProPocket() throws IOException {
        VulnerabilityReport report = report(scan("trusty", trusty(null)), db);

        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:14.04:tracker");
        assertThat(findings(report)).containsExactlyInAnyOrder(
                "CVE-2014-6271 bash HIGH high fixed 4.3-7ubuntu1.1",
                "CVE-2016-7543 bash MEDIUM medium fixed 4.3-7ubuntu1.7",
                "CVE-2019-14287 sudo MEDIUM medium out_of_support null",
                "CVE-2018-20482 tar LOW low out_of_support null");
    }

    @Test
    void ubuntu1404WithTheProClientsEsmEnabledGetsTheEsmFixes() throws IOException {
        Inventory inventory = scan("trusty-esm", trusty(FeedSamples.bytes("ubuntu/pro/esm_enabled_status.json")));
        Inventory disabled = scan("trusty-no-esm", trusty(FeedSamples.bytes("ubuntu/pro/esm_disabled_status.json")));

        VulnerabilityReport report = report(inventory, db);

        assertThat(disabled.os().extendedSupport()).isFalse();
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:14.04:tracker", "Ubuntu:Pro:14.04:tracker");
        assertThat(findings(report)).containsExactlyInAnyOrder(
                "CVE-2014-6271 bash HIGH high fixed 4.3-7ubuntu1.1",
                "CVE-2016-7543 bash MEDIUM medium fixed 4.3-7ubuntu1.7",
                "CVE-2019-14287 sudo MEDIUM medium fixed 1.8.9p5-1ubuntu1.5+esm2",
                "CVE-2018-20482 tar LOW low affected null");
        // the inventory and the report say so, and read back the same
        ByteArrayOutputStream inventoryJson = new ByteArrayOutputStream();
        new JsonInventoryWriter().write(inventory, inventoryJson);
        assertThat(new JsonInventoryReader().read(new ByteArrayInputStream(inventoryJson.toByteArray())))
                .isEqualTo(inventory);
        assertThat(JsonSchemas.inventoryProblems(JSON.readTree(inventoryJson.toByteArray()))).isEmpty();
        ByteArrayOutputStream reportJson = new ByteArrayOutputStream();
        new JsonReportWriter().write(report, reportJson);
        JsonNode json = JSON.readTree(reportJson.toByteArray());
        assertThat(JsonSchemas.reportProblems(json)).isEmpty();
        assertThat(json.at("/os/extendedSupport").asBoolean()).isTrue();
    }

    @Test
    void ubuntu2404IsCoveredByCanonicalsOsvWhenTheTrackerDataNamesNoneOfIt() throws IOException {
        Inventory noble = scan("noble", noble());

        VulnerabilityReport report = report(noble, db);

        assertThat(noble.os().version()).isEqualTo("24.04");
        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:24.04:LTS");
        assertThat(report.coverage().eolReached()).isFalse();
        assertThat(findings(report)).containsExactlyInAnyOrder(
                "CVE-2016-20013 libc-bin LOW negligible affected null",
                "CVE-2016-20013 libc6 LOW negligible affected null");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.advisoryIds())
                .containsExactly("UBUNTU-CVE-2016-20013"));
    }

    @Test
    void whereTheDatabaseHoldsBothFeedsOfAReleaseTheTrackerAloneIsUsed() throws IOException {
        VulnerabilityReport report = report(scan("noble-both", noble()), withNoble);

        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Ubuntu:24.04:tracker");
        assertThat(report.findings()).as("no unbound installed, and OSV's glibc entry is not read for 24.04")
                .isEmpty();
    }

    /** One line per finding: CVE, package, level, the distribution's rating word, fix status, fixed version. */
    private static List<String> findings(VulnerabilityReport report) {
        return report.findings().stream().map(f -> f.id() + " " + f.pkg().name() + " " + f.level().name() + " "
                + f.severity().rating() + " " + f.status().word() + " " + f.fixedVersion()).toList();
    }

    private static Inventory scan(String name, LayerBuilder files) throws IOException {
        return new ImageScanner(ScanOptions.defaults()).scan(ImageBuilder.image().layer(files)
                .writeOciArchive(dir.resolve(name + ".tar")));
    }

    private static VulnerabilityReport report(Inventory inventory, VulnDatabase database) {
        MatchResult result = new Matcher(CLOCK).match(inventory, database);
        return new ReportBuilder(CLOCK).build(inventory, result, database.info(), ReportFilter.ALL);
    }

    /**
     * Ubuntu 12.04 with packages at versions the 12.04 archive shipped (the tracker's own 12.04 lines name them): no
     * dpkg status of a 12.04 system was found in public test data, so these stanzas are built here.
     */
    private static LayerBuilder precise(boolean esm) {
        String status = stanza("libssl1.0.0", "openssl", "1.0.1-4ubuntu5.10")
                + stanza("bash", null, "4.2-2ubuntu2.2")
                + stanza("sudo", null, "1.8.3p1-1ubuntu3")
                + stanza("tar", null, "1.26-4ubuntu1");
        LayerBuilder layer = layer().file("etc/os-release", PRECISE_OS_RELEASE)
                .file("etc/lsb-release", PRECISE_LSB_RELEASE).file("var/lib/dpkg/status", status);
        return esm ? layer.file("var/lib/ubuntu-advantage/status.json",
                FeedSamples.bytes("ubuntu/pro/esm_enabled_status.json")) : layer;
    }

    private static String stanza(String name, String source, String version) {
        return "Package: " + name + "\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\n"
                + (source == null ? "" : "Source: " + source + "\n") + "Version: " + version + "\n"
                + "Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\n\n";
    }

    /** A real 14.04 root file system's release files and dpkg status stanzas; the Pro client's status if given. */
    private static LayerBuilder trusty(byte[] proStatus) {
        LayerBuilder layer = layer().file("etc/os-release", FeedSamples.bytes(SAMPLES + "trusty/os-release"))
                .file("etc/lsb-release", FeedSamples.bytes(SAMPLES + "trusty/lsb-release"))
                .file("var/lib/dpkg/status", FeedSamples.bytes(SAMPLES + "trusty/status"));
        return proStatus == null ? layer : layer.file("var/lib/ubuntu-advantage/status.json", proStatus);
    }

    /** A real 24.04 root file system's release files and dpkg status stanzas. */
    private static LayerBuilder noble() {
        return layer().file("usr/lib/os-release", FeedSamples.bytes(SAMPLES + "noble/os-release"))
                .file("etc/lsb-release", FeedSamples.bytes(SAMPLES + "noble/lsb-release"))
                .file("var/lib/dpkg/status", FeedSamples.bytes(SAMPLES + "noble/status"));
    }
}
