package dev.imagescan.policy;

import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.entry;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Coverage;
import dev.imagescan.match.Matcher;
import dev.imagescan.report.Finding;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VulnDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    /**
     * curl (source curl): CVE-2024-1 High fixed in 9, CVE-2024-2 High unfixed, CVE-2024-3 Medium fixed, CVE-2024-4 Low
     * fixed, CVE-2024-5 Low fixed; openssl (libssl3): DSA-5000-1 = CVE-2024-6 High fixed, alias GHSA-aaaa-bbbb-cccc.
     */
    private static final InMemoryVulnDatabase DB = db(
            record("CVE-2024-1").affects(high("curl", "9")).build(),
            record("CVE-2024-2").affects(entry("Debian:12", "curl", "high", RangeEvent.introduced("0"))).build(),
            record("CVE-2024-3").affects(entry("Debian:12", "curl", "medium", RangeEvent.introduced("0"),
                    RangeEvent.fixed("9"))).build(),
            record("CVE-2024-4").affects(entry("Debian:12", "curl", "low", RangeEvent.introduced("0"),
                    RangeEvent.fixed("9"))).build(),
            record("CVE-2024-5").affects(entry("Debian:12", "curl", "low", RangeEvent.introduced("0"),
                    RangeEvent.fixed("9"))).build(),
            record("DSA-5000-1").aliases("CVE-2024-6", "GHSA-aaaa-bbbb-cccc").affects(high("openssl", "3.0.15-1"))
                    .build());
    private static final Inventory IMAGE = inventory(os("debian", "12"),
            deb("curl", "7.88.1-10", "curl", "7.88.1-10", 1),
            deb("libssl3", "3.0.11-1", "openssl", "3.0.11-1", 0));

    private static dev.imagescan.vulndb.AffectedPackage high(String name, String fixed) {
        return entry("Debian:12", name, "high", RangeEvent.introduced("0"), RangeEvent.fixed(fixed));
    }

    private static VulnerabilityReport report(Inventory inv, VulnDatabase db, ReportFilter filter) {
        return new ReportBuilder(CLOCK).build(inv, new Matcher(CLOCK).match(inv, db), db.info(), filter);
    }

    private static VulnerabilityReport all() {
        return report(IMAGE, DB, ReportFilter.ALL);
    }

    private static List<Finding> only(String... ids) {
        List<String> wanted = List.of(ids);
        return all().findings().stream().filter(f -> wanted.contains(f.id())).toList();
    }

    private static Policy policy(Severity blockAt, boolean onlyFixable, Map<Severity, Integer> max,
            AllowEntry... allow) {
        return new Policy("42", blockAt, onlyFixable, max, List.of(allow), false);
    }

    private static AllowEntry allow(String id, String pkg, String expires) {
        return new AllowEntry(id, pkg, "accepted for " + id, LocalDate.parse(expires));
    }

    private static List<String> ids(List<Verdict.FindingRef> refs) {
        return refs.stream().map(r -> r.id() + "/" + r.packageName()).toList();
    }

    @Test
    void defaultPolicyBlocksAHighWithAFixOnly() {
        Verdict highFixed = PolicyEvaluator.evaluate(Policy.defaults(), only("CVE-2024-1"), CLOCK);
        Verdict highUnfixed = PolicyEvaluator.evaluate(Policy.defaults(), only("CVE-2024-2"), CLOCK);
        Verdict medium = PolicyEvaluator.evaluate(Policy.defaults(), only("CVE-2024-3", "CVE-2024-4"), CLOCK);

        assertThat(highFixed.decision()).isEqualTo(Verdict.Decision.BLOCKED);
        assertThat(highFixed.policyVersion()).isEqualTo(Policy.DEFAULT_VERSION);
        assertThat(highUnfixed.decision()).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(highUnfixed.reasons()).isEmpty();
        assertThat(highUnfixed.considered()).isZero();
        assertThat(medium.decision()).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(medium.considered()).isEqualTo(2);
    }

    @Test
    void reasonsNameTheRuleAndEachFindingThatTriggeredIt() {
        Verdict v = PolicyEvaluator.evaluate(new Policy("2026.11", Severity.HIGH, true, Map.of(), List.of(), false),
                all(), CLOCK);

        assertThat(v.blocked()).isTrue();
        assertThat(v.policyVersion()).isEqualTo("2026.11");
        assertThat(v.evaluatedAt()).isEqualTo(CLOCK.instant());
        assertThat(v.image().name()).isEqualTo("crafted");
        assertThat(v.coverage()).isEqualTo(Coverage.Status.COVERED);
        assertThat(v.reasons()).hasSize(1);
        Verdict.Reason r = v.reasons().get(0);
        assertThat(r.rule()).isEqualTo("blockAt");
        assertThat(r.message()).isEqualTo("2 findings at High with a fix available (blockAt High)");
        assertThat(r.findings()).containsExactlyInAnyOrder(
                new Verdict.FindingRef("CVE-2024-1", "curl", "7.88.1-10", Severity.HIGH, "9"),
                new Verdict.FindingRef("CVE-2024-6", "libssl3", "3.0.11-1", Severity.HIGH, "3.0.15-1"));
    }

    @Test
    void blockAtMediumCountsMediumsAndAbove() {
        Verdict v = PolicyEvaluator.evaluate(policy(Severity.MEDIUM, true, Map.of()), only("CVE-2024-3",
                "CVE-2024-4"), CLOCK);

        assertThat(v.blocked()).isTrue();
        assertThat(v.reasons().get(0).message()).isEqualTo("1 finding at Medium or above with a fix available"
                + " (blockAt Medium)");
        assertThat(ids(v.reasons().get(0).findings())).containsExactly("CVE-2024-3/curl");
        assertThat(PolicyEvaluator.evaluate(policy(Severity.MEDIUM, true, Map.of()), only("CVE-2024-4"), CLOCK)
                .blocked()).isFalse();
    }

    @Test
    void onlyFixableFalseCountsUnfixedFindings() {
        Verdict v = PolicyEvaluator.evaluate(policy(Severity.HIGH, false, Map.of()), only("CVE-2024-2"), CLOCK);

        assertThat(v.blocked()).isTrue();
        assertThat(v.reasons().get(0).message()).isEqualTo("1 finding at High (blockAt High)");
        assertThat(v.reasons().get(0).findings().get(0).fixedVersion()).isNull();
    }

    @Test
    void maxCountsBlocksOnlyWhenExceeded() {
        Policy twoLows = policy(null, true, Map.of(Severity.LOW, 2));
        Policy oneLow = policy(null, true, Map.of(Severity.LOW, 1, Severity.HIGH, 5));

        assertThat(PolicyEvaluator.evaluate(twoLows, all(), CLOCK).blocked()).isFalse();
        Verdict v = PolicyEvaluator.evaluate(oneLow, all(), CLOCK);
        assertThat(v.blocked()).isTrue();
        assertThat(v.reasons()).extracting(Verdict.Reason::rule).containsExactly("maxCounts.Low");
        assertThat(v.reasons().get(0).message())
                .isEqualTo("2 Low findings with a fix available, more than the 1 allowed (maxCounts.Low)");
        assertThat(ids(v.reasons().get(0).findings())).containsExactlyInAnyOrder("CVE-2024-4/curl", "CVE-2024-5/curl");
    }

    @Test
    void bothRulesAreReportedWhenBothBlock() {
        Verdict v = PolicyEvaluator.evaluate(policy(Severity.HIGH, false, Map.of(Severity.HIGH, 1)), all(), CLOCK);

        assertThat(v.reasons()).extracting(Verdict.Reason::rule).containsExactly("blockAt", "maxCounts.High");
        assertThat(v.reasons().get(1).findings()).hasSize(3);
    }

    @Test
    void allowListWaivesById() {
        Verdict v = PolicyEvaluator.evaluate(Policy.defaults(), all(), CLOCK);
        Verdict waived = PolicyEvaluator.evaluate(policy(Severity.HIGH, true, Map.of(),
                allow("CVE-2024-1", null, "2027-01-01"), allow("cve-2024-6", null, "2027-01-01")), all(), CLOCK);

        assertThat(v.blocked()).isTrue();
        assertThat(waived.blocked()).isFalse();
        assertThat(waived.waived()).extracting(w -> w.finding().id() + " by " + w.entry().id())
                .containsExactlyInAnyOrder("CVE-2024-1 by CVE-2024-1", "CVE-2024-6 by cve-2024-6");
        assertThat(waived.expired()).isEmpty();
    }

    @Test
    void allowListMatchesAdvisoryIdsAndAliases() {
        Policy byAdvisory = policy(Severity.HIGH, true, Map.of(), allow("CVE-2024-1", null, "2027-01-01"),
                allow("DSA-5000-1", null, "2027-01-01"));
        Policy byAlias = policy(Severity.HIGH, true, Map.of(), allow("CVE-2024-1", null, "2027-01-01"),
                allow("GHSA-aaaa-bbbb-cccc", null, "2027-01-01"));
        Finding openssl = only("CVE-2024-6").get(0);

        assertThat(openssl.advisoryIds()).contains("DSA-5000-1");
        assertThat(openssl.aliases()).contains("GHSA-aaaa-bbbb-cccc");
        assertThat(PolicyEvaluator.evaluate(byAdvisory, all(), CLOCK).blocked()).isFalse();
        assertThat(PolicyEvaluator.evaluate(byAlias, all(), CLOCK).blocked()).isFalse();
    }

    @Test
    void allowListEntryWithAPackageWaivesOnlyThatPackage() {
        VulnerabilityReport twoPackages = report(inventory(os("debian", "12"),
                deb("curl", "7.88.1-10", "curl", "7.88.1-10", 1),
                deb("libcurl4", "7.88.1-10", "curl", "7.88.1-10", 1)), DB, ReportFilter.ALL);
        Policy binary = policy(Severity.HIGH, true, Map.of(), allow("CVE-2024-1", "libcurl4", "2027-01-01"));
        Policy source = policy(Severity.HIGH, true, Map.of(), allow("CVE-2024-1", "curl", "2027-01-01"));
        Policy other = policy(Severity.HIGH, true, Map.of(), allow("CVE-2024-1", "openssl", "2027-01-01"));

        Verdict v = PolicyEvaluator.evaluate(binary, twoPackages, CLOCK);
        assertThat(v.blocked()).isTrue();
        assertThat(ids(v.reasons().get(0).findings())).containsExactly("CVE-2024-1/curl");
        assertThat(ids(v.waived().stream().map(Verdict.Waiver::finding).toList())).containsExactly("CVE-2024-1/libcurl4");
        // "curl" is both a binary and the source (advisory) name of libcurl4: both are waived
        assertThat(PolicyEvaluator.evaluate(source, twoPackages, CLOCK).blocked()).isFalse();
        assertThat(PolicyEvaluator.evaluate(other, twoPackages, CLOCK).waived()).isEmpty();
    }

    @Test
    void anExpiringEntryFlipsAllowedToBlocked() {
        Policy p = policy(Severity.HIGH, true, Map.of(), allow("CVE-2024-1", null, "2026-12-01"),
                allow("CVE-2024-6", "libssl3", "2027-06-01"), allow("CVE-2099-9", null, "2026-01-01"));
        Clock dayBefore = Clock.fixed(Instant.parse("2026-11-30T23:59:59Z"), ZoneOffset.UTC);
        Clock onTheDay = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

        Verdict before = PolicyEvaluator.evaluate(p, all(), dayBefore);
        Verdict after = PolicyEvaluator.evaluate(p, all(), onTheDay);

        assertThat(before.decision()).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(before.waived()).hasSize(2);
        assertThat(before.expired()).extracting(e -> e.entry().id()).containsExactly("CVE-2099-9");
        assertThat(after.decision()).isEqualTo(Verdict.Decision.BLOCKED);
        assertThat(ids(after.reasons().get(0).findings())).containsExactly("CVE-2024-1/curl");
        assertThat(after.waived()).extracting(w -> w.finding().id()).containsExactly("CVE-2024-6");
        assertThat(after.expired()).extracting(e -> e.entry().id() + " " + e.message() + " " + ids(e.findings()))
                .containsExactly("CVE-2024-1 expired on 2026-12-01 [CVE-2024-1/curl]",
                        "CVE-2099-9 expired on 2026-01-01 []");
        assertThat(after.warnings()).containsExactly(
                "allow-list entry CVE-2024-1 expired on 2026-12-01 and no longer waives 1 finding");
    }

    @Test
    void theReportsDisplayFilterCannotChangeTheVerdict() {
        VulnerabilityReport lowOnly = report(IMAGE, DB, new ReportFilter(EnumSet.of(Severity.LOW), false));

        assertThatThrownBy(() -> PolicyEvaluator.evaluate(Policy.defaults(), lowOnly, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ReportFilter.ALL");
        // a filter that hides nothing is as good as ALL
        VulnerabilityReport everything = report(IMAGE, DB, new ReportFilter(EnumSet.allOf(Severity.class), false));
        assertThat(PolicyEvaluator.evaluate(Policy.defaults(), everything, CLOCK).blocked()).isTrue();
    }

    @Test
    void unknownCoverageWarnsAndBlocksOnlyWhenAsked() {
        Inventory unknown = inventory(os("plan9", "4"), deb("curl", "7.88.1-10", "curl", "7.88.1-10", 1));
        Inventory noData = inventory(os("debian", "11"), deb("curl", "7.88.1-10", "curl", "7.88.1-10", 1));
        Policy strict = new Policy("1", Severity.HIGH, true, Map.of(), List.of(), true);

        Verdict lenient = PolicyEvaluator.evaluate(Policy.defaults(), report(unknown, DB, ReportFilter.ALL), CLOCK);
        Verdict blocked = PolicyEvaluator.evaluate(strict, report(noData, DB, ReportFilter.ALL), CLOCK);

        assertThat(lenient.decision()).isEqualTo(Verdict.Decision.ALLOWED);
        assertThat(lenient.coverage()).isEqualTo(Coverage.Status.UNSUPPORTED_OS);
        assertThat(lenient.warnings()).singleElement().asString().startsWith("coverage UNSUPPORTED_OS");
        assertThat(blocked.decision()).isEqualTo(Verdict.Decision.BLOCKED);
        assertThat(blocked.coverage()).isEqualTo(Coverage.Status.NO_DATA);
        assertThat(blocked.reasons()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("coverage");
            assertThat(r.message()).contains("NO_DATA").contains("blockOnUnknownCoverage");
        });
        assertThat(PolicyEvaluator.evaluate(strict, all(), CLOCK).reasons()).extracting(Verdict.Reason::rule)
                .containsExactly("blockAt");
    }

    @Test
    void bundledImagesAgainstTheBundledDatabase() {
        VulnDatabase db = BundledDatabase.load();
        Inventory alpine = new ImageScanner(ScanOptions.defaults()).scan(Corpus.image("alpine-3.20.3.oci.tar"));
        VulnerabilityReport r = report(alpine, db, ReportFilter.ALL);
        List<Finding> fixableHighs = r.findings().stream()
                .filter(f -> f.level() == Severity.HIGH && f.fixable()).toList();

        Verdict v = PolicyEvaluator.evaluate(Policy.defaults(), r, CLOCK);

        // musl and musl-utils: CVE-2025-26519, CVSS 7.0 in its OSV record, fixed in 1.2.5-r1; the others rated High
        // by NVD (the bundled database's NVD ratings): CVE-2025-15467 8.8, CVE-2026-40200 8.1, CVE-2025-9230 7.5
        assertThat(fixableHighs).extracting(f -> f.id() + "/" + f.pkg().name())
                .containsExactlyInAnyOrder("CVE-2025-26519/musl", "CVE-2025-26519/musl-utils",
                        "CVE-2025-15467/libcrypto3", "CVE-2025-15467/libssl3", "CVE-2026-40200/musl",
                        "CVE-2026-40200/musl-utils", "CVE-2025-9230/libcrypto3", "CVE-2025-9230/libssl3");
        assertThat(v.blocked()).isTrue();
        assertThat(v.warnings()).anyMatch(w -> w.contains("end of its security support"));
        // allow-listing every one of them (by id and package) lets it through until the entries expire
        List<AllowEntry> entries = fixableHighs.stream()
                .map(f -> new AllowEntry(f.id(), f.pkg().name(), "tested", TODAY.plusDays(1))).toList();
        Policy waived = new Policy("1", Severity.HIGH, true, Map.of(), entries, false);
        assertThat(PolicyEvaluator.evaluate(waived, r, CLOCK).blocked()).isFalse();
        assertThat(PolicyEvaluator.evaluate(waived, r, Clock.offset(CLOCK, java.time.Duration.ofDays(1))).blocked())
                .isEqualTo(!fixableHighs.isEmpty());
        // and a Medium policy blocks whatever the High one blocks
        Verdict medium = PolicyEvaluator.evaluate(policy(Severity.MEDIUM, false, Map.of()), r, CLOCK);
        assertThat(medium.considered()).isEqualTo(r.findings().size());
        assertThat(medium.blocked()).isEqualTo(r.findings().stream().anyMatch(f -> f.level().atLeast(Severity.MEDIUM)));
    }
}
