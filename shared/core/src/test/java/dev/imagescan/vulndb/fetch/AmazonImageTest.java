package dev.imagescan.vulndb.fetch;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.rpm.BuiltRpmDatabase;
import dev.imagescan.analyzer.rpm.BuiltRpmDatabase.Installed;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon Linux 2 and 2023 images built in the test (their release files and an rpm SQLite database of Amazon's
 * package builds) scanned and matched against a database built from Amazon's repositories served locally: COVERED,
 * with ALAS findings rated by Amazon's severity.
 */
class AmazonImageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final String VENDOR = "Amazon Linux";
    private static OfficialPathsServer server;
    private static VulnDatabase db;

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        server = new OfficialPathsServer();
        AmazonAlasFeedTest.serveRepository(server, AmazonAlasFeedTest.AL2_LIST, "amazon/mirrors_linux2.txt",
                AmazonAlasFeedTest.AL2_REPO, "amazon/updateinfo_2_items.xml.gz", "\"a\"");
        AmazonAlasFeedTest.serveRepository(server, AmazonAlasFeedTest.AL2023_LIST, "amazon/mirrors_linux2023.txt",
                AmazonAlasFeedTest.AL2023_REPO, "amazon/updateinfo_AL2023.xml.gz", "\"b\"");
        AdvisorySources.Options options = AdvisorySources.Options.DEFAULT.withPlainHttp(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("amazon=" + server.url(AmazonAlasFeedTest.AL2_LIST), options),
                AdvisorySources.of("amazon=" + server.url(AmazonAlasFeedTest.AL2023_LIST), options)),
                CLOCK.instant(), out);
        db = VulnDatabases.load(out.toByteArray());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAmazonLinux2ImageIsCoveredAndItsOldOpenJdkHasTheAlasCves() throws IOException {
        Inventory inventory = scan("al2", """
                NAME="Amazon Linux"
                VERSION="2"
                ID="amzn"
                ID_LIKE="centos rhel fedora"
                VERSION_ID="2"
                PRETTY_NAME="Amazon Linux 2"
                """, "Amazon Linux release 2 (Karoo)\n", List.of(
                new Installed("java-1.8.0-openjdk-headless", 1, "1.8.0.151", "5.b12.amzn2", "x86_64",
                        "java-1.8.0-openjdk-1.8.0.151-5.b12.amzn2.src.rpm", VENDOR),
                new Installed("qemu-img", 10, "1.5.3", "141.amzn2.5.3", "x86_64",
                        "qemu-kvm-1.5.3-141.amzn2.5.3.src.rpm", VENDOR),
                new Installed("bash", null, "4.2.46", "34.amzn2", "x86_64", "bash-4.2.46-34.amzn2.src.rpm", VENDOR)));

        VulnerabilityReport report = report(inventory);

        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Amazon Linux:2");
        assertThat(report.findings()).hasSize(15).allSatisfy(f -> {
            assertThat(f.pkg().name()).as("qemu-img is at the fixed build").isEqualTo("java-1.8.0-openjdk-headless");
            assertThat(f.advisoryIds()).containsExactly("ALAS2-2018-949");
            assertThat(f.fixedVersion()).isEqualTo("1:1.8.0.161-0.b14.amzn2");
            assertThat(f.level()).isEqualTo(Severity.HIGH);
            assertThat(f.severity().source()).isEqualTo("amazon");
            assertThat(f.severity().rating()).isEqualTo("important");
        });
        assertThat(report.findings()).extracting(Finding::id).contains("CVE-2018-2579", "CVE-2018-2663");
    }

    @Test
    void anAmazonLinux2023ImageIsCoveredOnEachArchitecture() throws IOException {
        String osRelease = """
                NAME="Amazon Linux"
                VERSION="2023"
                ID="amzn"
                ID_LIKE="fedora"
                VERSION_ID="2023"
                PLATFORM_ID="platform:al2023"
                PRETTY_NAME="Amazon Linux 2023"
                """;
        for (String arch : List.of("x86_64", "aarch64")) {
            Inventory inventory = scan("al2023-" + arch, osRelease,
                    "Amazon Linux release 2023 (Amazon Linux)\n", List.of(
                    new Installed("rsyslog", null, "8.2204.0", "2.amzn2023.0.1", arch,
                            "rsyslog-8.2204.0-2.amzn2023.0.1.src.rpm", VENDOR),
                    new Installed("rsyslog-openssl", null, "8.2204.0", "3.amzn2023.0.2", arch,
                            "rsyslog-8.2204.0-3.amzn2023.0.2.src.rpm", VENDOR)));

            VulnerabilityReport report = report(inventory);

            assertThat(report.coverage().status()).as(arch).isEqualTo(Coverage.Status.COVERED);
            assertThat(report.findings()).as(arch)
                    .extracting(f -> f.id() + " " + f.pkg().name() + " " + f.fixedVersion() + " " + f.level().name())
                    .containsExactlyInAnyOrder("CVE-2014-3634 rsyslog 8.2204.0-3.amzn2023.0.2 HIGH",
                            "CVE-2022-24903 rsyslog 8.2204.0-3.amzn2023.0.2 HIGH");
        }
    }

    @Test
    void anAmazonLinux1ImageIsNotClaimedCoveredByADatabaseWithoutItsAdvisories() throws IOException {
        Inventory inventory = scan("al1", """
                NAME="Amazon Linux AMI"
                VERSION="2018.03"
                ID="amzn"
                ID_LIKE="rhel fedora"
                VERSION_ID="2018.03"
                """, "Amazon Linux AMI release 2018.03\n", List.of(new Installed("bash", null, "4.2.46",
                "34.43.amzn1", "x86_64", "bash-4.2.46-34.43.amzn1.src.rpm", VENDOR)));

        assertThat(report(inventory).coverage().status()).isEqualTo(Coverage.Status.NO_DATA);
        assertThat(report(inventory).coverage().ecosystem()).isEqualTo("Amazon Linux:1");
    }

    private static Inventory scan(String name, String osRelease, String systemRelease, List<Installed> packages)
            throws IOException {
        ImageBuilder image = ImageBuilder.image().layer(layer().file("etc/os-release", osRelease)
                .file("etc/system-release", systemRelease)
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, packages)));
        return new ImageScanner(ScanOptions.defaults()).scan(image.writeOciArchive(dir.resolve(name + ".tar")));
    }

    private static VulnerabilityReport report(Inventory inventory) {
        MatchResult result = new Matcher(CLOCK).match(inventory, db);
        return new ReportBuilder(CLOCK).build(inventory, result, db.info(), ReportFilter.ALL);
    }
}
