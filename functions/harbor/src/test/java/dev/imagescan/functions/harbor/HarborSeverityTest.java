package dev.imagescan.functions.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Package;
import dev.imagescan.inventory.PackageType;
import dev.imagescan.report.Finding;
import dev.imagescan.report.Severity;
import dev.imagescan.report.SeverityAssessment;
import dev.imagescan.vulndb.CvssScore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our four levels on Harbor's six, as docs/harbor.md states the mapping. */
class HarborSeverityTest {
    private static final CvssScore CRITICAL_V3 = new CvssScore("3.1",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8);
    private static final CvssScore HIGH_V3 = new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
            7.5);

    @Test
    void mapsEachLevelAndSplitsHighAndLowByTheirOwnEvidence() {
        assertThat(of(Severity.HIGH, "redhat", "Critical", HIGH_V3)).isEqualTo(HarborSeverity.CRITICAL);
        assertThat(of(Severity.HIGH, "redhat", "Important", CRITICAL_V3)).as("the distribution's word decides")
                .isEqualTo(HarborSeverity.HIGH);
        assertThat(of(Severity.HIGH, "cvss", null, CRITICAL_V3)).isEqualTo(HarborSeverity.CRITICAL);
        assertThat(of(Severity.HIGH, "nvd", null, CRITICAL_V3)).isEqualTo(HarborSeverity.CRITICAL);
        assertThat(of(Severity.HIGH, "cvss", null, HIGH_V3)).isEqualTo(HarborSeverity.HIGH);
        assertThat(of(Severity.HIGH, "ghsa", "CRITICAL", null)).isEqualTo(HarborSeverity.CRITICAL);
        assertThat(of(Severity.MEDIUM, "debian", "medium", null)).isEqualTo(HarborSeverity.MEDIUM);
        assertThat(of(Severity.LOW, "debian", "unimportant", null)).isEqualTo(HarborSeverity.NEGLIGIBLE);
        assertThat(of(Severity.LOW, "ubuntu", "negligible", null)).isEqualTo(HarborSeverity.NEGLIGIBLE);
        assertThat(of(Severity.LOW, "debian", "low", null)).isEqualTo(HarborSeverity.LOW);
        assertThat(of(Severity.UNKNOWN, "none", null, null)).isEqualTo(HarborSeverity.UNKNOWN);
        assertThat(HarborSeverity.CRITICAL.word()).isEqualTo("Critical");
    }

    private static HarborSeverity of(Severity level, String source, String rating, CvssScore cvss) {
        Package pkg = new Package(PackageType.APK, "musl", "1.2.5-r0", "x86_64", null, null, null, null);
        return HarborSeverity.of(new Finding("CVE-2026-1", List.of(), List.of(), pkg, "musl", null,
                new SeverityAssessment(level, source, rating, cvss), null, List.of(), null, false));
    }
}
