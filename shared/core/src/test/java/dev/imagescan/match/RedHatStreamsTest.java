package dev.imagescan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.LayerContentSets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which {@code Red Hat:} ecosystems an image's CPEs select, on the CPE forms of Red Hat's VEX files and guidelines:
 * unfixed entries on {@code enterprise_linux:9}, fixes on {@code enterprise_linux:9::baseos}, extended support on
 * {@code rhel_eus:9.2::appstream}, layered products on {@code openshift:4} and {@code openshift:4.16::el9}.
 */
class RedHatStreamsTest {
    private static final Set<String> AVAILABLE = Set.of("Red Hat:enterprise_linux:8", "Red Hat:enterprise_linux:9",
            "Red Hat:enterprise_linux:9::baseos", "Red Hat:enterprise_linux:9::appstream",
            "Red Hat:enterprise_linux:9::crb", "Red Hat:rhel_eus:9.2::appstream", "Red Hat:rhel_eus:9.4::baseos",
            "Red Hat:rhel_aus:7.6::server", "Red Hat:rhel_e4s:7.6::server", "Red Hat:openshift:4",
            "Red Hat:openshift:4.16::el9", "Red Hat:openshift:4.12::el8", "Red Hat repository-to-CPE",
            "Red Hat:enterprise_linux:10", "Red Hat:enterprise_linux:10.0", "Rocky Linux:9");

    @Test
    void aMainStreamImageGetsEveryChannelOfItsMajorReleaseAndNoExtendedSupport() {
        assertThat(RedHatStreams.ecosystems(AVAILABLE, List.of("cpe:/o:redhat:enterprise_linux:9::baseos",
                "cpe:/a:redhat:enterprise_linux:9::appstream"))).containsExactly("Red Hat:enterprise_linux:9",
                "Red Hat:enterprise_linux:9::appstream", "Red Hat:enterprise_linux:9::baseos",
                "Red Hat:enterprise_linux:9::crb");
    }

    @Test
    void anExtendedSupportImageGetsItsStreamAndTheMainStreamsUnfixedEntries() {
        assertThat(RedHatStreams.ecosystems(AVAILABLE, List.of("cpe:/a:redhat:rhel_eus:9.2::appstream")))
                .containsExactly("Red Hat:enterprise_linux:9", "Red Hat:rhel_eus:9.2::appstream");
        assertThat(RedHatStreams.ecosystems(AVAILABLE, List.of("cpe:/o:redhat:rhel_aus:7.6::server")))
                .as("no RHEL 7 main-stream ecosystem here; not E4S").containsExactly("Red Hat:rhel_aus:7.6::server");
    }

    @Test
    void aLayeredProductsMajorVersionCoversItsMinorStreams() {
        assertThat(RedHatStreams.ecosystems(AVAILABLE, List.of("cpe:/a:redhat:openshift:4.16::el9",
                "cpe:/o:redhat:enterprise_linux:9::baseos"))).contains("Red Hat:openshift:4",
                "Red Hat:openshift:4.16::el9", "Red Hat:enterprise_linux:9::baseos")
                .doesNotContain("Red Hat:openshift:4.12::el8", "Red Hat:rhel_eus:9.4::baseos");
    }

    @Test
    void rhel10sMinorReleaseStreamsBelongToItsMajorOne() {
        assertThat(RedHatStreams.ecosystems(AVAILABLE, List.of("cpe:/o:redhat:enterprise_linux:10")))
                .containsExactly("Red Hat:enterprise_linux:10", "Red Hat:enterprise_linux:10.0");
    }

    @Test
    void otherVendorsAndTheMappingItselfAreNeverStreams() {
        assertThat(RedHatStreams.ecosystems(AVAILABLE, List.of("cpe:/o:rocky:rocky:9", "not a cpe"))).isEmpty();
        assertThat(RedHatStreams.ProductStream.ofCpe("cpe:/o:redhat")).isNull();
    }

    /**
     * Trivy's lookup of a package's content sets by the layer that installed it (pkg/fanal/applier/docker.go
     * {@code lookupBuildInfo}): its own layer's; the base layer without one gets the layer above's; a later layer
     * without one the nearest below's; none of these, the release's defaults.
     */
    @Test
    void aPackageGetsItsOwnLayersSetsElseThoseTrivyWouldGiveIt() {
        List<String> ubi = List.of("rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms");
        List<String> eus = List.of("rhel-9-for-x86_64-baseos-eus-rpms__9_DOT_4");
        List<String> defaults = List.of("rhel-9-for-x86_64-baseos-rpms");
        RedHatStreams.ByLayer layers = new RedHatStreams.ByLayer(List.of(new LayerContentSets(1, ubi),
                new LayerContentSets(3, eus)), defaults, List.of(), null);

        assertThat(layers.setsOf(0)).as("the base layer: the layer above's").isEqualTo(ubi);
        assertThat(layers.setsOf(1)).isEqualTo(ubi);
        assertThat(layers.setsOf(2)).as("a customer's layer: the nearest below's").isEqualTo(ubi);
        assertThat(layers.setsOf(3)).isEqualTo(eus);
        assertThat(layers.setsOf(7)).isEqualTo(eus);

        RedHatStreams.ByLayer late = new RedHatStreams.ByLayer(List.of(new LayerContentSets(2, eus)), defaults,
                List.of(), null);
        assertThat(late.setsOf(0)).as("no manifest in layer 0 or 1").isEqualTo(defaults);
        assertThat(late.setsOf(1)).as("no manifest at or below").isEqualTo(defaults);
        assertThat(late.setsOf(2)).isEqualTo(eus);
    }
}
