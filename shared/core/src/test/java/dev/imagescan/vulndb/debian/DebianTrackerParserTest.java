package dev.imagescan.vulndb.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The security tracker's JSON: real extracts (shared/testing vulndb/debian-tracker, see its README.md), and
 * documents built here in the tracker's shape from real {@code data/CVE/list} annotations.
 */
class DebianTrackerParserTest {
    private static final Instant CHANGED = Instant.parse("2025-08-20T12:00:00Z");

    private static Map<String, OsvRecord> parse(byte[] json) throws IOException {
        Map<String, OsvRecord> byId = new LinkedHashMap<>();
        DebianTrackerParser.parse(new ByteArrayInputStream(json), "json", CHANGED,
                r -> assertThat(byId.put(r.advisory().id(), r)).as("one record per id").isNull());
        return byId;
    }

    private static AffectedPackage fixed(String ecosystem, String name, String version, String rating) {
        return new AffectedPackage(ecosystem, name, List.of(new VersionRange(List.of(RangeEvent.introduced("0"),
                RangeEvent.fixed(version)))), List.of(), rating);
    }

    private static AffectedPackage unfixed(String ecosystem, String name, String rating, FixStatus status) {
        return new AffectedPackage(ecosystem, name, List.of(new VersionRange(List.of(RangeEvent.introduced("0")))),
                List.of(), rating, status);
    }

    @Test
    void vunnelsExtractGivesOneRecordPerPackageAndCveWithEveryReleaseItFollows() throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        DebianTrackerParser.Counts counts = DebianTrackerParser.parse(new ByteArrayInputStream(
                FeedSamples.bytes("debian-tracker/vunnel-debian.json")), "json", CHANGED, records::add);

