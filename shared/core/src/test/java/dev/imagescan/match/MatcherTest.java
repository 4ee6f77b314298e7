package dev.imagescan.match;

import static dev.imagescan.vulndb.testing.Advisories.apk;
import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static dev.imagescan.vulndb.testing.Advisories.rpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.inventory.OperatingSystem;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {
    private static final Matcher MATCHER = new Matcher(Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void debianAdvisoriesNameTheSourcePackageAndItsVersion() {
        InMemoryVulnDatabase db = db(
                record("DSA-5532-1").aliases("CVE-2023-5363").affects(fixedIn("Debian:12", "openssl", "3.0.11-1~deb12u2")).build(),
                record("DSA-0000-1").aliases("CVE-2000-0001").affects(fixedIn("Debian:12", "libssl3", "9.9")).build());
        var inv = inventory(os("debian", "12.7"),
                deb("libssl3", "3.0.11-1~deb12u1", "openssl", "3.0.11-1~deb12u1", 0),
                deb("openssl", "3.0.11-1~deb12u1", "openssl", "3.0.11-1~deb12u1", 1),
                deb("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4", 0));

        MatchResult result = MATCHER.match(inv, db);

        assertThat(result.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(result.matches()).extracting(m -> m.pkg().name() + " " + m.vulnerabilityId() + " " + m.fixedVersion())
                .containsExactly("libssl3 CVE-2023-5363 3.0.11-1~deb12u2", "openssl CVE-2023-5363 3.0.11-1~deb12u2");
        assertThat(result.matches().get(0).matchedName()).isEqualTo("openssl");
    }

    @Test
    void theSourceVersionDecidesForABinNmu() {
        InMemoryVulnDatabase db = db(record("CVE-2024-1").affects(fixedIn("Debian:12", "zlib", "1:1.2.13.dfsg-1")).build());
        // binary rebuilt as +b1 of the fixed source: not affected
        var fixedBuild = inventory(os("debian", "12"), deb("zlib1g", "1:1.2.13.dfsg-1+b1", "zlib", "1:1.2.13.dfsg-1", 0));
        var oldBuild = inventory(os("debian", "12"), deb("zlib1g", "1:1.2.12.dfsg-1+b2", "zlib", "1:1.2.12.dfsg-1", 0));

        assertThat(MATCHER.match(fixedBuild, db).matches()).isEmpty();
        assertThat(MATCHER.match(oldBuild, db).matches()).singleElement()
                .satisfies(m -> assertThat(m.matchedVersion()).isEqualTo("1:1.2.12.dfsg-1"));
    }

    @Test
    void onlyTheImagesReleaseIsUsed() {
        InMemoryVulnDatabase db = db(
                record("DLA-1").aliases("CVE-2024-2").affects(fixedIn("Debian:11", "openssl", "9.9")).build(),
                record("CVE-2024-3").affects(fixedIn("Alpine:v3.19", "openssl", "9.9")).build(),
                record("CVE-2024-4").affects(fixedIn("Alpine:v3.20", "openssl", "3.3.2-r1")).build());

        var alpine = inventory(os("alpine", "3.20.3"), apk("libcrypto3", "3.3.2-r0", "openssl", 0),
                apk("libssl3", "3.3.2-r0", "openssl", 0));
        var bookworm = inventory(os("debian", "12.7"), deb("libssl3", "3.0.11-1", "openssl", "3.0.11-1", 0));

        assertThat(MATCHER.match(alpine, db).matches()).extracting(m -> m.pkg().name() + " " + m.vulnerabilityId())
                .containsExactly("libcrypto3 CVE-2024-4", "libssl3 CVE-2024-4");
        MatchResult debian = MATCHER.match(bookworm, db);
        assertThat(debian.matches()).isEmpty();
        assertThat(debian.coverage().status()).isEqualTo(Coverage.Status.NO_DATA);
        assertThat(debian.coverage().message()).contains("no advisories for Debian:12");
    }

    @Test
    void rpmAdvisoriesNameTheBinaryPackageWithItsEpoch() {
        InMemoryVulnDatabase db = db(
                record("RHSA-2023:1234").aliases("CVE-2023-0286").affects(
                        fixedIn("Red Hat:enterprise_linux:9::baseos", "openssl-libs", "1:3.0.7-6.el9_2"),
                        fixedIn("Red Hat:enterprise_linux:8::baseos", "openssl-libs", "1:1.1.1k-9.el8_7")).build(),
                record("RLSA-2023:1").aliases("CVE-2023-0286").affects(
                        fixedIn("Rocky Linux:9", "openssl-libs", "1:3.0.7-6.el9_2")).build());
        var rhel = inventory(os("rhel", "9.1"), rpm("openssl-libs", "1:3.0.1-43.el9_0", 0), rpm("openssl-src", "0.1", 0));
        var rocky = inventory(os("rocky", "9.3"), rpm("openssl-libs", "1:3.0.7-24.el9", 0));
        var centos = inventory(os("centos", "9"), rpm("openssl-libs", "3.0.7-99.el9", 0));

        assertThat(MATCHER.match(rhel, db).matches()).singleElement().satisfies(m -> {
            assertThat(m.vulnerabilityId()).isEqualTo("CVE-2023-0286");
            assertThat(m.fixedVersion()).isEqualTo("1:3.0.7-6.el9_2");
            assertThat(m.matchedName()).isEqualTo("openssl-libs");
        });
        assertThat(MATCHER.match(rocky, db).matches()).isEmpty();
        // no epoch on the installed version is epoch 0, below the fix's epoch 1
        assertThat(MATCHER.match(centos, db).matches()).hasSize(1);
    }

    @Test
    void aliasesMergeIntoOneFindingPerVulnerabilityAndPackage() {
        InMemoryVulnDatabase db = db(
                record("DSA-5417-1").aliases("CVE-2023-0001", "CVE-2023-0002")
                        .affects(fixedIn("Debian:12", "openssl", "3.0.9-1")).build(),
                record("DEBIAN-CVE-2023-0001").affects(fixedIn("Debian:12", "openssl", "3.0.9-1")).build(),
                record("DEBIAN-CVE-2023-0002").affects(fixedIn("Debian:12", "openssl", null)).build(),
                record("DEBIAN-CVE-2023-0003").affects(fixedIn("Debian:12", "openssl", "3.0.8-1")).build(),
                record("CVE-2023-0009").withdrawn().affects(fixedIn("Debian:12", "openssl", "9")).build());
        var inv = inventory(os("debian", "12"), deb("libssl3", "3.0.8-1", "openssl", "3.0.8-1", 0));

        List<Match> matches = MATCHER.match(inv, db).matches();

        assertThat(matches).extracting(Match::vulnerabilityId).containsExactly("CVE-2023-0001", "CVE-2023-0002");
        assertThat(matches.get(0).advisories()).extracting(a -> a.advisory().id())
                .containsExactly("DEBIAN-CVE-2023-0001", "DSA-5417-1");
        assertThat(matches.get(0).fixedVersion()).isEqualTo("3.0.9-1");
        assertThat(matches.get(0).allIds()).containsExactly("CVE-2023-0001", "DEBIAN-CVE-2023-0001", "DSA-5417-1",
                "CVE-2023-0002");
        // the DEBIAN-CVE record names no fix for 0002, but the published DSA does: its fix wins (DebianUpdates)
        assertThat(matches.get(1).fixedVersion()).isEqualTo("3.0.9-1");
    }

    @Test
    void ubuntuUsesEveryEcosystemOfItsReleaseButPro() {
        InMemoryVulnDatabase db = db(
                record("USN-1-1").aliases("CVE-2024-10").affects(fixedIn("Ubuntu:22.04:LTS", "curl", "7.81.0-1ubuntu1.16")).build(),
                record("USN-2-1").aliases("CVE-2024-11").affects(fixedIn("Ubuntu:Pro:22.04:LTS", "curl", "9")).build(),
                record("USN-3-1").aliases("CVE-2024-12").affects(fixedIn("Ubuntu:20.04:LTS", "curl", "9")).build());
        var inv = inventory(os("ubuntu", "22.04"), deb("libcurl4", "7.81.0-1ubuntu1.15", "curl", "7.81.0-1ubuntu1.15", 0));

        MatchResult result = MATCHER.match(inv, db);

        assertThat(result.coverage().ecosystems()).containsExactly("Ubuntu:22.04:LTS");
        assertThat(result.matches()).extracting(Match::vulnerabilityId).containsExactly("CVE-2024-10");
    }

    @Test
    void unknownOsAndEndOfLifeAreSaidNotSilent() {
        InMemoryVulnDatabase db = db(record("CVE-1").affects(fixedIn("Alpine:v3.9", "musl", "1.1.20-r5")).build());

        Coverage unknown = MATCHER.match(inventory(OperatingSystem.unknown()), db).coverage();
        Coverage fedora = MATCHER.match(inventory(os("fedora", "40")), db).coverage();
        MatchResult old = MATCHER.match(inventory(os("alpine", "3.9.6"), apk("musl", "1.1.20-r4", "musl", 0)), db);
        Coverage current = MATCHER.match(inventory(os("debian", "12.7")), db(
                record("X").affects(fixedIn("Debian:12", "x", "1")).build())).coverage();

        assertThat(unknown.status()).isEqualTo(Coverage.Status.UNSUPPORTED_OS);
        assertThat(unknown.message()).contains("could not be identified");
        assertThat(fedora.status()).isEqualTo(Coverage.Status.UNSUPPORTED_OS);
        assertThat(fedora.message()).contains("fedora 40 is not an OS whose advisories this scanner reads");
        assertThat(old.matches()).hasSize(1);
        assertThat(old.coverage().eolReached()).isTrue();
        assertThat(old.coverage().message()).contains("reached the end of its security support on 2020-11-01");
        assertThat(current.eolReached()).isFalse();
        assertThat(current.message()).isNull();
    }

    @Test
    void cveIdsOfDistributionRecords() {
        assertThat(Matcher.cveOf("DEBIAN-CVE-2023-4911")).isEqualTo("CVE-2023-4911");
        assertThat(Matcher.cveOf("ALPINE-CVE-2022-48174")).isEqualTo("CVE-2022-48174");
        assertThat(Matcher.cveOf("ALPINE-SECDB-CVE-2022-48174")).isEqualTo("CVE-2022-48174");
        assertThat(Matcher.cveOf("-CVE-2022-48174")).isNull();
        assertThat(Matcher.cveOf("CVE-2024-3094")).isEqualTo("CVE-2024-3094");
        assertThat(Matcher.cveOf("DSA-5514-1")).isNull();
        assertThat(Matcher.cveOf("GHSA-CVE-x")).isNull();
    }
}
