package dev.imagescan.scan;

import static dev.imagescan.testing.LayerBuilder.layer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.analyzer.rpm.BuiltRpmDatabase;
import dev.imagescan.analyzer.rpm.BuiltRpmDatabase.Installed;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.inventory.LayerContentSets;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.BundledDatabase;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promised RPM-family and Alpine releases end to end: an image built here for each (its release files as the
 * release shipped them; an rpm database built in the test — rpm's SQLite format, one header per package — or an apk
 * installed database), scanned and matched against one database built from the real feed extracts of
 * shared/testing (Red Hat VEX, RHEL 5's too, Oracle ELSA OVAL, Alpine secdb v3.3 main, Amazon Linux 1's
 * updateinfo): COVERED, with the expected findings, levels and status words. Not repeated here: CentOS 7, RHEL 7.9
 * and 9, UBI 8 ({@link RedHatImageTest}) and Amazon Linux 2 and 2023 ({@code AmazonImageTest}).
 */
class RpmReleasesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final String CENTOS = "CentOS";
    private static final String ORACLE = "Oracle America";
    private static final String RED_HAT = "Red Hat, Inc.";
    private static VulnDatabase db;
    /** Red Hat's VEX for CVE-2010-0424 and (an excerpt) CVE-2017-14491, with the repository-to-CPE excerpt. */
    private static VulnDatabase rhel5;

    @TempDir
    static Path dir;

    @BeforeAll
    static void database() throws IOException {
        Path vex = Files.createDirectories(dir.resolve("vex/2023"));
        Files.write(vex.resolve("cve-2023-5344.json"), FeedSamples.bytes("redhat/vex/2023/cve-2023-5344.json"));
        Files.write(Files.createDirectories(dir.resolve("vex/2010")).resolve("cve-2010-0424.json"),
                FeedSamples.bytes("redhat/vex/2010/cve-2010-0424.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("redhat-vex=" + dir.resolve("vex"), AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("oracle=" + FeedSamples.file(dir, "oracle/mock_data.xml"),
                        AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("oracle=" + FeedSamples.file(dir, "oracle/mock_per_arch_data.xml"),
                        AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("alpine=" + FeedSamples.file(dir, "alpine/v3.3-main.json"),
                        AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("amazon=" + FeedSamples.file(dir, "amazon/updateinfo_AL1.xml"),
                        AdvisorySources.Options.DEFAULT)),
                CLOCK.instant(), out);
        db = VulnDatabases.load(out.toByteArray());

        Path rhel5Vex = Files.createDirectories(dir.resolve("vex5/2017"));
        Files.write(rhel5Vex.resolve("cve-2017-14491.json"),
                FeedSamples.bytes("redhat/vex-excerpts/cve-2017-14491-rhel5.json"));
        Files.write(Files.createDirectories(dir.resolve("vex5/2010")).resolve("cve-2010-0424.json"),
                FeedSamples.bytes("redhat/vex/2010/cve-2010-0424.json"));
        ByteArrayOutputStream out5 = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("redhat-vex=" + dir.resolve("vex5"), AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("redhat-cpe=" + FeedSamples.file(dir, "redhat/meta/repository-to-cpe-rhel5.json"),
                        AdvisorySources.Options.DEFAULT)), CLOCK.instant(), out5);
        rhel5 = VulnDatabases.load(out5.toByteArray());
    }

    private static final String MANIFESTS = "root/buildinfo/content_manifests/";

    /** An image content manifest as OSBS writes it, naming {@code sets}. */
    private static String manifest(String... sets) {
        return "{\"metadata\": {\"icm_version\": 1}, \"content_sets\": [\"" + String.join("\", \"", sets)
                + "\"], \"image_contents\": []}";
    }

    @Test
    void centos6() throws IOException {
        VulnerabilityReport r = rpmImage("centos6", layer()
                .file("etc/centos-release", "CentOS release 6.10 (Final)\n")
                .file("etc/redhat-release", "CentOS release 6.10 (Final)\n"), List.of(
                new Installed("vim-minimal", 2, "7.4.629", "5.el6_8.1", "x86_64", "vim-7.4.629-5.el6_8.1.src.rpm",
                        CENTOS)));

        assertCovered(r, "centos 6.10", "Red Hat:enterprise_linux:6");
        assertThat(r.coverage().message()).startsWith("centos 6.10 is matched against Red Hat Enterprise Linux's"
                + " advisories (Red Hat:enterprise_linux:6), from whose sources it is rebuilt.");
        assertThat(r.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2023-5344 vim-minimal LOW out_of_support -");
    }

    @Test
    void rhel7Ubi() throws IOException {
        VulnerabilityReport r = rpmImage("ubi7", layer()
                .file("etc/os-release", """
                        NAME="Red Hat Enterprise Linux Server"
                        VERSION="7.9 (Maipo)"
                        ID="rhel"
                        ID_LIKE="fedora"
                        VARIANT="Server"
                        VARIANT_ID="server"
                        VERSION_ID="7.9"
                        PRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"
                        CPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"
                        """)
                .file("etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"), List.of(
                new Installed("vim-minimal", 2, "7.4.629", "8.el7_9", "x86_64", "vim-7.4.629-8.el7_9.src.rpm",
                        RED_HAT)));

        assertCovered(r, "rhel 7.9", "Red Hat:enterprise_linux:7");
        assertThat(r.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2023-5344 vim-minimal LOW out_of_support -");
    }

    @Test
    void oracleLinux5() throws IOException {
        VulnerabilityReport r = rpmImage("ol5", layer()
                .file("etc/enterprise-release", "Enterprise Linux Enterprise Linux Server release 5.11 (Carthage)\n")
                .file("etc/redhat-release", "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n"), List.of(
                new Installed("bind-libs", 30, "9.3.3", "7.el5", "x86_64", "bind-9.3.3-7.el5.src.rpm", ORACLE)));

        assertCovered(r, "ol 5.11", "Oracle Linux:5");
        assertThat(r.findings()).extracting(RpmReleasesTest::line).containsExactly(
                "CVE-2007-0493 bind-libs MEDIUM fixed 30:9.3.3-8.el5",
                "CVE-2007-0494 bind-libs MEDIUM fixed 30:9.3.3-8.el5");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.advisoryIds()).containsExactly("ELSA-2007-0057"));
    }

    @Test
    void oracleLinux6() throws IOException {
        VulnerabilityReport r = rpmImage("ol6", layer()
                .file("etc/oracle-release", "Oracle Linux Server release 6.10\n")
                .file("etc/redhat-release", "Red Hat Enterprise Linux Server release 6.10 (Santiago)\n"), List.of(
                new Installed("kernel-uek", null, "2.6.39", "400.301.1.el6uek", "x86_64",
                        "kernel-uek-2.6.39-400.301.1.el6uek.src.rpm", ORACLE)));

        assertCovered(r, "ol 6.10", "Oracle Linux:6");
        assertThat(r.findings()).extracting(RpmReleasesTest::line).containsExactly(
                "CVE-2017-13695 kernel-uek HIGH fixed 0:2.6.39-400.302.2.el6uek",
                "CVE-2018-16658 kernel-uek HIGH fixed 0:2.6.39-400.302.2.el6uek",
                "CVE-2018-7492 kernel-uek HIGH fixed 0:2.6.39-400.302.2.el6uek",
                "CVE-2018-7566 kernel-uek HIGH fixed 0:2.6.39-400.302.2.el6uek");
    }

    /** Oracle Linux 7.9 (python-distro's oracle7 os-release), x86_64: fixed at 57.0.1, aarch64 at 57.0.4. */
    @Test
    void oracleLinux7() throws IOException {
        for (String arch : List.of("x86_64", "aarch64")) {
            VulnerabilityReport r = rpmImage("ol7-" + arch, layer()
                    .file("etc/os-release", """
                            NAME="Oracle Linux Server"
                            VERSION="7.9"
                            ID="ol"
                            VERSION_ID="7.9"
                            PRETTY_NAME="Oracle Linux Server 7.9"
                            CPE_NAME="cpe:/o:oracle:linux:7:9:server"
                            """)
                    .file("etc/oracle-release", "Oracle Linux Server release 7.9\n"), List.of(
                    new Installed("rsyslog", null, "8.24.0", "57.0.1.el7_9.1", arch,
                            "rsyslog-8.24.0-57.0.1.el7_9.1.src.rpm", ORACLE)));

            assertCovered(r, "ol 7.9", "Oracle Linux:7");
            String fix = arch.equals("x86_64") ? "0:8.24.0-57.0.1.el7_9.3" : "0:8.24.0-57.0.4.el7_9.3";
            assertThat(r.findings()).as(arch).extracting(RpmReleasesTest::line)
                    .containsExactly("CVE-2022-24903 rsyslog HIGH fixed " + fix);
        }
    }

    /**
     * Amazon Linux AMI 2018.03 (Amazon Linux 1; its release file only, as older images have it): ALAS-2011-1 and
     * ALAS-2011-2 of Amazon Linux 1's updateinfo, rated by Amazon (medium); the fetch itself is
     * {@code AmazonLinux1FeedTest}'s.
     */
    @Test
    void amazonLinux1() throws IOException {
        VulnerabilityReport r = rpmImage("al1", layer()
                .file("etc/system-release", "Amazon Linux AMI release 2018.03\n"), List.of(
                new Installed("httpd", null, "2.2.21", "1.17.amzn1", "x86_64", "httpd-2.2.21-1.17.amzn1.src.rpm",
                        "Amazon.com"),
                new Installed("cyrus-imapd", null, "2.3.16", "6.3.amzn1", "x86_64",
                        "cyrus-imapd-2.3.16-6.3.amzn1.src.rpm", "Amazon.com")));

        assertCovered(r, "amzn 2018.03", "Amazon Linux:1");
        assertThat(r.findings()).extracting(RpmReleasesTest::line).containsExactly(
                "CVE-2011-3208 cyrus-imapd HIGH fixed 2.3.16-6.4.amzn1",
                "CVE-2011-3192 httpd MEDIUM fixed 2.2.21-1.18.amzn1");
    }

    /** Alpine 3.3.3's os-release (quay/claircore alpine/testdata/3.3), an apk database built here. */
    @Test
    void alpine33() throws IOException {
        LayerBuilder base = layer().file("etc/os-release", """
                NAME="Alpine Linux"
                ID=alpine
                VERSION_ID=3.3.3
                PRETTY_NAME="Alpine Linux v3.3"
                HOME_URL="http://alpinelinux.org"
                BUG_REPORT_URL="http://bugs.alpinelinux.org"
                """).file("etc/alpine-release", "3.3.3\n")
                .file("lib/apk/db/installed", apk("busybox", "1.24.1-r7") + "\n" + apk("musl", "1.1.12-r5"));

        VulnerabilityReport r = report(base, "alpine33");

        assertCovered(r, "alpine 3.3.3", "Alpine:v3.3");
        assertThat(r.findings()).extracting(RpmReleasesTest::line).containsExactly(
                "CVE-2016-6301 busybox UNKNOWN fixed 1.24.2-r1",
                "CVE-2017-15873 busybox UNKNOWN fixed 1.24.2-r2",
                "CVE-2017-16544 busybox UNKNOWN fixed 1.24.2-r2",
                "CVE-2016-8859 musl UNKNOWN fixed 1.1.12-r6",
                "CVE-2017-15650 musl UNKNOWN fixed 1.1.12-r8");
    }

    /**
     * A CentOS 5.11 image (its release file as 5.11 shipped it): matched against RHEL 5's streams ({@code 5Client},
     * {@code 5Server}) of Red Hat's VEX for CVE-2010-0424: vixie-cron fixed in 4:4.1-81.el5 (RHSA-2012:0304),
     * Red Hat's impact Low; bash, of which the database says nothing, has no finding; the report says CentOS 5's
     * support ended.
     */
    @Test
    void centos5() throws IOException {
        VulnerabilityReport r = rpmImage("centos5", layer()
                .file("etc/redhat-release", "CentOS release 5.11 (Final)\n"), List.of(
                new Installed("bash", null, "3.2", "33.el5", "x86_64", "bash-3.2-33.el5.src.rpm", CENTOS),
                new Installed("vixie-cron", 4, "4.1", "77.el5_4.1", "x86_64", "vixie-cron-4.1-77.el5_4.1.src.rpm",
                        CENTOS)));

        assertCovered(r, "centos 5.11", "Red Hat:enterprise_linux:5");
        assertThat(r.coverage().message()).startsWith("centos 5.11 is matched against Red Hat Enterprise Linux's"
                + " advisories (Red Hat:enterprise_linux:5), from whose sources it is rebuilt.")
                .contains("reached the end of its security support on 2017-03-31");
        assertThat(r.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2010-0424 vixie-cron LOW fixed 4:4.1-81.el5");
        assertThat(r.findings()).singleElement()
                .satisfies(f -> assertThat(f.aliases()).contains("RHSA-2012:0304"));
    }

    /**
     * As the built database holds it, with Red Hat's repository-to-CPE mapping (an excerpt without any RHEL 5
     * repository): RHEL 5 has no default content sets (nor content manifests), so every RHEL 5 stream applies.
     */
    @Test
    void centos5WithTheRepositoryMapping() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(
                AdvisorySources.of("redhat-vex=" + dir.resolve("vex"), AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("redhat-cpe=" + FeedSamples.file(dir, "redhat/meta/repository-to-cpe.json"),
                        AdvisorySources.Options.DEFAULT)), CLOCK.instant(), out);
        VulnDatabase mapped = VulnDatabases.load(out.toByteArray());

        VulnerabilityReport r = report(layer().file("etc/redhat-release", "CentOS release 5.11 (Final)\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(new Installed("vixie-cron",
                        4, "4.1", "77.el5_4.1", "x86_64", "vixie-cron-4.1-77.el5_4.1.src.rpm", CENTOS)))),
                "centos5-mapped", mapped);

        assertCovered(r, "centos 5.11", "Red Hat:enterprise_linux:5");
        assertThat(r.coverage().ecosystems()).containsExactly("Red Hat:enterprise_linux:5::client",
                "Red Hat:enterprise_linux:5::server");
        assertThat(r.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2010-0424 vixie-cron LOW fixed 4:4.1-81.el5");
    }

    /** The same advisory on RHEL 5.11 itself; a vixie-cron at the fixed build has no finding. */
    @Test
    void rhel5() throws IOException {
        VulnerabilityReport old = rpmImage("rhel5", layer().file("etc/redhat-release",
                "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n"), List.of(new Installed("vixie-cron", 4,
                "4.1", "77.el5_4.1", "x86_64", "vixie-cron-4.1-77.el5_4.1.src.rpm", RED_HAT)));
        VulnerabilityReport fixed = rpmImage("rhel5-fixed", layer().file("etc/redhat-release",
                "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n"), List.of(new Installed("vixie-cron", 4,
                "4.1", "81.el5", "x86_64", "vixie-cron-4.1-81.el5.src.rpm", RED_HAT)));

        assertCovered(old, "rhel 5.11", "Red Hat:enterprise_linux:5");
        assertThat(old.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2010-0424 vixie-cron LOW fixed 4:4.1-81.el5");
        assertCovered(fixed, "rhel 5.11", "Red Hat:enterprise_linux:5");
        assertThat(fixed.findings()).isEmpty();
    }

    /**
     * Content sets per layer, as Trivy applies them: a RHEL 5.11 image whose base layer has no manifest (layer 0:
     * vixie-cron), the base image's manifest above it (layer 1: {@code rhel-5-server-els-rpms}) and a layer built
     * from the 5.9 AUS repository ({@code rhel-5-server-aus-rpms__5_DOT_9__x86_64}) that adds dnsmasq (layer 2). Each
     * package is matched against its own layer's streams, through Red Hat's repository-to-CPE mapping (an excerpt,
     * vulndb/redhat/meta/repository-to-cpe-rhel5.json) and Red Hat's VEX for CVE-2010-0424 and CVE-2017-14491: the
     * base layer's vixie-cron gets layer 1's ELS sets (5Server fix 4:4.1-81.el5); dnsmasq gets the AUS stream's fix
     * (2.45-2.el5_9.1), not the ELS stream's later one (2.45-2.el5_11.1) that the image's sets taken together give.
     */
    @Test
    void eachPackageGetsTheContentSetsOfTheLayerThatInstalledIt() throws IOException {
        Installed cron = new Installed("vixie-cron", 4, "4.1", "77.el5_4.1", "x86_64",
                "vixie-cron-4.1-77.el5_4.1.src.rpm", RED_HAT);
        Installed dnsmasq = new Installed("dnsmasq", null, "2.45", "1.1.el5_3", "x86_64",
                "dnsmasq-2.45-1.1.el5_3.src.rpm", RED_HAT);
        Path archive = ImageBuilder.image()
                .layer(layer().file("etc/redhat-release", "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n")
                        .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(cron))))
                .layer(layer().file(MANIFESTS + "rhel-server-container-5.11-1.json",
                        manifest("rhel-5-server-els-rpms")))
                .layer(layer().file(MANIFESTS + "dnsmasq-container-2.45-1.json",
                        manifest("rhel-5-server-aus-rpms__5_DOT_9__x86_64"))
                        .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(cron, dnsmasq))))
                .writeOciArchive(dir.resolve("rhel5-layers.tar"));
        Inventory inventory = new ImageScanner(ScanOptions.defaults()).scan(archive);

        assertThat(inventory.os().contentSetsByLayer()).containsExactly(
                new LayerContentSets(1, List.of("rhel-5-server-els-rpms")),
                new LayerContentSets(2, List.of("rhel-5-server-aus-rpms__5_DOT_9__x86_64")));
        VulnerabilityReport r = report(inventory, rhel5);
        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.findings()).extracting(RpmReleasesTest::line).containsExactly(
                "CVE-2017-14491 dnsmasq HIGH fixed 0:2.45-2.el5_9.1",
                "CVE-2010-0424 vixie-cron LOW fixed 4:4.1-81.el5");

        Inventory imageWide = new Inventory(inventory.image(), inventory.os().withContentSets(
                inventory.os().contentSets()), inventory.packages(), inventory.warnings(), inventory.analyzers());
        assertThat(report(imageWide, rhel5).findings()).as("the image's sets together, as before")
                .extracting(RpmReleasesTest::line).contains("CVE-2017-14491 dnsmasq HIGH fixed 0:2.45-2.el5_11.1");
    }

    /**
     * RHEL 5 Extended Life-cycle Support: on plain RHEL 5.11 and CentOS 5.11 images (no content manifests) the main
     * streams apply; CVE-2017-14491 is fixed for RHEL 5 only in the ELS stream ({@code cpe:/o:redhat:rhel_els:5},
     * dnsmasq 2.45-2.el5_11.1) and the 5.9 AUS stream: the finding is out of support (no fix in the main stream) and
     * the coverage names the ELS fix and what it takes. An image whose manifest names the ELS repository is on ELS:
     * the same fix is then a plain fix.
     */
    @Test
    void aFixOnlyInRhel5ElsIsOutOfSupportAndNamedAsAnElsFix() throws IOException {
        Installed dnsmasq = new Installed("dnsmasq", null, "2.45", "1.1.el5_3", "x86_64",
                "dnsmasq-2.45-1.1.el5_3.src.rpm", RED_HAT);
        for (String release : List.of("Red Hat Enterprise Linux Server release 5.11 (Tikanga)",
                "CentOS release 5.11 (Final)")) {
            VulnerabilityReport r = report(layer().file("etc/redhat-release", release + "\n")
                    .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(dnsmasq))),
                    "rhel5-els-" + release.charAt(0), rhel5);

            assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
            assertThat(r.coverage().ecosystems()).as(release).containsExactly("Red Hat:enterprise_linux:5::client",
                    "Red Hat:enterprise_linux:5::server", "Red Hat:rhel_els:5");
            assertThat(r.findings()).as(release).extracting(RpmReleasesTest::line)
                    .containsExactly("CVE-2017-14491 dnsmasq HIGH out_of_support -");
            assertThat(r.coverage().message()).as(release).contains("1 vulnerability has a fix only in Red Hat"
                    + " Enterprise Linux 5 Extended Life-cycle Support (ELS), which needs Red Hat's ELS add-on"
                    + " subscription and its repositories (rhel-5-server-els-rpms); reported as out of support:"
                    + " CVE-2017-14491 in dnsmasq (fixed in 0:2.45-2.el5_11.1).");
        }

        VulnerabilityReport onEls = report(layer().file("etc/redhat-release",
                "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n")
                .file(MANIFESTS + "rhel-server-container-5.11-1.json", manifest("rhel-5-server-els-rpms"))
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(dnsmasq))), "rhel5-on-els",
                rhel5);
        assertThat(onEls.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2017-14491 dnsmasq HIGH fixed 0:2.45-2.el5_11.1");
        assertThat(String.valueOf(onEls.coverage().message())).doesNotContain("ELS");

        VulnerabilityReport fixed = report(layer().file("etc/redhat-release",
                "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(new Installed("dnsmasq", null,
                        "2.45", "2.el5_11.1", "x86_64", "dnsmasq-2.45-2.el5_11.1.src.rpm", RED_HAT)))),
                "rhel5-els-fixed", rhel5);
        assertThat(fixed.findings()).as("the ELS build installed: nothing to report").isEmpty();
        assertThat(String.valueOf(fixed.coverage().message())).doesNotContain("Extended Life-cycle");
    }

    /**
     * The embedded default database (shared/core/src/main/vulndb-feeds/) covers the RPM families: Amazon Linux 2 and
     * 2023 by ALAS, Oracle Linux by ELSA, each rated by its vendor.
     */
    @Test
    void theEmbeddedDatabaseCoversEveryFamily() throws IOException {
        VulnDatabase embedded = BundledDatabase.load();
        VulnerabilityReport al2 = report(layer().file("etc/os-release", "NAME=\"Amazon Linux\"\nVERSION=\"2\"\n"
                + "ID=\"amzn\"\nVERSION_ID=\"2\"\n").file("etc/system-release", "Amazon Linux release 2 (Karoo)\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(new Installed(
                        "qemu-img", 10, "1.5.3", "141.amzn2", "x86_64", "qemu-kvm-1.5.3-141.amzn2.src.rpm",
                        "Amazon Linux")))), "embedded-al2", embedded);
        VulnerabilityReport al2023 = report(layer().file("etc/os-release", "NAME=\"Amazon Linux\"\n"
                + "VERSION=\"2023\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(new Installed(
                        "rsyslog", null, "8.2204.0", "2.amzn2023.0.1", "aarch64",
                        "rsyslog-8.2204.0-2.amzn2023.0.1.src.rpm", "Amazon Linux")))), "embedded-al2023", embedded);
        VulnerabilityReport al1 = report(layer().file("etc/system-release", "Amazon Linux AMI release 2018.03\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(new Installed("httpd", null,
                        "2.2.21", "1.17.amzn1", "x86_64", "httpd-2.2.21-1.17.amzn1.src.rpm", "Amazon.com")))),
                "embedded-al1", embedded);
        VulnerabilityReport ol7 = report(layer().file("etc/oracle-release", "Oracle Linux Server release 7.9\n")
                .file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, List.of(new Installed("rsyslog",
                        null, "8.24.0", "57.0.1.el7_9.1", "x86_64", "rsyslog-8.24.0-57.0.1.el7_9.1.src.rpm",
                        ORACLE)))), "embedded-ol7", embedded);

        assertThat(al2.findings()).extracting(RpmReleasesTest::line).isNotEmpty()
                .allMatch(l -> l.contains(" qemu-img HIGH fixed 10:1.5.3-141.amzn2.5.3"));
        assertThat(al2023.findings()).extracting(RpmReleasesTest::line).containsExactly(
                "CVE-2014-3634 rsyslog HIGH fixed 8.2204.0-3.amzn2023.0.2",
                "CVE-2022-24903 rsyslog HIGH fixed 8.2204.0-3.amzn2023.0.2");
        assertThat(al1.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2011-3192 httpd MEDIUM fixed 2.2.21-1.18.amzn1");
        assertThat(ol7.findings()).extracting(RpmReleasesTest::line)
                .containsExactly("CVE-2022-24903 rsyslog HIGH fixed 0:8.24.0-57.0.1.el7_9.3");
        for (VulnerabilityReport r : List.of(al1, al2, al2023, ol7)) {
            assertThat(r.coverage().status()).as(r.inventory().os().describe()).isEqualTo(Coverage.Status.COVERED);
        }
    }

    private static void assertCovered(VulnerabilityReport r, String os, String ecosystem) {
        assertThat(r.inventory().os().describe()).isEqualTo(os);
        assertThat(r.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(r.coverage().ecosystem()).isEqualTo(ecosystem);
    }

    /** {@code id package LEVEL status fix}. */
    private static String line(Finding f) {
        return f.id() + " " + f.pkg().name() + " " + f.level().name() + " " + f.status().name().toLowerCase()
                + " " + (f.fixedVersion() == null ? "-" : f.fixedVersion());
    }

    private static String apk(String name, String version) {
        return "P:" + name + "\nV:" + version + "\nA:x86_64\no:" + name + "\n";
    }

    private static VulnerabilityReport rpmImage(String name, LayerBuilder release, List<Installed> packages)
            throws IOException {
        return report(release.file("var/lib/rpm/rpmdb.sqlite", BuiltRpmDatabase.sqlite(dir, packages)), name);
    }

    private static VulnerabilityReport report(LayerBuilder base, String name) throws IOException {
        return report(base, name, db);
    }

    private static VulnerabilityReport report(LayerBuilder base, String name, VulnDatabase against)
            throws IOException {
        Path archive = ImageBuilder.image().layer(base).writeOciArchive(dir.resolve(name + ".tar"));
        return report(new ImageScanner(ScanOptions.defaults()).scan(archive), against);
    }

    private static VulnerabilityReport report(Inventory inventory, VulnDatabase against) {
        MatchResult match = new Matcher(CLOCK).match(inventory, against);
        return new ReportBuilder(CLOCK).build(inventory, match, against.info(), ReportFilter.ALL);
    }
}