        assertThat(counts).isEqualTo(new DebianTrackerParser.Counts(6, 7, 5));
        assertThat(records).extracting(r -> r.advisory().id()).containsExactly(
                "DEBIAN-CVE-2008-7220:prototypejs", "DEBIAN-CVE-2013-1444:txt2man",
                "DEBIAN-CVE-2005-3111:backupninja", "DEBIAN-CVE-2022-0456:chromium",
                "DEBIAN-CVE-2025-53603:sope");
        OsvRecord prototype = records.get(0);
        assertThat(prototype.advisory().aliases()).containsExactly("CVE-2008-7220");
        assertThat(prototype.advisory().modified()).isEqualTo(CHANGED);
        assertThat(prototype.advisory().summary()).startsWith("Unspecified vulnerability in Prototype JavaScript");
        assertThat(prototype.advisory().references())
                .containsExactly("https://security-tracker.debian.org/tracker/CVE-2008-7220");
        // stretch, jessie, buster in the document's order; sid has no release number and is left out
        assertThat(prototype.affected()).containsExactly(
                fixed("Debian:9", "prototypejs", "1.6.0.2-1", "high**"),
                fixed("Debian:8", "prototypejs", "1.6.0.2-1", "high**"),
                fixed("Debian:10", "prototypejs", "1.6.0.2-1", "high**"));
        // the releases past their end of life are open with no fix: out of support, no urgency
        assertThat(records.get(3).affected()).containsExactly(
                fixed("Debian:12", "chromium", "98.0.4758.80-1", null),
                fixed("Debian:11", "chromium", "98.0.4758.80-1~deb11u1", null),
                unfixed("Debian:10", "chromium", null, FixStatus.OUT_OF_SUPPORT),
                unfixed("Debian:9", "chromium", null, FixStatus.OUT_OF_SUPPORT));
        assertThat(records.get(4).affected()).extracting(AffectedPackage::ecosystem)
                .containsExactly("Debian:12", "Debian:11", "Debian:13");
    }

    @Test
    void osvsExtractGivesOpenUnimportantIssuesAndLeavesOutTheNeverAffected() throws IOException {
        Map<String, OsvRecord> records = parse(FeedSamples.bytes(
                "debian-tracker/osv-debian-security-tracker-mock.json"));

        // CVE-2014-1424 is fixed in "0" (<not-affected>) everywhere: no record
        assertThat(records).containsOnlyKeys("DEBIAN-CVE-2016-1585:apparmor", "DEBIAN-CVE-2017-6507:apparmor");
        assertThat(records.get("DEBIAN-CVE-2016-1585:apparmor").affected()).containsExactly(
                unfixed("Debian:12", "apparmor", "unimportant", FixStatus.AFFECTED),
                unfixed("Debian:11", "apparmor", "unimportant", FixStatus.AFFECTED),
                unfixed("Debian:10", "apparmor", "unimportant", FixStatus.AFFECTED),
                fixed("Debian:13", "apparmor", "3.0.12-1", "unimportant"));
        assertThat(records.get("DEBIAN-CVE-2017-6507:apparmor").affected())
                .allSatisfy(a -> assertThat(a.rating()).as("not yet assigned: no level").isNull());
    }

    /**
     * What {@code bin/tracker_service.py} writes for real {@code data/CVE/list} annotations (as kept in
     * aquasecurity/vuln-list-update's and aquasecurity/trivy-db's test data, see the README): {@code <no-dsa>} is
     * open with {@code nodsa} and an empty reason, {@code <ignored>} and {@code <postponed>} add that reason.
     */
    @Test
    void noDsaIgnoredAndPostponedGiveTheirStatuses() throws IOException {
        Map<String, OsvRecord> records = parse("""
                {"libcaca":{"CVE-2021-30499":{"description":"A flaw was found in libcaca. A buffer overflow of \
                export.c in function ...",
                 "debianbug":987278,
                 "releases":{
                  "bullseye":{"status":"open","urgency":"not yet assigned","nodsa":"Minor issue","nodsa_reason":""},
                  "buster":{"status":"open","urgency":"not yet assigned","nodsa":"Minor issue","nodsa_reason":""},
                  "stretch":{"status":"open","urgency":"not yet assigned",
                   "nodsa":"Minor issue; can be fixed in next update","nodsa_reason":"postponed"},
                  "sid":{"status":"open","urgency":"not yet assigned"}}}},
                 "dacs":{"CVE-2021-29629":{"description":"In FreeBSD 13.0-STABLE before n245765-bec0d2c9c841, \
                12.2-STABLE before ...",
                 "releases":{
                  "buster":{"status":"open","urgency":"unimportant","nodsa":"Minor issue","nodsa_reason":"ignored"},
                  "stretch":{"status":"resolved","fixed_version":"0","urgency":"unimportant"}}}}}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(records.get("DEBIAN-CVE-2021-30499:libcaca").affected()).containsExactly(
                unfixed("Debian:11", "libcaca", null, FixStatus.AFFECTED),
                unfixed("Debian:10", "libcaca", null, FixStatus.AFFECTED),
                unfixed("Debian:9", "libcaca", null, FixStatus.FIX_DEFERRED));
        assertThat(records.get("DEBIAN-CVE-2021-29629:dacs").affected()).containsExactly(
                unfixed("Debian:10", "dacs", "unimportant", FixStatus.WILL_NOT_FIX));
    }

    @Test
    void theTrackersWordsMapOntoTheFixStatuses() {
        assertThat(new TrackerRelease("undetermined", null, "not yet assigned", null, null).entry("Debian:12", "x"))
                .get().extracting(AffectedPackage::unfixed).isEqualTo(FixStatus.UNDER_INVESTIGATION);
        assertThat(new TrackerRelease("open", null, "end-of-life", "Minor issue", "ignored").entry("Debian:9", "x"))
                .get().extracting(AffectedPackage::unfixed).as("end of life first").isEqualTo(FixStatus.OUT_OF_SUPPORT);
        assertThat(new TrackerRelease("resolved", null, "low", null, null).entry("Debian:12", "x")).isEmpty();
        assertThat(new TrackerRelease("open", "", "medium", null, null).entry("Debian:12", "x")).get()
                .satisfies(a -> {
                    assertThat(a.unfixed()).isEqualTo(FixStatus.AFFECTED);
                    assertThat(a.rating()).isEqualTo("medium");
                });
    }

    @Test
    void issuesThatAreNotCvesAndReleasesWithoutANumberAreLeftOut() throws IOException {
        Map<String, OsvRecord> records = parse("""
                {"wordpress":{"TEMP-0000000-1F2A3B":{"releases":{"bookworm":{"status":"open"}}},
                 "CVE-2023-0001":{"releases":{"sid":{"status":"open"},"experimental":{"status":"open"}}}}}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(records).isEmpty();
    }

    @Test
    void aDocumentOfAnotherShapeIsRefusedNamingThePath() {
        assertThatThrownBy(() -> parse("[]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(FeedFormatException.class)
                .hasMessage("json: not a JSON object of source packages");
        assertThatThrownBy(() -> parse("{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("json: not the Debian security tracker's JSON (no source package)");
        assertThatThrownBy(() -> parse("{\"a\":{\"CVE-2020-1\":{\"releases\":{\"buster\":{\"status\":\"fixed\"}}}}}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(FeedFormatException.class)
                .hasMessage("json /a/CVE-2020-1/releases/buster/status: unknown status 'fixed'"
                        + " (expected resolved, open or undetermined)");
        assertThatThrownBy(() -> parse(("{\"a\":{\"CVE-2020-1\":{\"releases\":{\"buster\":{\"status\":\"resolved\","
                + "\"fixed_version\":\"<unfixed>\"}}}}}").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("json /a/CVE-2020-1/releases/buster/fixed_version: '<unfixed>' is not a Debian version");
        assertThatThrownBy(() -> parse(("{\"a\":{\"CVE-2020-1\":{\"releases\":{\"buster\":{\"status\":\"open\","
                + "\"nodsa_reason\":\"later\"}}}}}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("/nodsa_reason: unknown reason 'later'");
        assertThatThrownBy(() -> parse("{\"a\":{\"CVE-2020-1\":{\"releases\":{\"buster\":{\"status\":7}}}}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("json /a/CVE-2020-1/releases/buster/status: "
                        + "expected a string");
        assertThatThrownBy(() -> parse("{\"a\":[]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("json /a: expected an object of issues");
    }

    @Test
    void aTruncatedDocumentIsRefused() {
        byte[] whole = FeedSamples.bytes("debian-tracker/vunnel-debian.json");
        byte[] half = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> parse(half)).isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("json: truncated JSON");
    }

    @Test
    void aHugeStringOrTooManyReleasesAreRefusedWithinBounds() {
        InputStream longDescription = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream("{\"a\":{\"CVE-2020-1\":{\"description\":\"".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream(new byte[2 << 20]) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        int n = super.read(b, off, len);
                        for (int i = off; i < off + Math.max(n, 0); i++) {
                            b[i] = 'x';
                        }
                        return n;
                    }
                })));
        assertThatThrownBy(() -> DebianTrackerParser.parse(longDescription, "json", CHANGED, r -> { }))
                .isInstanceOf(FeedFormatException.class).hasMessageContaining("String value length");

        StringBuilder many = new StringBuilder("{\"a\":{\"CVE-2020-1\":{\"releases\":{");
        for (int i = 0; i <= DebianTrackerParser.MAX_RELEASES; i++) {
            many.append(i == 0 ? "" : ",").append("\"r").append(i).append("\":{\"status\":\"open\"}");
        }
        many.append("}}}}");
        assertThatThrownBy(() -> parse(many.toString().getBytes(StandardCharsets.UTF_8)))
                .hasMessage("json /a/CVE-2020-1/releases: more than 64 releases");
    }
}
