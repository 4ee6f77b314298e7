package dev.imagescan.vulndb.ubuntu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.osv.OsvWarning;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real files of the Ubuntu CVE tracker (shared/testing's {@code vulndb/ubuntu/README.md}) read into records: every
 * status word onto the fix statuses, Ubuntu's priority per package, the ESM pockets into the Pro ecosystems.
 */
class TrackerFileParserTest {
    private final List<OsvWarning> warnings = new ArrayList<>();

    private OsvRecord parse(String path) {
        String cve = path.substring(path.lastIndexOf('/') + 1);
        return TrackerFileParser.parse(FeedSamples.bytes("ubuntu/tracker/" + path), path, cve, warnings::add)
                .orElseThrow();
    }

    /** One line per entry: ecosystem, package, fixed version or status word, rating. */
    private static List<String> entries(OsvRecord r) {
        return r.affected().stream().map(TrackerFileParserTest::describe).toList();
    }

    private static String describe(AffectedPackage p) {
        List<RangeEvent> events = p.ranges().get(0).events();
        String fix = events.size() == 2 && events.get(1).type() == RangeEvent.Type.FIXED
                ? "fixed " + events.get(1).version() : p.unfixed().word();
        return p.ecosystem() + " " + p.name() + " " + fix + " " + p.rating();
    }

    @Test
    void heartbleedIsFixedIn1204AndRatedHigh() {
        OsvRecord r = parse("retired/CVE-2014-0160");

        assertThat(r.advisory().id()).isEqualTo("UCT-CVE-2014-0160");
        assertThat(r.advisory().aliases()).containsExactly("CVE-2014-0160", "USN-2165-1");
        assertThat(r.advisory().references()).containsExactly("https://ubuntu.com/security/CVE-2014-0160",
                "https://ubuntu.com/security/notices/USN-2165-1");
        assertThat(r.advisory().published()).isEqualTo(Instant.parse("2014-04-07T22:55:00Z"));
        assertThat(r.advisory().modified()).isEqualTo(r.advisory().published());
        assertThat(r.advisory().summary()).startsWith("The (1) TLS and (2) DTLS implementations in OpenSSL 1.0.1");
        assertThat(r.advisory().rating()).as("the priority is the entries'").isNull();
        assertThat(r.advisory().cvss()).extracting(c -> c.version() + " " + c.baseScore()).containsExactly("3.1 7.5");
        assertThat(entries(r)).as("openssl098 not-affected, lucid and devel give no entry").containsExactly(
                "Ubuntu:12.04:tracker openssl fixed 1.0.1-4ubuntu5.12 high",
                "Ubuntu:12.10:tracker openssl fixed 1.0.1c-3ubuntu2.7 high",
                "Ubuntu:13.10:tracker openssl fixed 1.0.1e-3ubuntu1.2 high");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aReleaseAtItsEndOfLifeIsOutOfSupportWhileItsEsmPocketHasTheFix() {
        OsvRecord r = parse("retired/CVE-2016-7543");

        assertThat(entries(r)).containsExactly(
                "Ubuntu:12.04:tracker bash out_of_support medium",
                "Ubuntu:Pro:12.04:tracker bash fixed 4.2-2ubuntu2.7 medium",
                "Ubuntu:14.04:tracker bash fixed 4.3-7ubuntu1.7 medium",
                "Ubuntu:Pro:14.04:tracker bash fixed 4.3-7ubuntu1.7 medium",
                "Ubuntu:16.04:tracker bash fixed 4.3-14ubuntu1.2 medium",
                "Ubuntu:16.10:tracker bash fixed 4.3-15ubuntu1.1 medium");
        assertThat(r.advisory().aliases()).containsExactly("CVE-2016-7543", "USN-3294-1", "USN-3294-2");
    }

    @Test
    void anEsmOnlyFixIsFixedForProAndOutOfSupportOtherwise() {
        OsvRecord r = parse("retired/CVE-2019-14287");

        assertThat(entries(r)).containsExactly(
                "Ubuntu:Pro:12.04:tracker sudo fixed 1.8.3p1-1ubuntu3.8 medium",
                "Ubuntu:14.04:tracker sudo out_of_support medium",
                "Ubuntu:Pro:14.04:tracker sudo fixed 1.8.9p5-1ubuntu1.5+esm2 medium",
                "Ubuntu:16.04:tracker sudo fixed 1.8.16-0ubuntu1.8 medium",
                "Ubuntu:18.04:tracker sudo fixed 1.8.21p2-3ubuntu1.1 medium",
                "Ubuntu:19.04:tracker sudo fixed 1.8.27-1ubuntu1.1 medium");
    }

    @Test
    void aPackagesOwnPriorityWinsOverTheFilesEvenWhenLower() {
        OsvRecord r = parse("retired/CVE-2012-4929");

        assertThat(entries(r)).contains("Ubuntu:12.04:tracker openssl fixed 1.0.1-4ubuntu5.10 low",
                "Ubuntu:12.04:tracker apache2 fixed 2.2.22-1ubuntu1.2 medium",
                "Ubuntu:12.04:tracker openssl098 will_not_fix medium");
    }

    @Test
    void deferredNeededAndEndOfLifeStatuses() {
        OsvRecord jasper = parse("active/CVE-2018-19139");
        OsvRecord tar = parse("active/CVE-2018-20482");

        assertThat(entries(jasper)).as("trusty/esm: DNE (trusty was deferred) gives none").containsExactly(
                "Ubuntu:14.04:tracker jasper out_of_support low",
                "Ubuntu:16.04:tracker jasper fix_deferred low");
        assertThat(jasper.advisory().cvss()).extracting(c -> c.version() + " " + c.baseScore())
                .containsExactly("3.0 5.5");
        assertThat(entries(tar)).containsExactly(
                "Ubuntu:Pro:12.04:tracker tar affected low",
                "Ubuntu:14.04:tracker tar out_of_support low",
                "Ubuntu:Pro:14.04:tracker tar affected low",
                "Ubuntu:16.04:tracker tar affected low",
                "Ubuntu:18.04:tracker tar affected low",
                "Ubuntu:18.10:tracker tar out_of_support low");
    }

    @Test
    void needsTriageIsUnderInvestigationAndEsmInfraIsPro() {
        OsvRecord freeradius = parse("active/CVE-2019-17185");

        assertThat(entries(freeradius)).as("focal to jammy are not-affected: no entry").containsExactly(
                "Ubuntu:14.04:tracker freeradius out_of_support low",
                "Ubuntu:16.04:tracker freeradius out_of_support low",
                "Ubuntu:Pro:16.04:tracker freeradius under_investigation low",
                "Ubuntu:18.04:tracker freeradius under_investigation low",
                "Ubuntu:19.10:tracker freeradius out_of_support low");
        assertThat(freeradius.advisory().modified()).isEqualTo(Instant.parse("2020-03-21T01:15:00Z"));
    }

    @Test
    void theLegacyEsmOfTrustyAndCurrentReleasesWithACvss4Vector() {
        OsvRecord unbound = parse("active/CVE-2025-11411");

        assertThat(entries(unbound)).containsExactly(
                "Ubuntu:Pro:14.04:tracker unbound under_investigation medium",
                "Ubuntu:Pro:16.04:tracker unbound under_investigation medium",
                "Ubuntu:Pro:18.04:tracker unbound under_investigation medium",
                "Ubuntu:Pro:20.04:tracker unbound under_investigation medium",
                "Ubuntu:22.04:tracker unbound under_investigation medium",
                "Ubuntu:24.04:tracker unbound under_investigation medium",
                "Ubuntu:25.04:tracker unbound under_investigation medium",
                "Ubuntu:25.10:tracker unbound under_investigation medium");
        assertThat(unbound.advisory().cvss()).extracting(c -> c.version()).containsExactly("4.0");
    }

    @Test
    void twoPackagesWithTheirOwnPriorityAndTheCoreAndPhoneOverlaysLeftOut() {
        OsvRecord r = parse("active/CVE-2017-9996");

        assertThat(entries(r)).containsExactly(
                "Ubuntu:14.04:tracker libav affected medium",
                "Ubuntu:16.04:tracker ffmpeg affected low",
                "Ubuntu:16.10:tracker ffmpeg out_of_support low",
                "Ubuntu:17.04:tracker ffmpeg affected low");
        assertThat(warnings).isEmpty();
    }

    @Test
    void releasedEsmAndIgnoredWithoutAReasonKeepTheReadmesMeaning() {
        assertThat(TrackerStatus.of("released-esm", "4.3-7ubuntu1.8+esm1"))
                .isEqualTo(new TrackerStatus(TrackerStatus.Kind.FIXED_IN_ESM, "4.3-7ubuntu1.8+esm1", null));
        assertThat(TrackerStatus.of("ignored", "")).isEqualTo(new TrackerStatus(TrackerStatus.Kind.UNFIXED, null,
                FixStatus.WILL_NOT_FIX));
        assertThat(TrackerStatus.of("released", "[1.06.27-1ubuntu7]").fixed()).isEqualTo("1.06.27-1ubuntu7");
        assertThat(TrackerStatus.of("released", "").kind()).isEqualTo(TrackerStatus.Kind.UNUSABLE);
        assertThat(TrackerStatus.of("pending", "1.2-1").unfixed()).isEqualTo(FixStatus.AFFECTED);
    }

    @Test
    void theReleaseNamesOfTheTracker() {
        assertThat(TrackerReleases.of("precise").ecosystem()).isEqualTo("Ubuntu:12.04:tracker");
        assertThat(TrackerReleases.of("precise/esm").ecosystem()).isEqualTo("Ubuntu:Pro:12.04:tracker");
        assertThat(TrackerReleases.of("esm-apps/noble").ecosystem()).isEqualTo("Ubuntu:Pro:24.04:tracker");
        assertThat(TrackerReleases.of("esm-infra-legacy/trusty").ecosystem()).isEqualTo("Ubuntu:Pro:14.04:tracker");
        for (String skipped : List.of("lucid", "upstream", "devel", "snap", "vivid/ubuntu-core",
                "vivid/stable-phone-overlay", "fips/xenial", "fips-updates/bionic", "ros-esm/xenial")) {
            assertThat(TrackerReleases.of(skipped).kind()).as(skipped).isEqualTo(TrackerReleases.Kind.SKIPPED);
        }
        assertThat(TrackerReleases.of("zebra").kind()).isEqualTo(TrackerReleases.Kind.UNKNOWN);
        assertThat(TrackerReleases.of("esm-infra/zebra").kind()).isEqualTo(TrackerReleases.Kind.UNKNOWN);
    }

    @Test
    void anUnknownReleaseIsLeftOutWithOneWarning() {
        String real = new String(FeedSamples.bytes("ubuntu/tracker/active/CVE-2022-41859"), StandardCharsets.UTF_8);
        byte[] renamed = real.replace("kinetic_", "zebra_").getBytes(StandardCharsets.UTF_8);

        OsvRecord r = TrackerFileParser.parse(renamed, "CVE-2022-41859", "CVE-2022-41859", warnings::add)
                .orElseThrow();

        assertThat(entries(r)).noneMatch(e -> e.startsWith("Ubuntu:22.10"))
                .contains("Ubuntu:22.04:tracker freeradius under_investigation medium");
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(OsvWarning.Kind.SKIPPED_ENTRY);
            assertThat(w.message()).contains("unknown release zebra");
        });
    }

    @Test
    void whatIsNoTrackerFileIsRefusedNamingIt() {
        assertThatThrownBy(() -> TrackerFileParser.parse("{\"id\": \"CVE-2024-1\"}\n".getBytes(StandardCharsets.UTF_8),
                "x!active/CVE-2024-1", "CVE-2024-1", warnings::add))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("x!active/CVE-2024-1: not an Ubuntu CVE tracker file (no Candidate: and no"
                        + " <release>_<package>: status line)");
        assertThatThrownBy(() -> TrackerFileParser.parse(new byte[] {'C', 0, 'x'}, "bin", "CVE-2024-1",
                warnings::add)).isInstanceOf(FeedFormatException.class).hasMessageContaining("bin: not an Ubuntu CVE");
        byte[] longLine = ("Candidate: CVE-2024-1\nDescription: " + "x".repeat(TrackerFileParser.MAX_LINE) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrackerFileParser.parse(longLine, "long", "CVE-2024-1", warnings::add))
                .isInstanceOf(FeedFormatException.class).hasMessage("long line 2: longer than 65536 characters");
    }

    @Test
    void aFileNamingNoAffectedPackageGivesNoRecord() {
        String real = new String(FeedSamples.bytes("ubuntu/tracker/retired/CVE-2014-0160"), StandardCharsets.UTF_8);
        byte[] onlyDevel = real.replaceAll("(?m)^(precise|quantal|saucy)_openssl: released.*\n", "")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(TrackerFileParser.parse(onlyDevel, "x", "CVE-2014-0160", warnings::add)).isEmpty();
    }
}
