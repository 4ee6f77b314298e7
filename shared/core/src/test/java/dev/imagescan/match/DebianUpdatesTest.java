package dev.imagescan.match;

import static dev.imagescan.vulndb.testing.Advisories.db;
import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.fixedIn;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static dev.imagescan.vulndb.testing.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.InMemoryVulnDatabase;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A published DSA/DLA against the tracker's per-CVE status of the same release, package and CVE: the published fix
 * wins; without one the tracker's status stands; other distributions keep "a fix only when every advisory names one".
 */
class DebianUpdatesTest {
    private static final Matcher MATCHER = new Matcher(Clock.fixed(Instant.parse("2021-07-01T00:00:00Z"),
            ZoneOffset.UTC));

    private static AffectedPackage open(String ecosystem, String name, FixStatus status) {
        return new AffectedPackage(ecosystem, name, List.of(new VersionRange(List.of(RangeEvent.introduced("0")))),
                List.of(), null, status);
    }

    private static List<Match> stretch(InMemoryVulnDatabase db, String version) {
        return MATCHER.match(inventory(os("debian", "9"), deb("libgcrypt20", version, "libgcrypt20", version, 0)),
                db).matches();
    }

    @Test
    void aPublishedFixWinsOverTheTrackersOpenStatus() {
        InMemoryVulnDatabase db = db(
                record("DLA-2691-1").aliases("CVE-2021-40528")
                        .affects(fixedIn("Debian:9", "libgcrypt20", "1.7.6-2+deb9u4")).build(),
                record("DEBIAN-CVE-2021-40528:libgcrypt20").aliases("CVE-2021-40528")
                        .affects(open("Debian:9", "libgcrypt20", FixStatus.WILL_NOT_FIX)).build());

        List<Match> below = stretch(db, "1.7.6-2+deb9u3");
        List<Match> at = stretch(db, "1.7.6-2+deb9u4");

        assertThat(below).singleElement().satisfies(m -> {
            assertThat(m.fixedVersion()).isEqualTo("1.7.6-2+deb9u4");
            assertThat(m.status()).isEqualTo(FixStatus.FIXED);
            assertThat(m.advisories()).extracting(a -> a.advisory().id())
                    .containsExactly("DEBIAN-CVE-2021-40528:libgcrypt20", "DLA-2691-1");
        });
        assertThat(at).as("the published update fixed this version").isEmpty();
    }

    @Test
    void withoutAPublishedUpdateTheTrackersStatusStands() {
        InMemoryVulnDatabase db = db(
                record("DLA-2691-1").aliases("CVE-2021-40528")
                        .affects(fixedIn("Debian:9", "libgcrypt20", "1.7.6-2+deb9u4")).build(),
                record("DEBIAN-CVE-2021-33560:libgcrypt20").aliases("CVE-2021-33560")
                        .affects(open("Debian:9", "libgcrypt20", FixStatus.AFFECTED)).build());

        assertThat(stretch(db, "1.7.6-2+deb9u4")).singleElement().satisfies(m -> {
            assertThat(m.vulnerabilityId()).isEqualTo("CVE-2021-33560");
            assertThat(m.fixedVersion()).isNull();
            assertThat(m.status()).isEqualTo(FixStatus.AFFECTED);
        });
    }

    @Test
    void otherDistributionsStillNeedEveryAdvisoryToNameAFix() {
        InMemoryVulnDatabase db = db(
                record("USN-1-1").aliases("CVE-2024-10").affects(fixedIn("Ubuntu:22.04:LTS", "curl", "8")).build(),
                record("UBUNTU-CVE-2024-10").affects(fixedIn("Ubuntu:22.04:LTS", "curl", null)).build());

        List<Match> matches = MATCHER.match(inventory(os("ubuntu", "22.04"),
                deb("libcurl4", "7", "curl", "7", 0)), db).matches();

        assertThat(matches).singleElement().satisfies(m -> assertThat(m.fixedVersion()).isNull());
    }
}
