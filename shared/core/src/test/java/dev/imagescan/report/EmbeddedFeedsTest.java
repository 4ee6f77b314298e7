package dev.imagescan.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.VulnDatabase;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded default database holds the extracts of src/main/vulndb-feeds/ (its README cites them): Alpine's secdb
 * main and community, Debian's DSA and DLA lists, FIRST's EPSS and CISA's KEV, each recorded as a source; the secdb
 * records stand beside OSV's on the bundled Alpine images without a finding reported twice.
 */
class EmbeddedFeedsTest {
    private final VulnDatabase db = BundledDatabase.load();

    @Test
    void everyNewFeedIsASourceOfTheEmbeddedDatabase() {
        assertThat(db.info().sources()).contains("alpine:3 documents", "debian:2 documents",
                "epss:epss_scores-extract.csv", "kev:known_exploited_vulnerabilities-extract.json");
    }

    @Test
    void secdbCommunityAndTheDebianListsGiveRecords() {
        assertThat(ids("Alpine:v3.20", "cfengine")).containsExactly("ALPINE-SECDB-CVE-2019-9929");
        assertThat(ids("Alpine:v3.9", "musl")).contains("ALPINE-SECDB-CVE-2020-28928", "ALPINE-CVE-2020-28928");
        assertThat(ids("Debian:10", "glibc")).containsExactly("DLA-3152-1");
        // the DSA list's records have the ids of the OSV snapshot's DSAs: kept once
        assertThat(ids("Debian:12", "glibc")).filteredOn(id -> id.startsWith("DSA-"))
                .containsExactlyInAnyOrder("DSA-5514-1", "DSA-5611-1", "DSA-5673-1", "DSA-5678-1");
    }

    @Test
    void kevAndEpssAreKeptByCve() {
        CveSignals shellshock = db.signals("CVE-2014-6271").orElseThrow();
        CveSignals ossl = db.signals("CVE-2021-3449").orElseThrow();

        assertThat(shellshock.kev()).isEqualTo(new CveSignals.Kev(LocalDate.parse("2022-01-28"),
                LocalDate.parse("2022-07-28"), false));
        assertThat(shellshock.epss().score()).isEqualTo(0.99999);
        assertThat(ossl.kev()).isNull();
        assertThat(ossl.epss()).isEqualTo(new CveSignals.Epss(0.63542, 0.99188, LocalDate.parse("2026-09-29")));
        assertThat(ossl.nvdCvss()).as("NVD's rating kept beside the EPSS score").isNotEmpty();
    }

    @Test
    void secdbRecordsStandBesideOsvsWithoutAFindingTwice() {
        VulnerabilityReport alpine320 = SampleReports.of("alpine-3.20.3.oci.tar");

        assertThat(alpine320.findings()).as("what OSV alone gave: 22").hasSize(22);
        assertThat(alpine320.findings()).extracting(f -> f.id() + " " + f.pkg().name()).doesNotHaveDuplicates();
        assertThat(finding(alpine320, "CVE-2026-40200", "musl").advisoryIds())
                .containsExactly("ALPINE-CVE-2026-40200", "ALPINE-SECDB-CVE-2026-40200");
        assertThat(finding(alpine320, "CVE-2024-58251", "busybox").advisoryIds())
                .containsExactly("ALPINE-CVE-2024-58251", "ALPINE-SECDB-CVE-2024-58251");
        assertThat(finding(alpine320, "CVE-2025-9230", "libssl3").advisoryIds())
                .as("openssl is not in the secdb extract").containsExactly("ALPINE-CVE-2025-9230");
    }

    private List<String> ids(String ecosystem, String pkg) {
        return db.lookup(ecosystem, pkg).stream().map(a -> a.advisory().id()).distinct().toList();
    }

    private static Finding finding(VulnerabilityReport report, String id, String pkg) {
        return report.findings().stream().filter(f -> f.id().equals(id) && f.pkg().name().equals(pkg)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + id + " on " + pkg));
    }
}
