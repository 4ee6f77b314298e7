package dev.imagescan.vulndb.debian;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian 7 (wheezy), 8 (jessie), 9 (stretch) and 10 (buster) images built in the test from the official Docker
 * images' release files and package lists (shared/testing images/debian-releases, see its README.md), scanned
 * against a database built from real security tracker data: DSA and DLA list entries (vulndb/debian-releases), the
 * tracker JSON extracts of vunnel and OSV (vulndb/debian-tracker), and one tracker JSON document built here from
 * the real {@code data/CVE/list} annotation of CVE-2021-33560 (a {@code <no-dsa>} in stretch). Each image is COVERED
 * with the findings, levels and fix statuses the data gives.
 */
class DebianReleasesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    /**
     * Source packages of the binaries whose advisories this test reads, as the Debian archive names them (the
     * manifests list binary packages only); every other binary is its own source here.
     */
    private static final Map<String, String> SOURCES = Map.of("perl-base", "perl", "libsystemd0", "systemd",
            "libudev1", "systemd", "systemd-sysv", "systemd", "libapt-pkg4.12", "apt", "libapparmor1", "apparmor");
    /**
     * What the tracker's JSON says of CVE-2021-33560 from its data/CVE/list lines {@code - libgcrypt20 1.8.7-6},
     * {@code [buster] - libgcrypt20 1.8.4-5+deb10u1}, {@code [stretch] - libgcrypt20 <no-dsa> (Minor issue)}
     * (aquasecurity/trivy-db test data, see vulndb/debian-tracker/README.md).
     */
    private static final String LIBGCRYPT_JSON = """
            {"libgcrypt20":{"CVE-2021-33560":{"description":"Libgcrypt before 1.8.8 and 1.9.x before 1.9.3 \
            mishandles ElGamal encry ...","releases":{
            "buster":{"status":"resolved","fixed_version":"1.8.4-5+deb10u1","urgency":"not yet assigned"},
            "stretch":{"status":"open","urgency":"not yet assigned","nodsa":"Minor issue","nodsa_reason":""},
            "sid":{"status":"resolved","fixed_version":"1.8.7-6","urgency":"not yet assigned"}}}}}
            """;

    @TempDir
    static Path dir;
    private static VulnDatabase db;

    @BeforeAll
    static void build() throws IOException {
        Path libgcrypt = Files.writeString(dir.resolve("libgcrypt20.json"), LIBGCRYPT_JSON);
        List<String> specs = List.of(
                "debian=" + FeedSamples.file(dir, "debian-releases/DSA-list"),
                "debian=" + FeedSamples.file(dir, "debian-releases/DLA-list"),
                "debian-tracker=" + FeedSamples.file(dir, "debian-tracker/vunnel-debian.json"),
                "debian-tracker=" + FeedSamples.file(dir, "debian-tracker/osv-debian-security-tracker-mock.json"),
                "debian-tracker=" + libgcrypt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(specs.stream().map(s -> {
            try {
                return AdvisorySources.of(s, AdvisorySources.Options.DEFAULT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList(), CLOCK.instant(), out);
        db = VulnDatabases.load(out.toByteArray());
    }

    /** The image of one release: its os-release, debian_version and a dpkg status of its manifest and extras. */
    private static VulnerabilityReport scan(String codename, String arch, String... extras) throws IOException {
        String release = "images/debian-releases/" + codename + "/rootfs.";
        StringBuilder status = new StringBuilder();
        for (String line : (text(release + "manifest") + String.join("\n", extras)).split("\n")) {
            String[] nameVersion = line.split("\t");
            String name = nameVersion[0].replaceFirst(":.*", "");
            status.append("Package: ").append(name).append("\nStatus: install ok installed\nArchitecture: ")
                    .append(arch).append('\n');
            if (SOURCES.containsKey(name)) {
                status.append("Source: ").append(SOURCES.get(name)).append('\n');
            }
            status.append("Version: ").append(nameVersion[1]).append("\n\n");
        }
        Path archive = ImageBuilder.image().layer(layer().file("etc/os-release", text(release + "os-release"))
                .file("etc/debian_version", text(release + "debian_version"))
                .file("var/lib/dpkg/status", status.toString())).writeOciArchive(dir.resolve(codename + ".tar"));
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(archive);
        MatchResult result = new Matcher(CLOCK).match(inventory, db);
        return new ReportBuilder(CLOCK).build(inventory, result, db.info(), ReportFilter.ALL);
    }

    private static String text(String path) {
        try (var in = DebianReleasesTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + path, e);
        }
    }

    /** One finding as {@code id package fixed-version status level}. */
    private static String line(Finding f) {
        return f.id() + " " + f.pkg().name() + " " + f.fixedVersion() + " " + f.status().word() + " "
                + f.level().name();
    }

    @Test
    void debian7WheezyHasItsLastDlaFixes() throws IOException {
        VulnerabilityReport report = scan("wheezy", "amd64");

        assertThat(report.inventory().os().version()).isEqualTo("7.11");
        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Debian:7");
        assertThat(report.coverage().message()).contains("reached the end of its security support on 2018-05-31");
        assertThat(report.findings()).extracting(DebianReleasesTest::line).containsExactlyInAnyOrder(
                "CVE-2018-6913 perl-base 5.14.2-21+deb7u6 fixed UNKNOWN",
                "DLA-1371-1 tzdata 2018e-0+deb7u1 fixed UNKNOWN");
    }

    @Test
    void debian8JessieHasASecurityUpdateAndItsRegressionUpdateOnEverySystemdBinary() throws IOException {
        VulnerabilityReport report = scan("jessie", "amd64");

        assertThat(report.inventory().os().version()).isEqualTo("8.11");
        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Debian:8");
        List<String> expected = new ArrayList<>(List.of(
                "CVE-2020-3810 apt 1.0.9.8.6 fixed UNKNOWN", "CVE-2020-3810 libapt-pkg4.12 1.0.9.8.6 fixed UNKNOWN"));
        for (String binary : List.of("systemd", "systemd-sysv", "libsystemd0", "libudev1")) {
            // DLA-1762-2's regression update is its own finding: it names no CVE
            expected.addAll(List.of("CVE-2017-18078 " + binary + " 215-17+deb8u12 fixed UNKNOWN",
                    "CVE-2019-3842 " + binary + " 215-17+deb8u12 fixed UNKNOWN",
                    "DLA-1762-2 " + binary + " 215-17+deb8u13 fixed UNKNOWN"));
        }
        assertThat(report.findings()).extracting(DebianReleasesTest::line)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void debian9StretchHasANoDsaIssueBesideItsFixesAndAnEndOfLifeChromium() throws IOException {
        VulnerabilityReport report = scan("stretch", "amd64", "chromium\t73.0.3683.75-1~deb9u1");

        assertThat(report.inventory().os().version()).isEqualTo("9.8");
        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.findings()).extracting(DebianReleasesTest::line).containsExactlyInAnyOrder(
                "CVE-2021-33560 libgcrypt20 null affected UNKNOWN",
                "CVE-2021-40528 libgcrypt20 1.7.6-2+deb9u4 fixed UNKNOWN",
                "CVE-2019-3842 libsystemd0 232-25+deb9u11 fixed UNKNOWN",
                "CVE-2019-3842 libudev1 232-25+deb9u11 fixed UNKNOWN",
                "CVE-2021-33910 libsystemd0 232-25+deb9u13 fixed UNKNOWN",
                "CVE-2021-33910 libudev1 232-25+deb9u13 fixed UNKNOWN",
                "CVE-2020-1712 libsystemd0 232-25+deb9u14 fixed UNKNOWN",
                "CVE-2020-1712 libudev1 232-25+deb9u14 fixed UNKNOWN",
                "CVE-2018-20482 tar 1.29b-1.1+deb9u1 fixed UNKNOWN",
                "CVE-2022-0456 chromium null out_of_support UNKNOWN");
        Finding noDsa = report.findings().stream().filter(f -> f.id().equals("CVE-2021-33560")).findFirst()
                .orElseThrow();
        assertThat(noDsa.advisoryIds()).containsExactly("DEBIAN-CVE-2021-33560:libgcrypt20");
        assertThat(noDsa.command()).as("nothing to upgrade to").isNull();
        ReportFilter ignoreUnfixed = new ReportFilter(Set.of(), true);
        assertThat(report.findings()).filteredOn(ignoreUnfixed::shows).extracting(Finding::id)
                .doesNotContain("CVE-2021-33560", "CVE-2022-0456").contains("CVE-2021-40528");
    }

    @Test
    void debian10BusterHasAnOpenUnimportantIssueAndAnEndOfLifeChromiumButNotTheFixedLibgcrypt() throws IOException {
        VulnerabilityReport report = scan("buster", "arm64", "apparmor\t2.13.2-10", "libapparmor1\t2.13.2-10",
                "chromium\t89.0.4389.114-1~deb10u1");

        assertThat(report.inventory().os().version()).isEqualTo("10.13");
        assertThat(report.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(report.coverage().ecosystems()).containsExactly("Debian:10");
        assertThat(report.findings()).extracting(DebianReleasesTest::line).containsExactlyInAnyOrder(
                "CVE-2016-1585 apparmor null affected LOW",
                "CVE-2016-1585 libapparmor1 null affected LOW",
                "CVE-2022-0456 chromium null out_of_support UNKNOWN");
        assertThat(report.findings()).filteredOn(f -> f.id().equals("CVE-2016-1585")).allSatisfy(f -> {
            assertThat(f.severity().source()).isEqualTo("debian");
            assertThat(f.severity().rating()).isEqualTo("unimportant");
        });
    }
}
