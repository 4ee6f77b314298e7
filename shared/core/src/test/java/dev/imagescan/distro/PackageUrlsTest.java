package dev.imagescan.distro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.InstalledPackage;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.PackageType;
import org.junit.jupiter.api.Test;

/** Package URLs name a package's family as other tools do, and fall back to the os-release ID. */
class PackageUrlsTest {
    private static final InstalledPackage DEB = new InstalledPackage(PackageType.DEB, "curl", "7.88.1-10+deb12u5",
            "amd64", "curl", "7.88.1-10+deb12u5", null);
    private static final InstalledPackage APK = new InstalledPackage(PackageType.APK, "musl", "1.2.5-r0", "x86_64",
            "musl", "1.2.5-r0", null);
    private static final InstalledPackage RPM = new InstalledPackage(PackageType.RPM, "openssl-libs",
            "1:3.0.7-24.el9", "x86_64", "openssl", null,
            new InstalledPackage.RpmFields(1L, "3.0.7", "24.el9", "Red Hat, Inc.", null));

    @Test
    void theFamilysNamespaceAndDistroQualifier() {
        assertThat(PackageUrls.of(DEB, os("debian", "12.7")))
                .isEqualTo("pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12.7");
        assertThat(PackageUrls.of(APK, os("alpine", "3.20.3")))
                .isEqualTo("pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3");
        assertThat(PackageUrls.of(RPM, os("rhel", "9.3")))
                .isEqualTo("pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rhel-9.3&epoch=1");
        assertThat(PackageUrls.of(RPM, os("sles", "15.5")))
                .isEqualTo("pkg:rpm/suse/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=sles-15.5&epoch=1");
    }

    @Test
    void anUnknownFamilyOrAForeignPackageKeepsTheOsReleaseId() {
        assertThat(PackageUrls.of(APK, os("gentoo", "2.15")))
                .isEqualTo("pkg:apk/gentoo/musl@1.2.5-r0?arch=x86_64&distro=2.15");
        assertThat(PackageUrls.of(APK, os("rhel", "9.3")))
                .isEqualTo("pkg:apk/rhel/musl@1.2.5-r0?arch=x86_64&distro=9.3");
        assertThat(PackageUrls.of(DEB, OperatingSystem.unknown()))
                .isEqualTo("pkg:deb/curl@7.88.1-10%2Bdeb12u5?arch=amd64");
    }

    private static OperatingSystem os(String family, String version) {
        return new OperatingSystem(family, version, null, false, null);
    }
}
