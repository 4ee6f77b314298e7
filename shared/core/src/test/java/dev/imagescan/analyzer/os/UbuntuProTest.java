package dev.imagescan.analyzer.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.LayerRef;
import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.inventory.SourcePackage;
import dev.imagescan.layer.MapFileView;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ubuntu Pro's ESM detected as Trivy does, on the Pro client's status files of Trivy's test data, and by the ESM
 * builds an image holds.
 */
class UbuntuProTest {
    private static final String OS_RELEASE = "NAME=\"Ubuntu\"\nVERSION=\"16.04.7 LTS (Xenial Xerus)\"\nID=ubuntu\n"
            + "ID_LIKE=debian\nPRETTY_NAME=\"Ubuntu 16.04.7 LTS\"\nVERSION_ID=\"16.04\"\n";

    @Test
    void theProClientsStatusSaysWhetherEsmIsEnabled() {
        OsDetector detector = new OsDetector();

        OperatingSystem enabled = detector.detect(new MapFileView().with("etc/os-release", OS_RELEASE)
                .with(UbuntuPro.STATUS_FILE, FeedSamples.bytes("ubuntu/pro/esm_enabled_status.json")));
        OperatingSystem disabled = detector.detect(new MapFileView().with("etc/os-release", OS_RELEASE)
                .with(UbuntuPro.STATUS_FILE, FeedSamples.bytes("ubuntu/pro/esm_disabled_status.json")));
        OperatingSystem without = detector.detect(new MapFileView().with("etc/os-release", OS_RELEASE));

        assertThat(enabled.extendedSupport()).isTrue();
        assertThat(enabled.describe()).isEqualTo("ubuntu 16.04 (extended support)");
        assertThat(disabled.extendedSupport()).isFalse();
        assertThat(without).isEqualTo(new OperatingSystem("ubuntu", "16.04", "Ubuntu 16.04.7 LTS", false,
                "/etc/os-release"));
        assertThat(detector.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo(UbuntuPro.STATUS_FILE));
    }

    @Test
    void aStatusFileThatIsNotTheClientsOrAnotherFamilySaysNothing() {
        OsDetector detector = new OsDetector();

        assertThat(detector.detect(new MapFileView().with("etc/os-release", OS_RELEASE)
                .with(UbuntuPro.STATUS_FILE, "{\"services\": [{\"name\": \"esm-infra\"")).extendedSupport()).isFalse();
        assertThat(UbuntuPro.enabledIn("[]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(UbuntuPro.enabledIn("{\"services\": 3}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(detector.detect(new MapFileView().with("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .with(UbuntuPro.STATUS_FILE, FeedSamples.bytes("ubuntu/pro/esm_enabled_status.json")))
                .extendedSupport()).isFalse();
    }

    @Test
    void anEsmBuildInstalledMeansTheImageGetsEsm() {
        OperatingSystem trusty = new OperatingSystem("ubuntu", "14.04", "Ubuntu 14.04.6 LTS", false, "/etc/os-release");

        assertThat(UbuntuPro.withEsmBuilds(trusty, List.of(deb("sudo", "1.8.9p5-1ubuntu1.5+esm2"),
                deb("bash", "4.3-7ubuntu1.7"))).extendedSupport()).isTrue();
        assertThat(UbuntuPro.withEsmBuilds(trusty, List.of(deb("bash", "4.3-7ubuntu1.8~esm1"))).extendedSupport())
                .isTrue();
        assertThat(UbuntuPro.withEsmBuilds(trusty, List.of(deb("bash", "4.3-7ubuntu1.7"))).extendedSupport())
                .isFalse();
        OperatingSystem debian = new OperatingSystem("debian", "12", "Debian", false, "/etc/os-release");
        assertThat(UbuntuPro.withEsmBuilds(debian, List.of(deb("x", "1+esm1")))).isEqualTo(debian);
    }

    private static Package deb(String name, String version) {
        return new Package(PackageType.DEB, name, version, "amd64", new SourcePackage(name, version),
                "pkg:deb/ubuntu/" + name + "@" + version, new LayerRef(0, "sha256:0"), null);
    }
}
