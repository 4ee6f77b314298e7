package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.TrackerSamples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ubuntu CVE tracker source on real tracker files: a tarball of a checkout over HTTP from a local server (fetched
 * conditionally: unchanged, changed, truncated, 404, 500), and a checkout's directory.
 */
class UbuntuTrackerFeedTest {
    private static final String PATH = "/mirror/ubuntu-cve-tracker.tar.gz";
    private OfficialPathsServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve(PATH, TrackerSamples.tarball("ubuntu-cve-tracker", TrackerSamples.FILES), "\"u1\"", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AdvisorySource source(String location) throws IOException {
        return AdvisorySources.of("ubuntu-tracker=" + location,
                AdvisorySources.Options.DEFAULT.withPlainHttp(true).withCache(dir.resolve("cache")));
    }

    private record Read(String version, List<OsvRecord> records) {}

    private static Read read(AdvisorySource source) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        String version = source.read(records::add);
        return new Read(version, records);
    }

    @Test
    void aTarballOverHttpIsReadEntryByEntryAndNotDownloadedAgainWhenUnchanged() throws IOException {
        Read first = read(source(server.url(PATH)));

        assertThat(source(server.url(PATH)).name()).isEqualTo("ubuntu-tracker:" + server.url(PATH));
        assertThat(first.version()).isEqualTo("etag:\"u1\"");
        assertThat(first.records()).extracting(r -> r.advisory().id()).containsExactly("UCT-CVE-2017-9996",
                "UCT-CVE-2018-19139", "UCT-CVE-2018-20482", "UCT-CVE-2019-17185", "UCT-CVE-2022-41859",
                "UCT-CVE-2025-11411", "UCT-CVE-2012-4929", "UCT-CVE-2014-0160", "UCT-CVE-2014-6271",
                "UCT-CVE-2016-7543", "UCT-CVE-2019-14287");

        assertThat(source(server.url(PATH)).probe()).contains(first.version());
        Read second = read(source(server.url(PATH)));

        assertThat(second).isEqualTo(first);
        // the probe asks with HEAD (as a cgit snapshot needs), the read conditionally
        assertThat(server.log()).containsExactly(PATH + " null null 200", "HEAD " + PATH + " null null 200",
                PATH + " \"u1\" null 304");
    }

    @Test
    void aChangedTarballIsDownloadedAgainAndChangesTheVersion() throws IOException {
        Read first = read(source(server.url(PATH)));
        server.serve(PATH, TrackerSamples.tarball("ubuntu-cve-tracker", TrackerSamples.FILES.subList(0, 3)),
                "\"u2\"", null);

        Read second = read(source(server.url(PATH)));

        assertThat(second.version()).isEqualTo("etag:\"u2\"").isNotEqualTo(first.version());
        assertThat(second.records()).hasSize(3).isEqualTo(first.records().subList(0, 3));
        assertThat(server.log().get(1)).isEqualTo(PATH + " \"u1\" null 200");
    }

    @Test
    void aTruncatedTarballA404AndA500AreErrorsNamingTheUrl() throws IOException {
        server.truncated(PATH, TrackerSamples.tarball("ubuntu-cve-tracker", TrackerSamples.FILES));
        assertThatThrownBy(() -> read(source(server.url(PATH)))).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(PATH) + ": ");

        server.status(PATH, 404);
        assertThatThrownBy(() -> read(source(server.url(PATH)))).isInstanceOf(IOException.class)
                .hasMessage(server.url(PATH) + ": HTTP status 404 (expected 200)");

        server.status(PATH, 500);
        assertThatThrownBy(() -> read(source(server.url(PATH)))).isInstanceOf(IOException.class)
                .hasMessage(server.url(PATH) + ": HTTP status 500 (expected 200)");
    }

    @Test
    void aCheckoutIsReadInFileNameOrderAndVersionedByItsFiles() throws IOException {
        Path checkout = TrackerSamples.checkout(dir.resolve("ubuntu-cve-tracker"), TrackerSamples.FILES);
        AdvisorySource source = source(checkout.toString());

        Read first = read(source);

        assertThat(source.name()).isEqualTo("ubuntu-tracker:ubuntu-cve-tracker");
        assertThat(source.probe()).as("a directory must be read to know its version").isEmpty();
        assertThat(first.version()).startsWith("sha256:");
        assertThat(first.records()).isEqualTo(read(source(server.url(PATH))).records());
        assertThat(read(source)).isEqualTo(first);

        Files.writeString(checkout.resolve("active/CVE-2017-9996"), "\n", StandardOpenOption.APPEND);
        assertThat(read(source).version()).isNotEqualTo(first.version());
    }

    @Test
    void aBzip2TarballFileIsReadToo() throws IOException {
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(
                TrackerSamples.tarball("ubuntu-cve-tracker-master", List.of("retired/CVE-2014-0160")))).readAllBytes();
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (OutputStream out = new BZip2CompressorOutputStream(bz)) {
            out.write(tar);
        }
        Path file = Files.write(dir.resolve("uct.tar.bz2"), bz.toByteArray());

        assertThat(read(source(file.toString())).records()).extracting(r -> r.advisory().id())
                .containsExactly("UCT-CVE-2014-0160");
    }

    @Test
    void withoutTrackerFilesTheSourceIsRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("not-a-checkout"));
        assertThatThrownBy(() -> read(source(empty.toString()))).isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("not-a-checkout: not a checkout of the Ubuntu CVE tracker");
        server.serve(PATH, TrackerSamples.tarball("other", List.of()), "\"u3\"", null);
        assertThatThrownBy(() -> read(source(server.url(PATH)))).isInstanceOf(FeedFormatException.class)
                .hasMessage(server.url(PATH) + ": not a tarball of the Ubuntu CVE tracker (no active/CVE-… or"
                        + " retired/CVE-… file)");
        server.serve(PATH, "<html>not found</html>".getBytes(StandardCharsets.UTF_8), "\"u4\"", null);
        assertThatThrownBy(() -> read(source(server.url(PATH)))).isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith(server.url(PATH) + ": ");
    }
}
