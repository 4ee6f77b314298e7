package dev.imagescan.vulndb.fetch;

import static dev.imagescan.vulndb.testing.Advisories.apk;
import static dev.imagescan.vulndb.testing.Advisories.inventory;
import static dev.imagescan.vulndb.testing.Advisories.os;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.match.Coverage;
import dev.imagescan.match.Matcher;
import dev.imagescan.match.MatchResult;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.DatabaseBuilder;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alpine's secdb served under its official paths, built into a database, and a community package matched. */
class AlpineSecdbFeedTest {
    private static final Instant CHANGED = Instant.parse("2025-10-01T10:00:00Z");
    private OfficialPathsServer server;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve("/v3.15/main.json", FeedSamples.bytes("alpine/v3.15-main.json"), "\"m\"",
                "Wed, 01 Oct 2025 10:00:00 GMT");
        server.serve("/v3.10/community.json", FeedSamples.bytes("alpine/v3.10-community.json"), null,
                "Tue, 30 Sep 2025 08:00:00 GMT");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCommunityPackageIsFoundAndRecordsCarryTheFeedsTime() throws IOException {
        AdvisorySources.Options options = AdvisorySources.Options.DEFAULT.withPlainHttp(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DatabaseBuilder().build(List.of(AdvisorySources.of("alpine=" + server.url("/v3.15/main.json"), options),
                AdvisorySources.of("alpine=" + server.url("/v3.10/community.json"), options)), CHANGED, out);
        VulnDatabase db = VulnDatabases.load(out.toByteArray());

        Clock clock = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
        MatchResult result = new Matcher(clock).match(inventory(os("alpine", "3.10.9"),
                apk("botan", "2.8.0-r0", "botan", 0)), db);

        assertThat(result.coverage().status()).isEqualTo(Coverage.Status.COVERED);
        assertThat(result.matches()).extracting(m -> m.vulnerabilityId() + " fixed in " + m.fixedVersion())
                .containsExactly("CVE-2018-20187 fixed in 2.9.0-r0");
        assertThat(db.lookup("Alpine:v3.15", "busybox")).hasSize(3).allSatisfy(a ->
                assertThat(a.advisory().modified()).isEqualTo(CHANGED));
        assertThat(db.info().sourceRecords()).containsValues(4L, 9L);
    }
}
