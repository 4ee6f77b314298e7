package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security tracker's JSON (real extracts, vulndb/debian-tracker) served under its official path: read through
 * {@code --source debian-tracker=URL}, asked conditionally (ETag, else If-Modified-Since), a changed document, and a
 * truncated one, a 404 and a 500 refused naming the URL.
 */
class DebianTrackerFeedTest {
    private static final String PATH = "/tracker/data/json";
    private static final String LAST_MODIFIED = "Wed, 20 Aug 2025 12:00:00 GMT";
    @TempDir
    Path dir;
    private OfficialPathsServer server;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve(PATH, FeedSamples.bytes("debian-tracker/vunnel-debian.json"), "\"t1\"", LAST_MODIFIED);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AdvisorySource source() throws IOException {
        return AdvisorySources.of("debian-tracker=" + server.url(PATH), AdvisorySources.Options.DEFAULT
                .withPlainHttp(true).withCache(dir.resolve("cache")));
    }

    private static List<OsvRecord> read(AdvisorySource source, String[] version) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        version[0] = source.read(records::add);
        return records;
    }

    @Test
    void theDocumentIsReadWithItsTimeAndAskedForConditionallyAfterwards() throws IOException {
        String[] first = new String[1];
        String[] second = new String[1];

        List<OsvRecord> before = read(source(), first);
        String probed = source().probe().orElseThrow();
        List<OsvRecord> after = read(source(), second);

        assertThat(source().name()).isEqualTo("debian-tracker:" + server.url(PATH));
        assertThat(before).hasSize(5).allSatisfy(r -> assertThat(r.advisory().modified())
                .isEqualTo(Instant.parse("2025-08-20T12:00:00Z")));
        assertThat(first[0]).isEqualTo("etag:\"t1\"");
        assertThat(probed).isEqualTo(first[0]);
        assertThat(second[0]).isEqualTo(first[0]);
        assertThat(after).isEqualTo(before);
        assertThat(server.log()).containsExactly(PATH + " null null 200",
                PATH + " \"t1\" " + LAST_MODIFIED + " 304", PATH + " \"t1\" " + LAST_MODIFIED + " 304");
    }

    @Test
    void withoutAnEtagTheLastModifiedTimeIsAskedFor() throws IOException {
        server.serve(PATH, FeedSamples.bytes("debian-tracker/vunnel-debian.json"), null, LAST_MODIFIED);

        read(source(), new String[1]);
        read(source(), new String[1]);

        assertThat(server.log()).containsExactly(PATH + " null null 200", PATH + " null " + LAST_MODIFIED + " 304");
    }

    @Test
    void aChangedDocumentGivesItsRecordsAndANewVersion() throws IOException {
        String[] first = new String[1];
        String[] second = new String[1];
        read(source(), first);
        server.serve(PATH, FeedSamples.bytes("debian-tracker/osv-debian-security-tracker-mock.json"), "\"t2\"",
                "Thu, 18 Sep 2025 06:16:26 GMT");

        List<OsvRecord> after = read(source(), second);

        assertThat(after).extracting(r -> r.advisory().id()).containsExactly("DEBIAN-CVE-2016-1585:apparmor",
                "DEBIAN-CVE-2017-6507:apparmor");
        assertThat(second[0]).isEqualTo("etag:\"t2\"").isNotEqualTo(first[0]);
    }

    @Test
    void aTruncatedA404AndA500AreErrorsNamingTheUrl() throws IOException {
        server.truncated(PATH, FeedSamples.bytes("debian-tracker/vunnel-debian.json"));
        assertThatThrownBy(() -> read(source(), new String[1])).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(PATH) + ": ");

        server.status(PATH, 404);
        assertThatThrownBy(() -> read(source(), new String[1])).isInstanceOf(IOException.class)
                .hasMessage(server.url(PATH) + ": HTTP status 404 (expected 200)");

        server.status(PATH, 500);
        assertThatThrownBy(() -> read(source(), new String[1])).isInstanceOf(IOException.class)
                .hasMessage(server.url(PATH) + ": HTTP status 500 (expected 200)");
    }

    @Test
    void theOfficialUrlIsTheDefault() throws IOException {
        assertThat(AdvisorySources.of("debian-tracker", AdvisorySources.Options.DEFAULT).name())
                .isEqualTo("debian-tracker:https://security-tracker.debian.org/tracker/data/json");
        assertThat(AdvisorySources.cacheDirectory("debian-tracker", dir)).isEqualTo(dir.resolve("debian-tracker"));
    }
}
