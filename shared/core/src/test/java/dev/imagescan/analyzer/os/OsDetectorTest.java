package dev.imagescan.analyzer.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.layer.MapFileView;
import org.junit.jupiter.api.Test;

/** Release files as the real distributions ship them, old and new. */
class OsDetectorTest {
    private final OsDetector detector = new OsDetector();

    @Test
    void debian12TakesThePointReleaseFromDebianVersion() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                        + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n")
                .with("etc/debian_version", "12.7\n"));

        assertThat(os).isEqualTo(new OperatingSystem("debian", "12.7", "Debian GNU/Linux 12 (bookworm)", false,
                "/usr/lib/os-release"));
    }

    @Test
    void debian7() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 7 (wheezy)\"\nNAME=\"Debian GNU/Linux\"\n"
                        + "VERSION_ID=\"7\"\nID=debian\n")
                .with("etc/debian_version", "7.11\n"));

        assertThat(os.describe()).isEqualTo("debian 7.11");
    }

    @Test
    void ubuntu1204WithOnlyLsbReleaseIgnoresItsDebianVersion() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=12.04\nDISTRIB_CODENAME=precise\n"
                        + "DISTRIB_DESCRIPTION=\"Ubuntu 12.04.5 LTS\"\n")
                .with("etc/debian_version", "wheezy/sid\n"));

        assertThat(os.family()).isEqualTo("ubuntu");
        assertThat(os.version()).isEqualTo("12.04");
        assertThat(os.name()).isEqualTo("Ubuntu 12.04.5 LTS");
        assertThat(os.source()).isEqualTo("/etc/lsb-release");
    }

    @Test
    void ubuntu2204() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nID_LIKE=debian\n")
                .with("etc/debian_version", "bookworm/sid\n"));

        assertThat(os.describe()).isEqualTo("ubuntu 22.04");
    }

    @Test
    void centos5HasOnlyReleaseFiles() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/centos-release", "CentOS release 5.11 (Final)\n")
                .with("etc/redhat-release", "CentOS release 5.11 (Final)\n"));

        assertThat(os.describe()).isEqualTo("centos 5.11");
        assertThat(os.source()).isEqualTo("/etc/centos-release");
    }

    @Test
    void centos7TakesTheFullReleaseFromCentosRelease() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nVERSION_ID=\"7\"\n")
                .with("etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n")
                .with("etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n")
                .with("etc/system-release", "CentOS Linux release 7.9.2009 (Core)\n"));

        assertThat(os.describe()).isEqualTo("centos 7.9.2009");
    }

    @Test
    void centosStream8() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"CentOS Stream\"\nID=\"centos\"\nVERSION_ID=\"8\"\n")
                .with("etc/centos-release", "CentOS Stream release 8\n"));

        assertThat(os.describe()).isEqualTo("centos 8");
    }

    @Test
    void oracle5FromEnterpriseReleaseNotTheRedHatWordedFile() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/enterprise-release", "Enterprise Linux Enterprise Linux Server release 5.11 (Carthage)\n")
                .with("etc/redhat-release", "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n"));

        assertThat(os.describe()).isEqualTo("ol 5.11");
    }

    @Test
    void oracle7() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Oracle Linux Server\"\nVERSION=\"7.9\"\nID=\"ol\"\nVERSION_ID=\"7.9\"\n")
                .with("etc/oracle-release", "Oracle Linux Server release 7.9\n")
                .with("etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"));

        assertThat(os.describe()).isEqualTo("ol 7.9");
    }

    @Test
    void oracle6WithoutOsRelease() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/oracle-release", "Oracle Linux Server release 6.10\n")
                .with("etc/redhat-release", "Red Hat Enterprise Linux Server release 6.10 (Santiago)\n"));

        assertThat(os.describe()).isEqualTo("ol 6.10");
    }

    @Test
    void rhel5AndRhel9() {
        assertThat(detector.detect(new MapFileView()
                .with("etc/redhat-release", "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n")).describe())
                .isEqualTo("rhel 5.11");
        assertThat(detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.3\"\n")
                .with("etc/redhat-release", "Red Hat Enterprise Linux release 9.3 (Plow)\n")).describe())
                .isEqualTo("rhel 9.3");
    }

    @Test
    void amazonLinux2AndAmazonLinuxAmi() {
        assertThat(detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nVERSION_ID=\"2\"\n")
                .with("etc/system-release", "Amazon Linux release 2 (Karoo)\n")).describe())
                .isEqualTo("amzn 2");
        assertThat(detector.detect(new MapFileView()
                .with("etc/system-release", "Amazon Linux AMI release 2018.03\n")).describe())
                .isEqualTo("amzn 2018.03");
    }

    @Test
    void rockyAndAlma() {
        assertThat(detector.detect(new MapFileView()
                .with("etc/rocky-release", "Rocky Linux release 8.9 (Green Obsidian)\n")
                .with("etc/redhat-release", "Rocky Linux release 8.9 (Green Obsidian)\n")).describe())
                .isEqualTo("rocky 8.9");
        assertThat(detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"AlmaLinux\"\nID=\"almalinux\"\nVERSION_ID=\"9.3\"\n")
                .with("etc/almalinux-release", "AlmaLinux release 9.3 (Shamrock Pampas Cat)\n")).describe())
                .isEqualTo("almalinux 9.3");
    }

    @Test
    void aFamilysOwnReleaseFileIsTrustedBeforeTheLinksOthersShare() {
        OperatingSystem fedora = detector.detect(new MapFileView()
                .with("etc/fedora-release", "Fedora release 20 (Heisenbug)\n")
                .with("etc/system-release", "Fedora release 20 (Heisenbug)\n")
                .with("etc/redhat-release", "Fedora release 20 (Heisenbug)\n"));
        OperatingSystem rhel6 = detector.detect(new MapFileView()
                .with("etc/system-release", "Red Hat Enterprise Linux Server release 6.10 (Santiago)\n")
                .with("etc/redhat-release", "Red Hat Enterprise Linux Server release 6.10 (Santiago)\n"));

        assertThat(fedora.describe()).isEqualTo("fedora 20");
        assertThat(fedora.source()).isEqualTo("/etc/fedora-release");
        assertThat(rhel6.describe()).isEqualTo("rhel 6.10");
        assertThat(rhel6.source()).isEqualTo("/etc/system-release");
    }

    @Test
    void alpine33HasOnlyAlpineRelease() {
        OperatingSystem os = detector.detect(new MapFileView().with("etc/alpine-release", "3.3.3\n"));

        assertThat(os.describe()).isEqualTo("alpine 3.3.3");
    }

    @Test
    void suseAndMarinerFromOsRelease() {
        assertThat(detector.detect(new MapFileView()
                .with("usr/lib/os-release", "NAME=\"SLES\"\nVERSION=\"15-SP3\"\nVERSION_ID=\"15.3\"\nID=\"sles\"\n")).describe())
                .isEqualTo("sles 15.3");
        assertThat(detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0.20230126\"\nID=mariner\nVERSION_ID=\"2.0\"\n")).describe())
                .isEqualTo("mariner 2.0");
    }

    @Test
    void distrolessIsSaidSo() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\n"
                        + "VERSION_ID=\"12\"\nVERSION=\"Debian GNU/Linux 12 (bookworm)\"\n")
                .with("etc/debian_version", "12.7\n"));

        assertThat(os.describe()).isEqualTo("debian 12.7 (distroless)");
        assertThat(os.distroless()).isTrue();
    }

    @Test
    void nothingKnownIsUnknown() {
        OperatingSystem os = detector.detect(new MapFileView().with("etc/hostname", "x\n"));

        assertThat(os.isKnown()).isFalse();
        assertThat(os.describe()).isEqualTo("unknown");
    }

    @Test
    void etcOsReleaseWinsOverUsrLib() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\n")
                .with("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n"));

        assertThat(os.describe()).isEqualTo("ubuntu 24.04");
    }

    @Test
    void quotingCommentsAndGarbageInOsRelease() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "# comment\n\nnot a line\nID='fedora'\nVERSION_ID=39\nPRETTY_NAME=\"Fedora \\\"Linux\\\" 39\"\n"));

        assertThat(os.family()).isEqualTo("fedora");
        assertThat(os.version()).isEqualTo("39");
        assertThat(os.name()).isEqualTo("Fedora \"Linux\" 39");
    }

    /** Scientific Linux 6.4's release files (python-distro tests/resources/distros/scientific6, 2451e3b0). */
    @Test
    void scientificLinux6HasOnlyRedHatStyleReleaseFiles() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/redhat-release", "Scientific Linux release 6.4 (Carbon)")
                .with("etc/system-release", "Scientific Linux release 6.4 (Carbon)"));

        assertThat(os.family()).isEqualTo("scientific");
        assertThat(os.version()).isEqualTo("6.4");
        assertThat(os.name()).isEqualTo("Scientific Linux release 6.4 (Carbon)");
    }

    /**
     * Scientific Linux 7.2 (python-distro tests/resources/distros/scientific7, 2451e3b0): os-release with RHEL's ID
     * and its own name, and {@code sl-release}.
     */
    @Test
    void scientificLinux72KeptRhelsIdInOsRelease() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", """
                        NAME="Scientific Linux"
                        VERSION="7.2 (Nitrogen)"
                        ID="rhel"
                        ID_LIKE="fedora"
                        VERSION_ID="7.2"
                        PRETTY_NAME="Scientific Linux 7.2 (Nitrogen)"
                        ANSI_COLOR="0;31"
                        CPE_NAME="cpe:/o:scientificlinux:scientificlinux:7.2:GA"
                        HOME_URL="http://www.scientificlinux.org//"
                        BUG_REPORT_URL="mailto:scientific-linux-devel@listserv.fnal.gov"

                        REDHAT_BUGZILLA_PRODUCT="Scientific Linux 7"
                        REDHAT_BUGZILLA_PRODUCT_VERSION=7.2
                        REDHAT_SUPPORT_PRODUCT="Scientific Linux"
                        REDHAT_SUPPORT_PRODUCT_VERSION="7.2"
                        """)
                .with("etc/redhat-release", "Scientific Linux release 7.2 (Nitrogen)")
                .with("etc/sl-release", "Scientific Linux release 7.2 (Nitrogen)")
                .with("etc/system-release", "Scientific Linux release 7.2 (Nitrogen)"));

        assertThat(os).isEqualTo(new OperatingSystem("scientific", "7.2", "Scientific Linux 7.2 (Nitrogen)", false,
                "/etc/os-release"));
    }

    /** Scientific Linux 7.8's os-release (ID scientific from 7.3 on), without os-release its sl-release. */
    @Test
    void scientificLinux78SaysScientific() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Scientific Linux\"\nVERSION=\"7.8 (Nitrogen)\"\nID=\"scientific\"\n"
                        + "ID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"7.8\"\n"
                        + "PRETTY_NAME=\"Scientific Linux 7.8 (Nitrogen)\"\n"));
        OperatingSystem fromReleaseFile = detector.detect(new MapFileView()
                .with("etc/sl-release", "Scientific Linux release 7.8 (Nitrogen)\n"));

        assertThat(os.describe()).isEqualTo("scientific 7.8");
        assertThat(fromReleaseFile.describe()).isEqualTo("scientific 7.8");
        assertThat(fromReleaseFile.source()).isEqualTo("/etc/sl-release");
    }

    /**
     * EuroLinux 9 as its release package writes it (eurolinux-release.spec: {@code el-release}, which
     * {@code redhat-release} and {@code system-release} link to, and os-release), and EuroLinux 7's os-release.
     */
    @Test
    void euroLinux() {
        OperatingSystem el9 = detector.detect(new MapFileView()
                .with("usr/lib/os-release", "NAME=\"EuroLinux\"\nVERSION=\"9.0 (Sarajevo)\"\nID=\"eurolinux\"\n"
                        + "ID_LIKE=\"rhel fedora centos\"\nVERSION_ID=\"9.0\"\nPLATFORM_ID=\"platform:el9\"\n"
                        + "PRETTY_NAME=\"EuroLinux 9.0 (Sarajevo)\"\n")
                .with("etc/el-release", "EuroLinux release 9.0 (Sarajevo)\n")
                .with("etc/redhat-release", "EuroLinux release 9.0 (Sarajevo)\n"));
        OperatingSystem el9Files = detector.detect(new MapFileView()
                .with("etc/el-release", "EuroLinux release 9.0 (Sarajevo)\n")
                .with("etc/redhat-release", "EuroLinux release 9.0 (Sarajevo)\n")
                .with("etc/system-release", "EuroLinux release 9.0 (Sarajevo)\n"));
        OperatingSystem el7 = detector.detect(new MapFileView()
                .with("etc/os-release", "VERSION=\"7.9 (Minsk)\"\nID=\"eurolinux\"\n"
                        + "ID_LIKE=\"rhel scientific centos fedora\"\nVERSION_ID=\"7.9\"\n"
                        + "PRETTY_NAME=\"EuroLinux 7.9 (Minsk)\"\n"));

        assertThat(el9.describe()).isEqualTo("eurolinux 9.0");
        assertThat(el9Files.describe()).isEqualTo("eurolinux 9.0");
        assertThat(el9Files.source()).isEqualTo("/etc/el-release");
        assertThat(el7.describe()).isEqualTo("eurolinux 7.9");
    }

    @Test
    void aRealRhelOsReleaseStaysRhel() {
        OperatingSystem os = detector.detect(new MapFileView()
                .with("etc/os-release", "NAME=\"Red Hat Enterprise Linux Server\"\nVERSION=\"7.0 (Maipo)\"\n"
                        + "ID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"7.0\"\n")
                .with("etc/redhat-release", "Red Hat Enterprise Linux Server release 7.0 (Maipo)\n"));

        assertThat(os.family()).isEqualTo("rhel");
    }
}
