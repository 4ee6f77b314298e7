package dev.imagescan.vulndb.debian;

import static dev.imagescan.vulndb.testing.Advisories.deb;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.imagescan.match.Match;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vunnel's real tracker JSON and DSA list extracts built into one database: where both speak of one release,
 * package and CVE they agree and make one finding; the JSON alone gives the end-of-life status.
 */
class TrackerAndListsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void theTrackerAndTheDsaListAgreeOnOneFindingAndTheTrackerAddsTheOpenOnes() throws IOException {
        Path json = FeedSamples.file(dir, "debian-tracker/vunnel-debian.json");
        Path dsa = FeedSamples.file(dir, "debian-tracker/vunnel-DSA");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(AdvisorySources.of("debian=" + dsa, AdvisorySources.Options.DEFAULT),
                AdvisorySources.of("debian-tracker=" + json, AdvisorySources.Options.DEFAULT)), CLOCK.instant(), out);
        VulnDatabase db = VulnDatabases.load(out.toByteArray());

        // sope as bookworm released it (the JSON's "repositories"), before DSA-5970-1
        MatchResult bookworm = new Matcher(CLOCK).match(inventory(os("debian", "12"),
                deb("sope4.9-libs", "5.8.0-1", "sope", "5.8.0-1", 0)), db);
        // chromium as buster released it: the tracker follows it no more
        MatchResult buster = new Matcher(CLOCK).match(inventory(os("debian", "10"),
                deb("chromium", "89.0.4389.114-1~deb10u1", "chromium", "89.0.4389.114-1~deb10u1", 0)), db);

        assertThat(db.info().sources()).containsExactly("debian:vunnel-DSA", "debian-tracker:vunnel-debian.json");
        assertThat(bookworm.matches()).singleElement().satisfies(m -> {
            assertThat(m.vulnerabilityId()).isEqualTo("CVE-2025-53603");
            assertThat(m.advisories()).extracting(a -> a.advisory().id())
                    .containsExactly("DEBIAN-CVE-2025-53603:sope", "DSA-5970-1");
            assertThat(m.fixedVersion()).isEqualTo("5.8.0-1+deb12u1");
            assertThat(m.status()).isEqualTo(FixStatus.FIXED);
        });
        assertThat(buster.matches()).extracting(Match::vulnerabilityId, Match::fixedVersion, Match::status)
                .containsExactly(tuple("CVE-2022-0456", null,
                        FixStatus.OUT_OF_SUPPORT));
    }
}
