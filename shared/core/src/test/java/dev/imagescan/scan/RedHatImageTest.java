package dev.imagescan.scan;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.imagescan.analyzer.rpm.BuiltRpmDatabase;
import dev.imagescan.analyzer.rpm.BuiltRpmDatabase.Installed;
import dev.imagescan.analyzer.rpm.RpmFixtures;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images built here with Red Hat family release files and a real rpm database (the CBL-Mariner 2 BerkeleyDB of
 * the rpm corpus: its vim 8.2 and pam 1.5.1 are older than Red Hat's fixes), scanned against a database built from
 * Red Hat's real VEX files and an RHSA: COVERED, with Red Hat's statuses and impact; CentOS maps to RHEL and says so.
 */
class RedHatImageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static VulnDatabase db;
    /** The same data and Red Hat's repository-to-CPE mapping: the real excerpt and an AUS repository's entry. */
    private static VulnDatabase mapped;
    /** A RHEL 7.6 Advanced Update Support repository, as Red Hat's mapping names such streams. */
    private static final String AUS_MAPPING = """
            {"data": {"rhel-7-server-aus-rpms__7_DOT_6": {"cpes": ["cpe:/o:redhat:rhel_aus:7.6::server"],
             "repo_relative_urls": ["content/aus/rhel/server/7/7.6/x86_64/os"]}}}
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void database() throws IOException {
        Path vex = Files.createDirectories(dir.resolve("vex"));
        Path advisories = Files.createDirectories(dir.resolve("advisories"));
        for (String doc : List.of("2023/cve-2023-5344.json", "2024/cve-2024-10041.json", "2024/cve-2024-24786.json")) {
            Path f = vex.resolve(doc);
            Files.createDirectories(f.getParent());
            Files.write(f, FeedSamples.bytes("redhat/vex/" + doc));
        }
        FeedSamples.file(advisories, "redhat/advisories/2022/rhsa-2022_0011.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("redhat-vex=" + vex, AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("redhat-csaf=" + advisories, AdvisorySources.Options.DEFAULT)),
                CLOCK.instant(), out);
        db = VulnDatabases.load(out.toByteArray());
        Path aus = Files.writeString(dir.resolve("aus-repository-to-cpe.json"), AUS_MAPPING);
        out.reset();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("redhat-vex=" + vex, AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("redhat-csaf=" + advisories, AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("redhat-cpe=" + FeedSamples.file(dir, "redhat/meta/repository-to-cpe.json"),
                        AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("redhat-cpe=" + aus, AdvisorySources.Options.DEFAULT)),
                CLOCK.instant(), out);
        mapped = VulnDatabases.load(out.toByteArray());
    }

    private static VulnerabilityReport scan(String osRelease, String releaseFile, String releaseLine,
            boolean contentManifest) throws IOException {
        return scan(osRelease, releaseFile, releaseLine, contentManifest, db);
    }

    private static VulnerabilityReport scan(String osRelease, String releaseFile, String releaseLine,
            boolean contentManifest, VulnDatabase db) throws IOException {
        var base = layer().file("etc/os-release", osRelease).file(releaseFile, releaseLine)
                .file("var/lib/rpm/Packages", Files.readAllBytes(RpmFixtures.resource(
                        "bdb-mariner2-le-4096/Packages")));
        if (contentManifest) {
            base = base.file("root/buildinfo/content_manifests/ubi8-minimal-container-8.5-218.json",
                    FeedSamples.bytes("redhat/content_manifests/ubi8-minimal-container-8.5-218.json"));
        }
        Path archive = ImageBuilder.image().layer(base).writeOciArchive(dir.resolve("image-" + System.nanoTime()
                + ".tar"));
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(archive);
        MatchResult match = new Matcher(CLOCK).match(inventory, db);
        return new ReportBuilder(CLOCK).build(inventory, match, db.info(), ReportFilter.ALL);
    }

    private static Finding finding(VulnerabilityReport r, String id) {
        return r.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void ubi8IsCoveredAndVimWillNotBeFixed() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.5 (Ootpa)\"\nID=\"rhel\"\n"
                + "VERSION_ID=\"8.5\"\n", "etc/redhat-release", "Red Hat Enterprise Linux release 8.5 (Ootpa)\n", true);

        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().ecosystems()).containsExactly("Red Hat:enterprise_linux:8");
        assertThat(r.findings()).extracting(Finding::id).containsExactly("CVE-2023-5344");
        Finding vim = finding(r, "CVE-2023-5344");
        assertThat(vim.pkg().name()).isEqualTo("vim");
        assertThat(vim.status()).isEqualTo(FixStatus.WILL_NOT_FIX);
        assertThat(vim.fixedVersion()).isNull();
        assertThat(vim.level()).isEqualTo(Severity.LOW);
        assertThat(vim.severity().source()).isEqualTo("redhat");
        assertThat(vim.severity().rating()).isEqualTo("Low");
        assertThat(r.fixPlan().unfixed()).containsExactly(Map.entry(FixStatus.WILL_NOT_FIX, 1));
    }

    @Test
    void rhel9HasAFixForPamAndNoneForVim() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.5 (Plow)\"\nID=\"rhel\"\n"
                + "VERSION_ID=\"9.5\"\n", "etc/redhat-release", "Red Hat Enterprise Linux release 9.5 (Plow)\n", false);

        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().message()).isNull();
        assertThat(r.findings()).extracting(Finding::id).containsExactlyInAnyOrder("CVE-2024-10041", "CVE-2023-5344");
        Finding pam = finding(r, "CVE-2024-10041");
        assertThat(pam.pkg().name()).isEqualTo("pam");
        assertThat(pam.status()).isEqualTo(FixStatus.FIXED);
        assertThat(pam.fixedVersion()).isEqualTo("0:1.5.1-21.el9_5");
        assertThat(pam.advisoryIds()).containsExactly("CVE-2024-10041");
        assertThat(pam.aliases()).contains("RHSA-2024:9941");
        assertThat(pam.level()).isEqualTo(Severity.MEDIUM);
        assertThat(pam.severity().rating()).isEqualTo("Moderate");
        assertThat(pam.severity().cvss().vector()).isEqualTo("CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N");
        assertThat(pam.command()).isEqualTo("yum update pam-0:1.5.1-21.el9_5");
        assertThat(finding(r, "CVE-2023-5344").status()).isEqualTo(FixStatus.WILL_NOT_FIX);
        // the layered product (OpenShift) and the RHEL 7.6 AUS/E4S/TUS RHSA do not apply to RHEL 9
        assertThat(r.coverage().ecosystems()).containsExactly("Red Hat:enterprise_linux:9",
                "Red Hat:enterprise_linux:9::baseos");
    }

    @Test
    void theEmbeddedDatabaseHoldsRedHatRecords() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.5 (Plow)\"\nID=\"rhel\"\n"
                + "VERSION_ID=\"9.5\"\n", "etc/redhat-release", "Red Hat Enterprise Linux release 9.5 (Plow)\n", false,
                BundledDatabase.load());

        assertThat(BundledDatabase.load().info().sources()).contains("redhat-vex:vex");
        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.findings()).extracting(Finding::id, Finding::status, Finding::level).containsExactly(
                tuple("CVE-2024-10041", FixStatus.FIXED, Severity.MEDIUM),
                tuple("CVE-2023-5344", FixStatus.WILL_NOT_FIX, Severity.LOW));
        // Red Hat's word first: NVD rates CVE-2023-5344 7.5 (High), Red Hat Low
        assertThat(finding(r, "CVE-2023-5344").severity().source()).isEqualTo("redhat");
    }

    @Test
    void rhel7IsOutOfSupportScopeForVim() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Red Hat Enterprise Linux Server\"\nVERSION=\"7.9 (Maipo)\"\n"
                + "ID=\"rhel\"\nVERSION_ID=\"7.9\"\n", "etc/redhat-release",
                "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n", false);

        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CVE-2023-5344");
            assertThat(f.status()).isEqualTo(FixStatus.OUT_OF_SUPPORT);
            assertThat(f.level()).isEqualTo(Severity.LOW);
        });
    }

    @Test
    void centos7IsMatchedAgainstRhel7AndTheReportSaysSo() throws IOException {
        VulnerabilityReport r = scan("NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nVERSION_ID=\"7\"\n",
                "etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n", false);

        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().ecosystem()).isEqualTo("Red Hat:enterprise_linux:7");
        assertThat(r.coverage().message()).startsWith("centos 7.9.2009 is matched against Red Hat Enterprise Linux's"
                + " advisories (Red Hat:enterprise_linux:7), from whose sources it is rebuilt.");
        assertThat(r.findings()).extracting(Finding::id, Finding::status)
                .containsExactly(tuple("CVE-2023-5344", FixStatus.OUT_OF_SUPPORT));
    }

    /** Scientific Linux 7.2 as it shipped (os-release with RHEL's ID, python-distro's scientific7 files). */
    @Test
    void scientificLinuxIsMatchedAgainstRhelOfItsMajorReleaseAndTheReportSaysSo() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Scientific Linux\"\nVERSION=\"7.2 (Nitrogen)\"\nID=\"rhel\"\n"
                + "ID_LIKE=\"fedora\"\nVERSION_ID=\"7.2\"\nPRETTY_NAME=\"Scientific Linux 7.2 (Nitrogen)\"\n",
                "etc/sl-release", "Scientific Linux release 7.2 (Nitrogen)", false);

        assertThat(r.inventory().os().family()).isEqualTo("scientific");
        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().ecosystem()).isEqualTo("Red Hat:enterprise_linux:7");
        assertThat(r.coverage().message()).startsWith("scientific 7.2 is matched against Red Hat Enterprise Linux's"
                + " advisories (Red Hat:enterprise_linux:7), from whose sources it is rebuilt.")
                .contains("reached the end of its security support on 2024-06-30");
        assertThat(r.findings()).extracting(Finding::id, Finding::status)
                .containsExactly(tuple("CVE-2023-5344", FixStatus.OUT_OF_SUPPORT));
    }

    /** EuroLinux 9 as its release package writes it: os-release and {@code el-release}. */
    @Test
    void euroLinuxIsMatchedAgainstRhelOfItsMajorReleaseAndTheReportSaysSo() throws IOException {
        VulnerabilityReport r = scan("NAME=\"EuroLinux\"\nVERSION=\"9.0 (Sarajevo)\"\nID=\"eurolinux\"\n"
                + "ID_LIKE=\"rhel fedora centos\"\nVERSION_ID=\"9.0\"\nPLATFORM_ID=\"platform:el9\"\n",
                "etc/el-release", "EuroLinux release 9.0 (Sarajevo)\n", false);

        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().message()).isEqualTo("eurolinux 9.0 is matched against Red Hat Enterprise Linux's"
                + " advisories (Red Hat:enterprise_linux:9), from whose sources it is rebuilt.");
        assertThat(r.findings()).extracting(Finding::id, Finding::status).containsExactlyInAnyOrder(
                tuple("CVE-2024-10041", FixStatus.FIXED),
                tuple("CVE-2023-5344", FixStatus.WILL_NOT_FIX));
    }

    @Test
    void ubi8sContentSetsAreItsProductStreamsThroughRedHatsMapping() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.5 (Ootpa)\"\nID=\"rhel\"\n"
                + "VERSION_ID=\"8.5\"\n", "etc/redhat-release", "Red Hat Enterprise Linux release 8.5 (Ootpa)\n", true,
                mapped);

        assertThat(r.inventory().os().contentSets()).containsExactly("rhel-8-for-x86_64-baseos-rpms",
                "rhel-8-for-x86_64-appstream-rpms");
        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().ecosystems()).containsExactly("Red Hat:enterprise_linux:8");
        assertThat(r.coverage().message()).isNull();
        assertThat(r.findings()).extracting(Finding::id, Finding::status)
                .containsExactly(tuple("CVE-2023-5344", FixStatus.WILL_NOT_FIX));
    }

    @Test
    void contentSetsTheMappingDoesNotKnowFallBackToEveryStreamOfTheReleaseAndTheReportSaysSo() throws IOException {
        VulnerabilityReport r = scan("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.5 (Ootpa)\"\nID=\"rhel\"\n"
                + "VERSION_ID=\"8.5\"\n", "etc/redhat-release", "Red Hat Enterprise Linux release 8.5 (Ootpa)\n", true);

        assertThat(r.coverage().ecosystems()).containsExactly("Red Hat:enterprise_linux:8");
        assertThat(r.coverage().message()).isEqualTo("The image's content sets (rhel-8-for-x86_64-baseos-rpms, "
                + "rhel-8-for-x86_64-appstream-rpms) are not in the database's repository-to-CPE mapping, so the "
                + "advisories of every Red Hat:enterprise_linux:8 stream are used.");
    }

    @Test
    void anAdvancedUpdateSupportImageGetsItsStreamsFixesAndAMainStreamImageDoesNot() throws IOException {
        List<Installed> telnet = List.of(new Installed("telnet", 1, "0.17", "64.el7", "x86_64",
                "telnet-0.17-64.el7.src.rpm", "Red Hat, Inc."));
        String manifest = """
                {"metadata": {"icm_version": 1, "image_layer_index": 1},
                 "content_sets": ["rhel-7-server-aus-rpms__7_DOT_6"], "image_contents": []}
                """;

        VulnerabilityReport aus = rhel76(telnet, manifest);
        VulnerabilityReport main = rhel76(telnet, null);

        assertThat(aus.coverage().ecosystems()).containsExactly("Red Hat:enterprise_linux:7",
                "Red Hat:rhel_aus:7.6::server");
        assertThat(aus.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("CVE-2020-10188");
            assertThat(f.advisoryIds()).containsExactly("RHSA-2022:0011");
            assertThat(f.status()).isEqualTo(FixStatus.FIXED);
            assertThat(f.fixedVersion()).isEqualTo("1:0.17-65.el7_6");
            assertThat(f.level()).isEqualTo(Severity.HIGH);
            assertThat(f.severity().rating()).isEqualTo("Important");
        });
        assertThat(main.coverage().ecosystems()).as("the default content sets: RHEL 7's main stream")
                .containsExactly("Red Hat:enterprise_linux:7");
        assertThat(main.findings()).isEmpty();
    }

    private static VulnerabilityReport rhel76(List<Installed> packages, String manifest) throws IOException {
        var base = layer().file("etc/os-release", "NAME=\"Red Hat Enterprise Linux Server\"\nVERSION=\"7.6 (Maipo)\"\n"
                + "ID=\"rhel\"\nVERSION_ID=\"7.6\"\n")
                .file("etc/redhat-release", "Red Hat Enterprise Linux Server release 7.6 (Maipo)\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, packages));
        if (manifest != null) {
            base = base.file("root/buildinfo/content_manifests/rhel-server-container-7.6-362.json", manifest);
        }
        Path archive = ImageBuilder.image().layer(base).writeOciArchive(dir.resolve("rhel76-" + System.nanoTime()
                + ".tar"));
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(archive);
        MatchResult match = new Matcher(CLOCK).match(inventory, mapped);
        return new ReportBuilder(CLOCK).build(inventory, match, mapped.info(), ReportFilter.ALL);
    }
}
