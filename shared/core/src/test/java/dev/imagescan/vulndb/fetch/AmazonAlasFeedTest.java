package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon Linux's repositories served under their official paths from a local server: mirror list → repomd.xml →
 * updateinfo.xml.gz for Amazon Linux 2 and 2023, with conditional requests, a changed repository, a truncated
 * download, a 404, a 500 and a checksum that does not match.
 */
class AmazonAlasFeedTest {
    static final String AL2_LIST = "/2/core/latest/x86_64/mirror.list";
    static final String AL2023_LIST = "/al2023/core/mirrors/latest/x86_64/mirror.list";
    static final String AL2_REPO =
            "/2/core/2.0/x86_64/221a4af09d96ac4e34202cc7bdfa252410419542548cc685dc86ed1c17ca4204";
    static final String AL2023_REPO =
            "/al2023/core/guids/46ff4933b89b948580f3b223b826fee3c1830b85885db3f7f90502c0ac99698c/x86_64";
    private OfficialPathsServer server;

    @TempDir
    Path cache;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        serveRepository(server, AL2_LIST, "amazon/mirrors_linux2.txt", AL2_REPO, "amazon/updateinfo_2_items.xml.gz",
                "\"al2-a\"");
        serveRepository(server, AL2023_LIST, "amazon/mirrors_linux2023.txt", AL2023_REPO,
                "amazon/updateinfo_AL2023.xml.gz", "\"al2023-a\"");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Serves a release's real mirror list with its host made the local server's, the real repomd.xml with its
     * updateinfo checksum made that of the sample served (the one substitution: the sample is a cut of Amazon's
     * file), and the sample.
     */
    static void serveRepository(OfficialPathsServer server, String list, String mirrors, String repo,
            String updateinfo, String etag) throws IOException {
        String mirrorList = new String(FeedSamples.bytes(mirrors), StandardCharsets.UTF_8)
                .replace("https://cdn.amazonlinux.com", server.url(""));
        server.serve(list, mirrorList.getBytes(StandardCharsets.UTF_8), "\"list\"", null);
        server.serve(repo + "/repodata/repomd.xml", repomd(updateinfo), etag, null);
        server.serve(repo + "/repodata/updateinfo.xml.gz", FeedSamples.bytes(updateinfo), etag, null);
    }

    static byte[] repomd(String updateinfo) throws IOException {
        String real = new String(FeedSamples.bytes("amazon/repomd_valid.xml"), StandardCharsets.UTF_8);
        String realOpen = "d00ca5a4fa4b40ea884c4510c76194c4b13da46fdf5863bcc81615efd7b1eafa";
        assertThat(real).contains(realOpen);
        return real.replace(realOpen, openSha256(updateinfo)).getBytes(StandardCharsets.UTF_8);
    }

