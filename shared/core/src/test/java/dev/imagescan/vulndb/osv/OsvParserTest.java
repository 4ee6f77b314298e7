package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.testing.OsvFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every field the import keeps, read from crafted records in each distribution's style. */
class OsvParserTest {
    private final List<OsvWarning> warnings = new ArrayList<>();
    private final OsvParser parser = new OsvParser(OsvLimits.DEFAULT, warnings::add);

    private OsvRecord parse(String resource) throws OsvFormatException {
        return parser.parse(OsvFixtures.bytes(resource), resource);
    }

    @Test
    void debianRecordWithUrgencyInEitherPlaceAndReferencesAdvisoryFirst() throws Exception {
        OsvRecord r = parse("DEBIAN-CVE-2024-0727.json");
        Advisory a = r.advisory();

        assertThat(a.id()).isEqualTo("DEBIAN-CVE-2024-0727");
        assertThat(a.aliases()).containsExactly("CVE-2024-0727");
        assertThat(a.summary()).isEqualTo("Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash");
        assertThat(a.published()).isEqualTo(Instant.parse("2024-01-26T09:15:00Z"));
        assertThat(a.modified()).isEqualTo(Instant.parse("2024-08-23T16:30:37Z"));
        assertThat(a.cvss()).containsExactly(
                new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8));
        assertThat(a.rating()).isNull();
        assertThat(a.references()).containsExactly(
                "https://security-tracker.debian.org/tracker/CVE-2024-0727",
                "https://www.debian.org/security/2024/dsa-5621",
                "https://www.openssl.org/news/secadv/20240125.txt",
                "https://github.com/openssl/openssl/commit/041962b429ebe748c8b6b7922980dfb6decfef26",
                "https://github.com/openssl/openssl/commit/8a85df7c60ba1372ee98acc5982e902d75f52130");
        assertThat(r.withdrawn()).isNull();
        assertThat(r.affected()).containsExactly(
                new AffectedPackage("Debian:11", "openssl", List.of(new VersionRange(List.of(
                        RangeEvent.introduced("0"), RangeEvent.fixed("1.1.1w-0+deb11u2")))), List.of(), "low"),
                new AffectedPackage("Debian:12", "openssl", List.of(new VersionRange(List.of(
                        RangeEvent.introduced("0"), RangeEvent.fixed("3.0.13-1~deb12u1")))), List.of(),
                        "not yet assigned"),
                new AffectedPackage("Debian:13", "openssl", List.of(new VersionRange(List.of(
                        RangeEvent.introduced("0")))), List.of(), null));
        assertThat(warnings).isEmpty();
    }

    @Test
    void ubuntuRecordWithUbuntuSeverityPriorityVersionsAndSummaryFromDetails() throws Exception {
        OsvRecord r = parse("UBUNTU-CVE-2024-3094.json");
        Advisory a = r.advisory();

        assertThat(a.summary()).isEqualTo(
                "Malicious code was discovered in the upstream tarballs of xz, starting with version 5.6.0.");
        assertThat(a.modified()).isEqualTo(Instant.parse("2024-04-02T10:21:48.123456Z"));
        assertThat(a.aliases()).containsExactly("CVE-2024-3094");
        assertThat(a.cvss()).containsExactly(
                new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0));
        assertThat(a.rating()).as("the Ubuntu severity wins over database_specific").isEqualTo("critical");
        assertThat(r.affected()).extracting(AffectedPackage::ecosystem, AffectedPackage::rating)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ubuntu:22.04:LTS", "medium"),
                        org.assertj.core.groups.Tuple.tuple("Ubuntu:24.04:LTS", "critical"));
        assertThat(r.affected().get(0).versions()).containsExactly("5.6.0-0.1", "5.6.0-0.2", "5.6.1-1");
        assertThat(a.references()).containsExactly("https://ubuntu.com/security/CVE-2024-3094",
                "https://ubuntu.com/security/notices/USN-6712-1");
    }

    @Test
    void redHatRecordAliasesUpstreamGitRangesAndSeverities() throws Exception {
        OsvRecord r = parse("RHSA-2024-1234.json");
        Advisory a = r.advisory();

        assertThat(a.aliases()).as("aliases then upstream, no repeats, not the id")
                .containsExactly("CVE-2024-0002", "CVE-2024-0001", "CVE-2024-0003");
        assertThat(a.cvss()).containsExactly(
                new CvssScore("2.0", "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),
                new CvssScore("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8));
        assertThat(a.rating()).as("top-level database_specific.severity").isEqualTo("Important");
        assertThat(a.published()).isEqualTo(Instant.parse("2024-04-30T12:00:00Z"));
        assertThat(r.affected()).as("the entry without a package is left out").hasSize(2);
        AffectedPackage openssl = r.affected().get(0);
        assertThat(openssl.ranges()).as("GIT ranges are dropped").containsExactly(new VersionRange(List.of(
                RangeEvent.introduced("0"), RangeEvent.fixed("1:3.0.7-27.el9"))));
        assertThat(openssl.rating()).isEqualTo("Important");
        assertThat(r.affected().get(1).rating()).as("ecosystem_specific before database_specific")
                .isEqualTo("Important");
    }

    @Test
    void alpineRecordWithEveryEventTypeInOrderAndCvssV4() throws Exception {
        OsvRecord r = parse("ALPINE-CVE-2024-0853.json");

        assertThat(r.advisory().cvss()).containsExactly(
                new CvssScore("4.0", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
                new CvssScore("4.0", "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5));
        assertThat(r.advisory().published()).isNull();
        assertThat(r.affected().get(1).ranges().get(0).events()).containsExactly(
                RangeEvent.introduced("8.5.0-r0"), RangeEvent.lastAffected("8.5.0-r0"));
        assertThat(r.affected().get(2).ranges().get(0).events()).containsExactly(
                RangeEvent.introduced("7.0.0-r0"), RangeEvent.fixed("7.88.1-r1"), RangeEvent.introduced("8.0.0-r0"),
                RangeEvent.limit("8.5.0-r0"));
    }

    @Test
    void unparseableCvssIsSkippedWithAWarningAndNonStringRatingsIgnored() throws Exception {
        OsvRecord r = parse("nested/ALSA-2024-0001.json");

        assertThat(r.advisory().cvss()).containsExactly(new CvssScore("2.0", "AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3));
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(OsvWarning.Kind.UNPARSEABLE_CVSS);
            assertThat(w.source()).isEqualTo("nested/ALSA-2024-0001.json");
            assertThat(w.recordId()).isEqualTo("ALSA-2024:0001");
            assertThat(w.message()).contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H");
        });
        assertThat(r.affected().get(0).rating()).as("an object and a blank string are not ratings").isNull();
        assertThat(r.advisory().rating()).isEqualTo("Moderate");
    }

    @Test
    void withdrawnRecordKeepsItsWithdrawnTime() throws Exception {
        OsvRecord r = parse("nested/RLSA-2023-0001.json");

        assertThat(r.withdrawn()).isEqualTo(Instant.parse("2023-06-01T00:00:00Z"));
        assertThat(r.affected()).hasSize(1);
    }

    @Test
    void unknownFieldsAndNullsAreIgnored() throws Exception {
        OsvRecord r = parser.parse(json("""
                {"id": "x_1", "modified": "2024-01-01T00:00:00Z", "x_vendor": {"deep": [1, 2, {"a": null}]},
                 "aliases": null, "severity": null, "summary": null, "credits": [{"name": "someone"}],
                 "severity_extra": 3, "affected": [{"package": {"ecosystem": "Debian:12", "name": "a", "x": 1},
                 "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "note": 5}]}], "x": [true]}],
                 "references": null}
                """), "inline.json");

        assertThat(r.advisory().aliases()).isEmpty();
        assertThat(r.advisory().summary()).isEmpty();
        assertThat(r.affected().get(0).ranges().get(0).events()).containsExactly(RangeEvent.introduced("0"));
    }

    @Test
    void timesWithOffsetsOrWithoutZoneAreUtc() throws Exception {
        OsvRecord r = parser.parse(json("""
                {"id": "x_2", "modified": "2024-01-01T02:00:00+02:00", "published": "2023-12-31T23:00:00"}
                """), "t.json");

        assertThat(r.advisory().modified()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(r.advisory().published()).isEqualTo(Instant.parse("2023-12-31T23:00:00Z"));
    }

    @Test
    void longSummariesAreCutWithAnEllipsis() throws Exception {
        String longText = "word ".repeat(200);
        OsvRecord r = parser.parse(json("{\"id\": \"x_3\", \"modified\": \"2024-01-01T00:00:00Z\", \"details\": \""
                + longText + "\"}"), "long.json");

        assertThat(r.advisory().summary()).hasSizeLessThanOrEqualTo(OsvParser.SUMMARY_MAX_CHARS).endsWith("\u2026")
                .startsWith("word word");
    }

    @Test
    void repeatedStringsAreShared() throws Exception {
        OsvRecord a = parse("DEBIAN-CVE-2024-0727.json");
        OsvRecord b = parser.parse(OsvFixtures.bytes("DEBIAN-CVE-2024-0727.json"), "again.json");

        assertThat(b.affected().get(0).name()).isSameAs(a.affected().get(0).name());
        assertThat(b.affected().get(0).ranges().get(0).events().get(1).version())
                .isSameAs(a.affected().get(0).ranges().get(0).events().get(1).version());
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
