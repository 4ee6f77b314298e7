package dev.imagescan.vulndb.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.OsvFeeds;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.fetch.FeedFetcher;
import dev.imagescan.vulndb.fetch.FetchLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OSV URL read through a download cache ({@link OsvSources#of(String, OsvLimits, Path)}): the real records of the
 * bundled Alpine snapshot zipped as OSV's {@code all.zip}, served over loopback with an ETag. The probe asks
 * conditionally (a 304 downloads nothing), its answer is the version the read returns, a probe that downloads
 * leaves the body for the read (one GET), and the cached path keeps the URL source's bounds (the redirect rules
 * and deadlines themselves are {@code FeedFetcherTest}'s).
 */
class CachedUrlSourceTest {
    private static final OsvLimits HTTP = OsvLimits.DEFAULT.withPlainHttp(true);
    private static final String ZIP = "/Alpine/all.zip";

    private final FeedServer server = new FeedServer();

    @TempDir
    Path dir;

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anUnchangedZipIsAskedNotDownloadedAndAChangedOneIsRead() throws IOException {
        Map<String, byte[]> records = OsvFeeds.snapshot("alpine");
        server.serveWithEtag(ZIP, OsvFeeds.zip(records), "\"zip-1\"");

        OsvSource first = OsvSources.of(server.url(ZIP), HTTP, dir.resolve("run-1"));
        assertThat(first.probe()).contains("etag:\"zip-1\"");
        List<String> ids = new ArrayList<>();
        assertThat(read(first, ids)).as("the version the probe said").isEqualTo("etag:\"zip-1\"");
        assertThat(ids).containsExactlyElementsOf(OsvFeeds.ids(records));
        assertThat(server.log()).as("the probe's download is the read's").containsExactly(ZIP + " 200");

        // the next run: another cache directory, the validators kept from the first (as the database update does)
        Path second = dir.resolve("run-2");
        new FeedFetcher(FetchLimits.DEFAULT, second)
                .restoreValidators(new FeedFetcher(FetchLimits.DEFAULT, dir.resolve("run-1")).validators());
        assertThat(OsvSources.of(server.url(ZIP), HTTP, second).probe()).contains("etag:\"zip-1\"");
        assertThat(server.log()).containsExactly(ZIP + " 200", ZIP + " 304");

        Map<String, byte[]> fewer = OsvFeeds.first(records, records.size() - 1);
        server.serveWithEtag(ZIP, OsvFeeds.zip(fewer), "\"zip-2\"");
        OsvSource changed = OsvSources.of(server.url(ZIP), HTTP, second);
        assertThat(changed.probe()).contains("etag:\"zip-2\"");
        ids.clear();
        assertThat(read(changed, ids)).isEqualTo("etag:\"zip-2\"");
        assertThat(ids).containsExactlyElementsOf(OsvFeeds.ids(fewer));
        assertThat(server.log()).containsExactly(ZIP + " 200", ZIP + " 304", ZIP + " 200");
    }

    @Test
    void withoutAValidatorTheProbeCannotTellAndTheReadHashesTheDocumentsAsWithoutACache() throws IOException {
        server.serve(ZIP, OsvFeeds.zip(OsvFeeds.snapshot("alpine")));

        OsvSource cached = OsvSources.of(server.url(ZIP), HTTP, dir.resolve("cache"));
        assertThat(cached.probe()).isEmpty();
        String version = read(cached, new ArrayList<>());
        assertThat(server.log()).as("downloaded once, by the probe").hasSize(1);
        assertThat(version).startsWith("sha256:")
                .isEqualTo(read(OsvSources.of(server.url(ZIP), HTTP), new ArrayList<>()));
    }

    @Test
    void aReadWithoutAProbeDownloadsAndLocalFilesCannotBeProbed() throws IOException {
        server.serveWithEtag(ZIP, OsvFeeds.zip(OsvFeeds.first(OsvFeeds.snapshot("alpine"), 2)), "\"z\"");
        assertThat(read(OsvSources.of(server.url(ZIP), HTTP, dir.resolve("cache")), new ArrayList<>()))
                .isEqualTo("etag:\"z\"");

        Path local = OsvSourcesTest.zip(dir.resolve("all.zip"), "a.json",
                new String(OsvFeeds.snapshot("alpine").values().iterator().next(), StandardCharsets.UTF_8));
        assertThat(OsvSources.of(local.toString(), HTTP, dir.resolve("cache")).probe()).isEmpty();
        assertThat(AdvisorySources.cacheDirectory(local.toString(), dir)).isNull();
        assertThat(AdvisorySources.cacheDirectory("osv=" + server.url(ZIP), dir)).isEqualTo(dir.resolve("osv"));
        assertThat(AdvisorySources.cacheDirectory(server.url(ZIP), dir)).isEqualTo(dir.resolve("osv"));
    }

    @Test
    void theCachedDownloadKeepsTheUrlSourcesBounds() throws IOException {
        server.serveWithEtag(ZIP, new byte[100_000], "\"big\"");
        Path cache = dir.resolve("cache");
        String secret = server.url(ZIP).replace("http://", "http://user:pw@") + "?X-Amz-Signature=secret";

        OsvSource capped = OsvSources.of(secret, HTTP.withMaxDownloadBytes(10_000), cache);
        assertThat(capped.name()).isEqualTo(server.url(ZIP));
        assertThatThrownBy(capped::probe).isInstanceOf(IOException.class)
                .hasMessage(server.url(ZIP) + ": larger than 10000 bytes");
        assertThatThrownBy(() -> read(OsvSources.of(server.url("/missing.zip") + "?sig=secret", HTTP, cache),
                new ArrayList<>())).isInstanceOf(IOException.class)
                .hasMessage(server.url("/missing.zip") + ": HTTP status 404 (expected 200)");
        assertThatThrownBy(() -> OsvSources.of("http://127.0.0.1:1/all.zip", OsvLimits.DEFAULT, cache))
                .isInstanceOf(OsvFormatException.class).hasMessageContaining("plain http is refused");
        server.serve("/moved", 302, "text/plain", new byte[0]);
        assertThatThrownBy(() -> OsvSources.of(server.url("/moved"), HTTP, cache).probe())
                .isInstanceOf(IOException.class).hasMessage(server.url("/moved") + ": a redirect without a Location");
    }

    private static String read(AdvisorySource source, List<String> ids) throws IOException {
        return source.read(new AdvisorySource.RecordSink() {
            @Override
            public void record(OsvRecord record) {
                ids.add(record.advisory().id());
            }
        });
    }
}