    static String openSha256(String updateinfo) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(FeedSamples.bytes(updateinfo)))) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private AdvisorySource source(String... lists) throws IOException {
        return AdvisorySources.of("amazon=" + server.url(lists[0]), AdvisorySources.Options.DEFAULT
                .withPlainHttp(true).withCache(cache));
    }

    private static List<OsvRecord> read(AdvisorySource source, String[] version) throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        version[0] = source.read(records::add);
        return records;
    }

    @Test
    void eachReleaseIsReadThroughItsMirrorListAndVersionedByItsChecksum() throws IOException {
        String[] v2 = new String[1];
        String[] v2023 = new String[1];

        List<OsvRecord> al2 = read(source(AL2_LIST), v2);
        List<OsvRecord> al2023 = read(source(AL2023_LIST), v2023);

        assertThat(al2).extracting(r -> r.advisory().id()).containsExactly("ALAS2-2018-942", "ALAS2-2018-949");
        assertThat(al2023).extracting(r -> r.advisory().id()).containsExactly("ALAS2023-2023-001");
        assertThat(v2[0]).isEqualTo("sha256:" + openSha256("amazon/updateinfo_2_items.xml.gz"));
        assertThat(v2023[0]).isEqualTo("sha256:" + openSha256("amazon/updateinfo_AL2023.xml.gz"));
        assertThat(source(AL2_LIST).name()).isEqualTo("amazon:" + server.url(AL2_LIST));
        assertThat(server.log()).contains(AL2_REPO + "/repodata/repomd.xml null null 200",
                AL2023_REPO + "/repodata/updateinfo.xml.gz null null 200");
    }

    @Test
    void anUnchangedRepositoryIsAskedForConditionallyAndNotDownloadedAgain() throws IOException {
        String[] first = new String[1];
        String[] second = new String[1];

        List<OsvRecord> before = read(source(AL2_LIST), first);
        List<OsvRecord> after = read(source(AL2_LIST), second);

        assertThat(second[0]).isEqualTo(first[0]);
        assertThat(after).isEqualTo(before);
        assertThat(server.log()).contains(AL2_REPO + "/repodata/updateinfo.xml.gz \"al2-a\" null 304",
                AL2_REPO + "/repodata/repomd.xml \"al2-a\" null 304", AL2_LIST + " \"list\" null 304");
    }

    @Test
    void aProbeGivesTheVersionAReadWouldFromTheRepositoryMetadataAloneAndAsksConditionallyElsewhere()
            throws IOException {
        String[] version = new String[1];
        read(source(AL2_LIST), version);
        int before = server.log().size();

        assertThat(source(AL2_LIST).probe()).contains(version[0]);
        assertThat(server.log().subList(before, server.log().size()))
                .noneMatch(r -> r.contains("updateinfo.xml.gz"));

        // a fetcher with no body kept, only the validators of an earlier run, is answered 304 and downloads nothing
        FeedFetcher earlier = new FeedFetcher(FetchLimits.DEFAULT.withPlainHttp(true), cache.resolve("amazon"));
        Path elsewhere = cache.resolveSibling(cache.getFileName() + "-elsewhere");
        FeedFetcher fresh = new FeedFetcher(FetchLimits.DEFAULT.withPlainHttp(true), elsewhere);
        fresh.restoreValidators(earlier.validators());
        FeedFetcher.Fetched checked = fresh.check(java.net.URI.create(server.url(AL2_REPO
                + "/repodata/updateinfo.xml.gz")));
        assertThat(checked.notModified()).isTrue();
        assertThat(checked.file()).isNull();
        assertThat(checked.validator()).isEqualTo("etag:\"al2-a\"");
        assertThat(server.log().get(server.log().size() - 1)).endsWith("\"al2-a\" null 304");
    }

    @Test
    void aChangedRepositoryGivesItsNewRecordsAndANewVersion() throws IOException {
        String[] first = new String[1];
        String[] second = new String[1];
        read(source(AL2_LIST), first);
        server.serve(AL2_REPO + "/repodata/repomd.xml", repomd("amazon/updateinfo_1_item.xml.gz"), "\"al2-b\"", null);
        server.serve(AL2_REPO + "/repodata/updateinfo.xml.gz", FeedSamples.bytes("amazon/updateinfo_1_item.xml.gz"),
                "\"al2-b\"", null);

        List<OsvRecord> after = read(source(AL2_LIST), second);

        assertThat(after).extracting(r -> r.advisory().id()).containsExactly("ALAS2-2018-939");
        assertThat(second[0]).isNotEqualTo(first[0]);
    }

    @Test
    void aTruncatedA404AndA500AreErrorsNamingTheUrl() throws IOException {
        server.truncated(AL2_REPO + "/repodata/updateinfo.xml.gz",
                FeedSamples.bytes("amazon/updateinfo_2_items.xml.gz"));
        assertThatThrownBy(() -> read(source(AL2_LIST), new String[1])).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(AL2_REPO + "/repodata/updateinfo.xml.gz") + ": ");

        server.status(AL2023_REPO + "/repodata/repomd.xml", 404);
        assertThatThrownBy(() -> read(source(AL2023_LIST), new String[1])).isInstanceOf(IOException.class)
                .hasMessage(server.url(AL2023_REPO + "/repodata/repomd.xml") + ": HTTP status 404 (expected 200)");

        server.status(AL2_LIST, 500);
        assertThatThrownBy(() -> read(source(AL2_LIST), new String[1])).isInstanceOf(IOException.class)
                .hasMessage(server.url(AL2_LIST) + ": HTTP status 500 (expected 200)");
    }

    @Test
    void anUpdateinfoThatIsNotTheOneTheRepositoryStatesIsRefusedBeforeAnyRecordIsUsed() throws IOException {
        // the real repomd.xml, unchanged: it states the checksum of Amazon's whole file of its day
        server.serve(AL2_REPO + "/repodata/repomd.xml", FeedSamples.bytes("amazon/repomd_valid.xml"), "\"x\"", null);
        List<OsvRecord> records = new ArrayList<>();

        assertThatThrownBy(() -> source(AL2_LIST).read(records::add)).isInstanceOf(IOException.class)
                .hasMessageContaining("updateinfo.xml.gz: its content's sha256 is ")
                .hasMessageContaining("not the d00ca5a4fa4b40ea884c4510c76194c4b13da46fdf5863bcc81615efd7b1eafa the"
                        + " repository metadata states");
        assertThat(records).isEmpty();
    }
}
