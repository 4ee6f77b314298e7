package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled database carries NVD's ratings of its CVEs (shared/core/src/main/vulndb-nvd/): on the bundled Alpine
 * 3.20 image, 20 of 22 findings were Unknown before; now only those NVD has no score for are.
 */
class BundledNvdRatingsTest {

    @Test
    void onlyWhatNvdHasNoScoreForIsUnknown() {
        VulnerabilityReport r = SampleReports.of("alpine-3.20.3.oci.tar");

        assertThat(r.findings()).hasSize(22);
        List<Finding> unknown = r.findings().stream().filter(f -> f.level() == Severity.UNKNOWN).toList();
        // CVE-2024-12797 and CVE-2024-9143 were "Awaiting Analysis" with no metrics in the NVD records read
        assertThat(unknown).extracting(Finding::id).containsOnly("CVE-2024-12797", "CVE-2024-9143").hasSize(4);
        assertThat(r.findings()).filteredOn(f -> f.id().equals("CVE-2025-15467"))
                .allSatisfy(f -> assertThat(f.severity()).extracting(SeverityAssessment::level,
                        SeverityAssessment::source).containsExactly(Severity.HIGH, "nvd"));
        // the OSV record's own vector comes before NVD's
        assertThat(r.findings()).filteredOn(f -> f.id().equals("CVE-2025-26519"))
                .allSatisfy(f -> assertThat(f.severity().source()).isEqualTo("cvss"));
        // NVD rates 13 CVEs of the Alpine records and 2 of the Red Hat ones; EPSS scores 3 more, which NVD's
        // extract leaves out: CVE-2011-4116 (Debian rates it), CVE-2014-0160 and CVE-2014-6271 (Ubuntu rates them)
        assertThat(r.database().cves()).as("15 rated by NVD, 3 with an EPSS score only").isEqualTo(18);
    }
}
