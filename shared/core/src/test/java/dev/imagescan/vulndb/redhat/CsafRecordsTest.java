package dev.imagescan.vulndb.redhat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.osv.OsvWarning;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Red Hat's CSAF advisories and VEX files, real documents (vulndb/redhat/README.md), as records. */
class CsafRecordsTest {

    private static List<OsvRecord> records(String path) throws IOException {
        byte[] bytes = FeedSamples.bytes("redhat/" + path);
        List<OsvWarning> warnings = new ArrayList<>();
        List<OsvRecord> records = CsafRecords.of(CsafParser.parse(new ByteArrayInputStream(bytes), path), path,
                warnings::add);
        assertThat(warnings).isEmpty();
        return records;
    }

    private static String fixed(AffectedPackage p) {
        return p.ranges().get(0).events().stream().filter(e -> e.type() == RangeEvent.Type.FIXED)
                .map(RangeEvent::version).findFirst().orElse(null);
    }

    @Test
    void aVexFileWithWillNotFixAndOutOfSupportScope() throws IOException {
        OsvRecord vim = records("vex/2023/cve-2023-5344.json").get(0);

        assertThat(vim.advisory().id()).isEqualTo("CVE-2023-5344");
        assertThat(vim.advisory().aliases()).isEmpty();
        assertThat(vim.advisory().summary()).isEqualTo("vim: Heap-based Buffer Overflow in trunc_string()");
        assertThat(vim.advisory().rating()).isEqualTo("Low");
        assertThat(vim.advisory().modified()).isEqualTo(Instant.parse("2024-11-18T17:52:20Z"));
        assertThat(vim.advisory().cvss()).singleElement().satisfies(c -> {
            assertThat(c.vector()).isEqualTo("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:L");
            assertThat(c.baseScore()).isEqualTo(5.3);
        });
        assertThat(vim.advisory().references()).containsExactly("https://access.redhat.com/security/cve/CVE-2023-5344");
        // the older VEX files name only the source package: kept under its own name
        assertThat(vim.affected()).extracting(AffectedPackage::ecosystem, AffectedPackage::name,
                AffectedPackage::unfixed, AffectedPackage::rating).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Red Hat:enterprise_linux:6", "vim",
                                FixStatus.OUT_OF_SUPPORT, "Low"),
                        org.assertj.core.groups.Tuple.tuple("Red Hat:enterprise_linux:7", "vim",
                                FixStatus.OUT_OF_SUPPORT, "Low"),
                        org.assertj.core.groups.Tuple.tuple("Red Hat:enterprise_linux:8", "vim",
                                FixStatus.WILL_NOT_FIX, "Low"),
                        org.assertj.core.groups.Tuple.tuple("Red Hat:enterprise_linux:9", "vim",
                                FixStatus.WILL_NOT_FIX, "Low"));
        assertThat(vim.affected()).allSatisfy(p -> assertThat(fixed(p)).isNull());
    }

    @Test
    void aVexFileWithAFixGivesTheErratumAndTheFixedVersion() throws IOException {
        OsvRecord pam = records("vex/2024/cve-2024-10041.json").get(0);

        assertThat(pam.advisory().id()).isEqualTo("CVE-2024-10041");
        assertThat(pam.advisory().aliases()).containsExactly("RHSA-2024:9941");
        assertThat(pam.advisory().references()).containsExactly(
                "https://access.redhat.com/security/cve/CVE-2024-10041",
                "https://access.redhat.com/errata/RHSA-2024:9941");
        assertThat(pam.advisory().rating()).isEqualTo("Moderate");
        // x86_64 and aarch64 binaries of one build: one entry; the source rpm none; RHEL 7's product (out of
        // support scope) has no relationship in this excerpt, so nothing can be said of it
        assertThat(pam.affected()).singleElement().satisfies(p -> {
            assertThat(p.ecosystem()).isEqualTo("Red Hat:enterprise_linux:9::baseos");
            assertThat(p.name()).isEqualTo("pam");
            assertThat(fixed(p)).isEqualTo("0:1.5.1-21.el9_5");
            assertThat(p.rating()).isEqualTo("Moderate");
        });
    }

    /**
     * RHEL 5's streams (product ids {@code 5Client}, {@code 5Server}; CPEs {@code cpe:/o:redhat:enterprise_linux:5::
     * client} and {@code ::server}): the fix of RHSA-2012:0304 per stream and binary package, the debuginfo package
     * too, the source rpm left out; RHEL 4's "Will not fix" and RHEL 6's "Affected" kept under the source names.
     */
    @Test
    void aVexFileWithRhel5FixesAndOlderReleasesUnfixed() throws IOException {
        OsvRecord cron = records("vex/2010/cve-2010-0424.json").get(0);

        assertThat(cron.advisory().id()).isEqualTo("CVE-2010-0424");
        assertThat(cron.advisory().aliases()).containsExactly("RHSA-2012:0304");
        assertThat(cron.advisory().rating()).isEqualTo("Low");
        assertThat(cron.advisory().cvss()).singleElement().satisfies(c -> {
            assertThat(c.vector()).isEqualTo("AV:L/AC:L/Au:N/C:N/I:P/A:P");
            assertThat(c.baseScore()).isEqualTo(3.6);
        });
        assertThat(cron.affected()).extracting(p -> p.ecosystem() + " " + p.name() + " " + p.rating() + " "
                + (fixed(p) == null ? p.unfixed() : "fixed " + fixed(p))).containsExactlyInAnyOrder(
                        "Red Hat:enterprise_linux:5::client vixie-cron Low fixed 4:4.1-81.el5",
                        "Red Hat:enterprise_linux:5::client vixie-cron-debuginfo Low fixed 4:4.1-81.el5",
                        "Red Hat:enterprise_linux:5::server vixie-cron Low fixed 4:4.1-81.el5",
                        "Red Hat:enterprise_linux:5::server vixie-cron-debuginfo Low fixed 4:4.1-81.el5",
                        "Red Hat:enterprise_linux:4 vixie-cron Low WILL_NOT_FIX",
                        "Red Hat:enterprise_linux:6 cronie Low AFFECTED");
    }

    @Test
    void anRhsaAdvisoryWithoutPurlsIsReadByItsProductNames() throws IOException {
        OsvRecord rhsa = records("advisories/2022/rhsa-2022_0011.json").get(0);

        assertThat(rhsa.advisory().id()).isEqualTo("RHSA-2022:0011");
        assertThat(rhsa.advisory().aliases()).containsExactly("CVE-2020-10188");
        assertThat(rhsa.advisory().rating()).isEqualTo("Important");
        assertThat(rhsa.advisory().references()).containsExactly("https://access.redhat.com/errata/RHSA-2022:0011");
        assertThat(rhsa.affected()).extracting(AffectedPackage::ecosystem).containsOnly(
                "Red Hat:rhel_aus:7.6::server", "Red Hat:rhel_e4s:7.6::server", "Red Hat:rhel_tus:7.6::server");
        assertThat(rhsa.affected()).extracting(AffectedPackage::name).containsOnly("telnet", "telnet-debuginfo",
                "telnet-server");
        assertThat(rhsa.affected()).allSatisfy(p -> assertThat(fixed(p)).isEqualTo("1:0.17-65.el7_6"));
    }

    @Test
    void layeredProductsKeepTheirOwnEcosystem() throws IOException {
        OsvRecord cve = records("vex/2024/cve-2024-24786.json").get(0);

        assertThat(cve.affected()).singleElement().satisfies(p -> {
            assertThat(p.ecosystem()).isEqualTo("Red Hat:openshift:4.16::el9");
            assertThat(p.name()).isEqualTo("cri-tools");
            assertThat(fixed(p)).isEqualTo("0:1.29.0-3.1.el9");
        });
    }

    @Test
    void componentsArePurlsOrNevras() {
        assertThat(CsafRecords.fromPurl("pkg:rpm/redhat/nodejs@18.18.2-2.module%2Bel8.9.0%2B20473%2B0a4a7eec"
                + "?arch=x86_64&epoch=1&rpmmod=nodejs:18:8090020231019152822:a75119d5"))
                .isEqualTo(new CsafRecords.Component("nodejs:18::nodejs", "1:18.18.2-2.module+el8.9.0+20473+0a4a7eec",
                        false));
        assertThat(CsafRecords.fromPurl("pkg:rpm/redhat/vim-X11")).isEqualTo(new CsafRecords.Component("vim-X11",
                null, false));
        assertThat(CsafRecords.fromPurl("pkg:oci/cert-manager-operator-rhel9")).isNull();
        assertThat(CsafRecords.fromNevra("telnet-server-1:0.17-65.el7_6.x86_64"))
                .isEqualTo(new CsafRecords.Component("telnet-server", "1:0.17-65.el7_6", false));
        assertThat(CsafRecords.fromNevra("pam-1.5.1-21.el9_5.src"))
                .isEqualTo(new CsafRecords.Component("pam", "0:1.5.1-21.el9_5", true));
    }

    @Test
    void whatIsNotCsafOrIsCutShortIsRefusedNamingTheDocument() {
        byte[] vim = FeedSamples.bytes("redhat/vex/2023/cve-2023-5344.json");
        byte[] half = Arrays.copyOf(vim, vim.length / 2);

        assertThatThrownBy(() -> CsafParser.parse(new ByteArrayInputStream(half), "2023/cve-2023-5344.json"))
                .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("2023/cve-2023-5344.json: ");
        assertThatThrownBy(() -> CsafParser.parse(new ByteArrayInputStream(FeedSamples.bytes(
                "redhat/meta/repository-to-cpe.json")), "repository-to-cpe.json"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("repository-to-cpe.json: not a CSAF document (no document.category) (line 5)");
        assertThatThrownBy(() -> CsafParser.parse(new ByteArrayInputStream("[1]".getBytes()), "x.json"))
                .isInstanceOf(FeedFormatException.class).hasMessageContaining("x.json: not a JSON object");
    }
}
