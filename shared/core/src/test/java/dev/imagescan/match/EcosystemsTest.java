package dev.imagescan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.OperatingSystem;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distributions OSV already covers that were UNSUPPORTED_OS before: each release finds exactly its ecosystems
 * among ecosystem names spelled as OSV publishes them (the OSV schema's ecosystem list, shared/testing's
 * osv-schema.json, with the release suffixes of its feeds).
 */
class EcosystemsTest {
    /** Ecosystem names as OSV's feeds spell them, several of each family so that a wrong release shows. */
    private static final Set<String> AVAILABLE = Set.of(
            "SUSE:Linux Enterprise Server 15 SP5", "SUSE:Linux Enterprise Server 15 SP5-LTSS",
            "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "SUSE:Linux Enterprise Server 15 SP4-LTSS",
            "SUSE:Linux Enterprise Server 15 SP50", "SUSE:Linux Enterprise Server 12 SP5",
            "openSUSE:Leap 15.5", "openSUSE:Leap 15.6", "openSUSE:Tumbleweed", "openSUSE:Leap Micro 5.5",
            "Photon OS:4.0", "Photon OS:5.0", "Azure Linux:2", "Azure Linux:3", "Wolfi", "Chainguard",
            "Rocky Linux:9", "AlmaLinux:9", "Alpine:v3.20");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            sles | 15.5 | SUSE:Linux Enterprise Module for Basesystem 15 SP5,SUSE:Linux Enterprise Server 15 SP5,SUSE:Linux Enterprise Server 15 SP5-LTSS
            sles | 12.5 | SUSE:Linux Enterprise Server 12 SP5
            opensuse-leap | 15.6 | openSUSE:Leap 15.6
            opensuse-tumbleweed | 20240801 | openSUSE:Tumbleweed
            photon | 5.0 | Photon OS:5.0
            mariner | 2.0 | Azure Linux:2
            azurelinux | 3.0 | Azure Linux:3
            wolfi | 20230201 | Wolfi
            chainguard | 20230214 | Chainguard
            rocky | 9.3 | Rocky Linux:9
            almalinux | 9.3 | AlmaLinux:9
            sle-micro | 5.5 | -
            """)
    void eachReleaseFindsItsOwnEcosystems(String family, String version, String expected) {
        OperatingSystem os = new OperatingSystem(family, version, family + " " + version, false, "/etc/os-release");

        List<String> found = Ecosystems.forOs(os).orElseThrow().in(AVAILABLE);

        assertThat(found).isEqualTo(expected == null ? List.of() : Arrays.asList(expected.split(",")));
    }

    /** Canonical's two feeds of Ubuntu's advisories: the tracker's ecosystems where present, else OSV's; never both. */
    @ParameterizedTest(name = "ubuntu {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            14.04 | Ubuntu:14.04:tracker
            12.04 | Ubuntu:12.04:tracker
            22.04 | Ubuntu:22.04:LTS
            24.10 | Ubuntu:24.10
            20.04 | -
            """)
    void ubuntuTakesTheTrackersEcosystemsOverOsvsWhereTheDatabaseHoldsThem(String version, String expected) {
        Set<String> available = Set.of("Ubuntu:14.04:LTS", "Ubuntu:Pro:14.04:LTS", "Ubuntu:14.04:tracker",
                "Ubuntu:Pro:14.04:tracker", "Ubuntu:12.04:tracker", "Ubuntu:Pro:12.04:tracker", "Ubuntu:22.04:LTS",
                "Ubuntu:Pro:FIPS:22.04:LTS", "Ubuntu:24.10", "Ubuntu:Pro:20.04:LTS");
        OperatingSystem os = new OperatingSystem("ubuntu", version, "Ubuntu " + version, false, "/etc/os-release");

        List<String> found = Ecosystems.forOs(os).orElseThrow().in(available);

        assertThat(found).isEqualTo(expected == null ? List.of() : Arrays.asList(expected.split(",")));
    }

    /** An image with Ubuntu Pro's ESM also gets the release's ESM pocket; never FIPS or another Pro product. */
    @ParameterizedTest(name = "ubuntu {0} with ESM")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            14.04 | Ubuntu:14.04:tracker,Ubuntu:Pro:14.04:tracker
            16.04 | Ubuntu:Pro:16.04:tracker
            22.04 | Ubuntu:22.04:LTS,Ubuntu:Pro:22.04:LTS
            """)
    void anImageWithEsmAlsoGetsTheEsmPocket(String version, String expected) {
        Set<String> available = Set.of("Ubuntu:14.04:LTS", "Ubuntu:Pro:14.04:LTS", "Ubuntu:14.04:tracker",
                "Ubuntu:Pro:14.04:tracker", "Ubuntu:Pro:16.04:tracker", "Ubuntu:16.04:LTS", "Ubuntu:22.04:LTS",
                "Ubuntu:Pro:22.04:LTS", "Ubuntu:Pro:FIPS:22.04:LTS", "Ubuntu:Pro:FIPS-updates:22.04:LTS");
        OperatingSystem os = new OperatingSystem("ubuntu", version, "Ubuntu " + version, false, "/etc/os-release", true);

        assertThat(Ecosystems.forOs(os).orElseThrow().in(available)).isEqualTo(Arrays.asList(expected.split(",")));
    }
}
