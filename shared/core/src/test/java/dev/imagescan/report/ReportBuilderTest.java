package dev.imagescan.report;

import static dev.imagescan.vulndb.testing.Advisories.apk;
import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.entry;
import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static dev.imagescan.vulndb.testing.Advisories.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.Matcher;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.RangeEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportBuilderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);

    private static VulnerabilityReport report(Inventory inv, InMemoryVulnDatabase db, ReportFilter filter) {
        return new ReportBuilder(CLOCK).build(inv, new Matcher(CLOCK).match(inv, db), db.info(), filter);
    }

    @ParameterizedTest(name = "rating {0}, cvss {1} {2} → {3} from {4}")
    @CsvSource(nullValues = "-", textBlock = """
            high, 3.1, 2.0, HIGH, debian
            unimportant, 3.1, 9.8, LOW, debian
            low**, -, -, LOW, debian
            medium, -, -, MEDIUM, debian
            not yet assigned, 3.1, 9.8, HIGH, cvss
            not yet assigned, -, -, UNKNOWN, none
            end-of-life, 3.1, 5.0, MEDIUM, cvss
            -, 3.1, 7.0, HIGH, cvss
            -, 3.1, 6.9, MEDIUM, cvss
            -, 3.0, 4.0, MEDIUM, cvss
            -, 3.1, 3.9, LOW, cvss
            -, 2.0, 0.1, LOW, cvss
            -, 4.0, 0.0, UNKNOWN, none
            -, -, -, UNKNOWN, none
            """)
    void severityPrefersTheDistributionThenCvss(String rating, String cvssVersion, Double score, Severity level,
            String source) {
        var rec = record("CVE-2024-1");
        if (cvssVersion != null) {
            rec.cvss(cvssVersion, score);
        }
        InMemoryVulnDatabase db = db(rec.affects(entry("Debian:12", "openssl", rating, RangeEvent.introduced("0"))).build());

        Finding f = report(inventory(os("debian", "12"), deb("libssl3", "3.0.11-1", "openssl", "3.0.11-1", 0)), db,
                ReportFilter.ALL).findings().get(0);

        assertThat(f.level()).isEqualTo(level);
        assertThat(f.severity().source()).isEqualTo(source);
        if (cvssVersion != null) {
            assertThat(f.severity().cvss().baseScore()).isEqualTo(score);
        }
    }

    @Test
    void distributionRatingsOfEachFamily() {
        assertThat(SeverityRating.distroLevel("Important")).isEqualTo(Severity.HIGH);
        assertThat(SeverityRating.distroLevel("Critical")).isEqualTo(Severity.HIGH);
        assertThat(SeverityRating.distroLevel("Moderate")).isEqualTo(Severity.MEDIUM);
        assertThat(SeverityRating.distroLevel("negligible")).isEqualTo(Severity.LOW);
        assertThat(SeverityRating.distroLevel("untriaged")).isNull();
        assertThat(SeverityRating.distribution("Red Hat:enterprise_linux:9::baseos")).isEqualTo("redhat");
        assertThat(SeverityRating.distribution("Ubuntu:22.04:LTS")).isEqualTo("ubuntu");
        assertThat(SeverityRating.distribution("AlmaLinux:9")).isEqualTo("almalinux");
    }

    @Test
    void remediationCommandPerDistribution() {
        InMemoryVulnDatabase db = db(
                record("CVE-2024-1").affects(fixedIn("Debian:12", "openssl", "3.0.15-1~deb12u1"),
                        fixedIn("Alpine:v3.20", "openssl", "3.3.2-r1"),
                        fixedIn("Red Hat:enterprise_linux:9::baseos", "openssl-libs", "1:3.0.7-27.el9")).build());

        Finding debian = report(inventory(os("debian", "12"), deb("libssl3", "3.0.11-1", "openssl", "3.0.11-1", 0),
                deb("libssl3-bin", "3.0.11-1+b1", "openssl", "3.0.11-1", 1)), db, ReportFilter.ALL).findings().get(0);
        VulnerabilityReport debianReport = report(inventory(os("debian", "12"),
                deb("libssl3-bin", "3.0.11-1+b1", "openssl", "3.0.11-1", 1)), db, ReportFilter.ALL);
        Finding alpine = report(inventory(os("alpine", "3.20.3"), apk("libcrypto3", "3.3.2-r0", "openssl", 0)), db,
                ReportFilter.ALL).findings().get(0);
        Finding rhel = report(inventory(os("rhel", "9.4"), rpm("openssl-libs", "1:3.0.7-24.el9", 2)), db,
                ReportFilter.ALL).findings().get(0);

        assertThat(debian.command()).isEqualTo("apt-get install --only-upgrade libssl3=3.0.15-1~deb12u1");
        assertThat(debian.baseLayer()).isTrue();
        // a binNMU's own version differs from its source's: named without a version
        assertThat(debianReport.findings().get(0).command()).isEqualTo("apt-get install --only-upgrade libssl3-bin");
        assertThat(alpine.command()).isEqualTo("apk add --upgrade libcrypto3=3.3.2-r1");
        assertThat(rhel.command()).isEqualTo("yum update openssl-libs-1:3.0.7-27.el9");
        assertThat(rhel.baseLayer()).isFalse();
    }

    @Test
    void fixPlanTakesTheFewestUpgradesAndChecksThem() {
        AffectedPackage reintroduced = new AffectedPackage("Debian:12", "curl", java.util.List.of(
                new dev.imagescan.vulndb.VersionRange(java.util.List.of(RangeEvent.introduced("0"),
                        RangeEvent.fixed("7.88.1-10+deb12u2"), RangeEvent.introduced("7.88.1-10+deb12u5"),
                        RangeEvent.fixed("7.88.1-10+deb12u9")))), java.util.List.of(), "medium");
        InMemoryVulnDatabase db = db(
                record("CVE-2024-1").affects(entry("Debian:12", "curl", "high", RangeEvent.introduced("0"),
                        RangeEvent.fixed("7.88.1-10+deb12u3"))).build(),
                record("CVE-2024-2").affects(entry("Debian:12", "curl", "low", RangeEvent.introduced("0"),
                        RangeEvent.fixed("7.88.1-10+deb12u5"))).build(),
                record("CVE-2024-3").affects(reintroduced).build(),
                record("CVE-2024-4").affects(entry("Debian:12", "curl", "high", RangeEvent.introduced("0"))).build(),
                record("CVE-2024-5").affects(fixedIn("Debian:12", "zlib", "1:1.2.13.dfsg-2")).cvss("3.1", 9.8).build());
        Inventory inv = inventory(os("debian", "12"),
                deb("curl", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", 1),
                deb("libcurl4", "7.88.1-10+deb12u1", "curl", "7.88.1-10+deb12u1", 1),
                deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1", 0));

        VulnerabilityReport r = report(inv, db, ReportFilter.ALL);
        FixPlan plan = r.fixPlan();

        // curl and libcurl4: 1, 2, 3 (fixed in u2, but the plan goes to u5 where 3 is back), 4 (unfixed); zlib1g: 5
        assertThat(r.counts()).isEqualTo(new SeverityCounts(5, 2, 2, 0));
        assertThat(plan.upgrades()).extracting(u -> u.pkg().name() + "→" + u.toVersion() + " clears " + u.findings())
                .containsExactly("zlib1g→1:1.2.13.dfsg-2 clears [CVE-2024-5]",
                        "curl→7.88.1-10+deb12u5 clears [CVE-2024-1, CVE-2024-2]",
                        "libcurl4→7.88.1-10+deb12u5 clears [CVE-2024-1, CVE-2024-2]");
        assertThat(plan.before()).isEqualTo(r.counts());
        assertThat(plan.after()).isEqualTo(new SeverityCounts(2, 2, 0, 0));
        assertThat(plan.commands()).containsExactly("apt-get install --only-upgrade curl=7.88.1-10+deb12u5"
                + " libcurl4=7.88.1-10+deb12u5 zlib1g=1:1.2.13.dfsg-2");
    }

    @Test
    void filterBySeverityAndFixAvailability() {
        InMemoryVulnDatabase db = db(
                record("CVE-2024-1").affects(entry("Debian:12", "curl", "high", RangeEvent.introduced("0"))).build(),
                record("CVE-2024-2").affects(entry("Debian:12", "curl", "low", RangeEvent.introduced("0"),
                        RangeEvent.fixed("9"))).build(),
                record("CVE-2024-3").affects(entry("Debian:12", "curl", "high", RangeEvent.introduced("0"),
                        RangeEvent.fixed("9"))).build());
        Inventory inv = inventory(os("debian", "12"), deb("curl", "7.88.1-10", "curl", "7.88.1-10", 0));

        VulnerabilityReport highOnly = report(inv, db, new ReportFilter(EnumSet.of(Severity.HIGH), false));
        VulnerabilityReport fixable = report(inv, db, new ReportFilter(Set.of(), true));
        VulnerabilityReport both = report(inv, db, new ReportFilter(EnumSet.of(Severity.HIGH), true));

        assertThat(highOnly.findings()).extracting(Finding::id).containsExactly("CVE-2024-1", "CVE-2024-3");
        assertThat(highOnly.hidden().total()).isEqualTo(1);
        assertThat(fixable.findings()).extracting(Finding::id).containsExactly("CVE-2024-3", "CVE-2024-2");
        assertThat(both.findings()).extracting(Finding::id).containsExactly("CVE-2024-3");
        assertThat(both.fixPlan().after().total()).isZero();
    }
}
