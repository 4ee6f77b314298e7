package dev.imagescan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.vulndb.FixStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When Red Hat's ELS streams are consulted (a RHEL release whose image is not on them), and how what they find joins
 * what the image's own streams find: the main streams decide; a vulnerability only ELS finds is out of support.
 */
class ExtendedLifecycleTest {
    private static final Set<String> AVAILABLE = Set.of("Red Hat:enterprise_linux:5::client",
            "Red Hat:enterprise_linux:5::server", "Red Hat:rhel_els:5", "Red Hat:rhel_aus:5.9",
            "Red Hat:rhel_els:6", "Red Hat:enterprise_linux:7::server", "Oracle Linux:5");

    private static Coverage covered(String label, List<String> ecosystems) {
        return new Coverage(Coverage.Status.COVERED, label, ecosystems, null, false, null);
    }

    @Test
    void theElsStreamsOfTheReleaseAreConsultedUnlessTheImageIsOnThem() {
        List<String> main5 = List.of("Red Hat:enterprise_linux:5::client", "Red Hat:enterprise_linux:5::server");

        assertThat(ExtendedLifecycle.of(covered("Red Hat:enterprise_linux:5", main5), AVAILABLE).streams())
                .containsExactly("Red Hat:rhel_els:5");
        assertThat(ExtendedLifecycle.of(covered("Red Hat:enterprise_linux:5",
                List.of("Red Hat:enterprise_linux:5::server", "Red Hat:rhel_els:5")), AVAILABLE).streams())
                .as("on ELS: its fixes are plain fixes").isEmpty();
        assertThat(ExtendedLifecycle.of(covered("Red Hat:enterprise_linux:7",
                List.of("Red Hat:enterprise_linux:7::server")), AVAILABLE).streams()).as("no ELS stream of 7")
                .isEmpty();
        assertThat(ExtendedLifecycle.of(covered("Oracle Linux:5", List.of("Oracle Linux:5")), AVAILABLE).streams())
                .isEmpty();
        assertThat(ExtendedLifecycle.of(new Coverage(Coverage.Status.NO_DATA, "Red Hat:enterprise_linux:5", List.of(),
                null, false, null), AVAILABLE).streams()).as("nothing matched").isEmpty();
    }

    @Test
    void aVulnerabilityOnlyElsFindsIsOutOfSupportAndTheMainStreamsDecideTheOthers() {
        ExtendedLifecycle els = ExtendedLifecycle.of(covered("Red Hat:enterprise_linux:5",
                List.of("Red Hat:enterprise_linux:5::server")), AVAILABLE);
        Matcher.Found mainFix = new Matcher.Found("CVE-2010-0424");
        mainFix.fix = "4:4.1-81.el5";
        Matcher.Found elsFix = new Matcher.Found("CVE-2010-0424");
        elsFix.fix = "4:4.1-82.el5_11";
        Matcher.Found elsOnly = new Matcher.Found("CVE-2017-14491");
        elsOnly.fix = "0:2.45-2.el5_11.1";

        List<Matcher.Found> found = els.apply(List.of(mainFix), () -> List.of(elsOnly, elsFix));

        assertThat(found).extracting(f -> f.id).containsExactly("CVE-2010-0424", "CVE-2017-14491");
        assertThat(found.get(0)).isSameAs(mainFix);
        assertThat(found.get(1).unfixed()).isTrue();
        assertThat(found.get(1).status()).isEqualTo(FixStatus.OUT_OF_SUPPORT);
        assertThat(found.get(1).fix).as("no fix in the main stream").isNull();
        assertThat(ExtendedLifecycle.of(covered("Red Hat:enterprise_linux:5", List.of("Red Hat:rhel_els:5")),
                AVAILABLE).apply(List.of(mainFix), () -> {
                    throw new AssertionError("ELS asked for an image on ELS");
                })).containsExactly(mainFix);
    }
}
