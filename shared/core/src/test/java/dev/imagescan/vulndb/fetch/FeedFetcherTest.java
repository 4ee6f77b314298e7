package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedFetcherTest {
    private static final String KEV = "/sites/default/files/feeds/known_exploited_vulnerabilities.json";
    private static final String EPSS = "/epss_scores-current.csv.gz";

    @TempDir
    Path cache;
    private OfficialPathsServer server;
    private FeedFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        fetcher = new FeedFetcher(FetchLimits.DEFAULT.withPlainHttp(true), cache);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anUnchangedFeedIsNotDownloadedAgain() throws IOException {
        byte[] catalog = FeedSamples.bytes("kev/valid-catalog-1.json");
        server.serve(KEV, catalog, "\"v1\"", "Wed, 19 Feb 2025 14:08:44 GMT");

        FeedFetcher.Fetched first = fetcher.fetch(URI.create(server.url(KEV)));
        FeedFetcher.Fetched second = fetcher.fetch(URI.create(server.url(KEV)));

        assertThat(first.notModified()).isFalse();
        assertThat(second.notModified()).isTrue();
        assertThat(Files.readAllBytes(second.file())).isEqualTo(catalog);
        assertThat(second.validator()).isEqualTo("etag:\"v1\"");
        assertThat(server.log()).containsExactly(KEV + " null null 200",
                KEV + " \"v1\" Wed, 19 Feb 2025 14:08:44 GMT 304");
    }

    @Test
    void aChangedFeedReplacesTheCachedOne() throws IOException {
        server.serve(KEV, FeedSamples.bytes("kev/valid-catalog-1.json"), "\"v1\"", null);
        fetcher.fetch(URI.create(server.url(KEV)));
        byte[] changed = FeedSamples.bytes("nvd/single-entry.json");
        server.serve(KEV, changed, "\"v2\"", null);

        FeedFetcher.Fetched again = fetcher.fetch(URI.create(server.url(KEV)));

        assertThat(again.notModified()).isFalse();
        assertThat(again.etag()).isEqualTo("\"v2\"");
        assertThat(Files.readAllBytes(again.file())).isEqualTo(changed);
    }

    @Test
    void lastModifiedAloneMakesTheRequestConditional() throws IOException {
        server.serve(EPSS, FeedSamples.bytes("epss/example-1.csv"), null, "Thu, 20 Feb 2025 00:00:00 GMT");

        fetcher.fetch(URI.create(server.url(EPSS)));
        FeedFetcher.Fetched second = fetcher.fetch(URI.create(server.url(EPSS)));

        assertThat(second.notModified()).isTrue();
        assertThat(second.validator()).isEqualTo("last-modified:Thu, 20 Feb 2025 00:00:00 GMT");
    }

    @Test
    void aTruncatedDownloadFailsAndKeepsThePreviousCopy() throws IOException {
        byte[] catalog = FeedSamples.bytes("kev/valid-catalog-1.json");
        server.serve(KEV, catalog, "\"v1\"", null);
        FeedFetcher.Fetched good = fetcher.fetch(URI.create(server.url(KEV)));
        server.truncated(KEV, FeedSamples.bytes("nvd/full-page.json"));

        assertThatThrownBy(() -> fetcher.fetch(URI.create(server.url(KEV)))).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(KEV) + ": ");
        assertThat(Files.readAllBytes(good.file())).isEqualTo(catalog);
    }

    @Test
    void aStatusOtherThan200IsAnErrorNamingTheUrl() {
        server.status("/feeds/json/cve/2.0/nvdcve-2.0-2024.json.gz", 500);

        assertThatThrownBy(() -> fetcher.fetch(URI.create(server.url("/feeds/json/cve/2.0/nvdcve-2.0-2024.json.gz"))))
                .isInstanceOf(IOException.class)
                .hasMessage(server.url("/feeds/json/cve/2.0/nvdcve-2.0-2024.json.gz")
                        + ": HTTP status 500 (expected 200)");
        assertThatThrownBy(() -> fetcher.fetch(URI.create(server.url(EPSS))))
                .hasMessage(server.url(EPSS) + ": HTTP status 404 (expected 200)");
    }

    @Test
    void plainHttpOnlyWhenAllowed() {
        FeedFetcher httpsOnly = new FeedFetcher(FetchLimits.DEFAULT, null);

        assertThatThrownBy(() -> httpsOnly.fetch(URI.create(server.url(KEV)))).isInstanceOf(IOException.class)
                .hasMessageContaining("plain http is refused");
        assertThat(server.log()).isEmpty();
    }

    @Test
    void aBodyOverTheCapIsRefused() {
        server.serve(KEV, FeedSamples.bytes("nvd/full-page.json"), null, null);
        FeedFetcher small = new FeedFetcher(FetchLimits.DEFAULT.withPlainHttp(true).withMaxDownloadBytes(1000), null);

        assertThatThrownBy(() -> small.fetch(URI.create(server.url(KEV))))
                .hasMessage(server.url(KEV) + ": larger than 1000 bytes");
    }
}
