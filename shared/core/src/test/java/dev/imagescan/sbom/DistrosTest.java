package dev.imagescan.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistrosTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", value = {
        "debian, debian-12, debian, 12",
        "debian, debian-12.7, debian, 12.7",
        "alpine, 3.20.3, alpine, 3.20.3",
        "alpine, alpine-3.20.3, alpine, 3.20.3",
        "debian, bookworm, debian, 12",
        "debian, debian-bookworm, debian, 12",
        "debian, buster, debian, 10",
        "debian, bullseye, debian, 11",
        "debian, trixie, debian, 13",
        "ubuntu, jammy, ubuntu, 22.04",
        "ubuntu, focal, ubuntu, 20.04",
        "ubuntu, noble, ubuntu, 24.04",
        "ubuntu, ubuntu-22.04, ubuntu, 22.04",
        "redhat, redhat-8.9, rhel, 8.9",
        "redhat, rhel-9.3, rhel, 9.3",
        "centos, centos-7.6.1810, centos, 7.6.1810",
        "amazon, amazon-2 (Karoo), amzn, 2",
        "amzn, amzn-2023, amzn, 2023",
        "oracle, oracle-8.9, ol, 8.9",
        "rocky, rocky-9.3, rocky, 9.3",
        "alma, alma-9.3, almalinux, 9.3",
        "opensuse, opensuse.leap-15.5, opensuse-leap, 15.5",
        "opensuse, opensuse-leap-15.5, opensuse-leap, 15.5",
        "mariner, cbl-mariner-2.0, mariner, 2.0",
        "suse, sles-15.3, sles, 15.3",
        "debian, -, debian, -",
        "redhat, -, rhel, -",
        "wolfi, wolfi, wolfi, -",
        "-, -, -, -",
        "-, debian-11, debian, 11",
    })
    void purlNamespaceAndDistroQualifierGiveFamilyAndVersion(String namespace, String distro, String family, String version) {
        assertThat(Distros.fromPurl(namespace, distro)).isEqualTo(new Distros.Distro(family, version));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "debian, debian",
        "Ubuntu, ubuntu",
        "redhat, rhel",
        "alma, almalinux",
        "amazon, amzn",
        "oracle, ol",
        "cbl-mariner, mariner",
        "opensuse.leap, opensuse-leap",
        "suse linux enterprise server, sles",
        "slem, sle-micro",
        "photon, photon",
    })
    void trivyAndOsReleaseNamesGiveOsReleaseIds(String name, String family) {
        assertThat(Distros.family(name)).isEqualTo(family);
    }
}
