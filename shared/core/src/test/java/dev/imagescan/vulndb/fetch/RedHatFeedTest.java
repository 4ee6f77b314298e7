package dev.imagescan.vulndb.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.AdvisorySources;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.FeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red Hat's CSAF VEX and advisories under their official paths ({@code /data/csaf/v2/vex/}: the latest archive,
 * {@code changes.csv}, the documents changed since), fetched for real from a local server: conditional requests,
 * a changed document, a truncated one, a 404 and a 500.
 */
class RedHatFeedTest {
    private static final String VEX = "/data/csaf/v2/vex/";
    private static final String ARCHIVE = "csaf_vex_2024-12-18.tar.zst";
    private OfficialPathsServer server;

    @TempDir
    Path cache;

    @BeforeEach
    void start() throws IOException {
        server = new OfficialPathsServer();
        server.serve(VEX + "archive_latest.txt", (ARCHIVE + "\n").getBytes(StandardCharsets.UTF_8), "\"l1\"", null);
        server.serve(VEX + "deletions.csv", new byte[0], "\"x1\"", null);
        server.serve(VEX + ARCHIVE, archive(Map.of("2023/cve-2023-5344.json", "redhat/vex/2023/cve-2023-5344.json",
                "2024/cve-2024-10041.json", "redhat/vex/2024/cve-2024-10041.json")), "\"a1\"", null);
        server.serve(VEX + "changes.csv", String.join("\n",
                "\"2024/cve-2024-24786.json\",\"2025-08-13T15:14:45+00:00\"",
                "\"2024/cve-2024-10041.json\",\"2024-12-18T09:14:23+00:00\"",
                "\"2023/cve-2023-5344.json\",\"2024-11-18T17:52:20+00:00\"", "").getBytes(StandardCharsets.UTF_8),
                "\"c1\"", null);
        server.serve(VEX + "2024/cve-2024-24786.json", FeedSamples.bytes("redhat/vex/2024/cve-2024-24786.json"),
                "\"d1\"", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A {@code .tar.zst} of the given documents (entry name → sample path), in name order. */
    private static byte[] archive(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(out))) {
            for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
                byte[] body = FeedSamples.bytes(e.getValue());
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(body.length);
                tar.putArchiveEntry(entry);
                tar.write(body);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private AdvisorySource source() throws IOException {
        return AdvisorySources.of("redhat-vex=" + server.url(VEX),
                AdvisorySources.Options.DEFAULT.withPlainHttp(true).withCache(cache));
    }

    private record Read(String version, List<OsvRecord> records) {}

    private Read read() throws IOException {
        List<OsvRecord> records = new ArrayList<>();
        String version = source().read(records::add);
        return new Read(version, records);
    }

    @Test
    void theArchiveThenTheDocumentsChangedSinceAndNothingAgainWhenUnchanged() throws IOException {
        Read first = read();

        assertThat(source().name()).isEqualTo("redhat-vex:" + server.url(VEX));
        assertThat(first.records()).extracting(r -> r.advisory().id())
                .containsExactly("CVE-2023-5344", "CVE-2024-10041", "CVE-2024-24786");
        assertThat(first.records().get(0).affected()).extracting(a -> a.unfixed())
                .contains(FixStatus.WILL_NOT_FIX, FixStatus.OUT_OF_SUPPORT);
        // only the document changed after the archive's newest one is fetched on its own
        assertThat(server.log()).extracting(l -> l.split(" ")[0]).containsExactly(VEX + "archive_latest.txt",
                VEX + "deletions.csv", VEX + ARCHIVE, VEX + "changes.csv", VEX + "2024/cve-2024-24786.json");

        Read second = read();

        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second.records()).isEqualTo(first.records());
        assertThat(server.log().subList(5, 10)).allSatisfy(l -> assertThat(l).matches("\\S+ \"[a-z0-9]+\" null 304"));
    }

    @Test
    void aChangedDocumentIsFetchedAgainAndChangesTheVersion() throws IOException {
        Read first = read();
        // the same document as Red Hat re-serialised it (other whitespace): other bytes, another ETag
        String reformatted = new String(FeedSamples.bytes("redhat/vex/2024/cve-2024-24786.json"),
                StandardCharsets.UTF_8).replace("    ", "  ");
        server.serve(VEX + "2024/cve-2024-24786.json", reformatted.getBytes(StandardCharsets.UTF_8), "\"d2\"", null);

        Read second = read();

        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(second.records()).isEqualTo(first.records());
        assertThat(server.log().get(9)).isEqualTo(VEX + "2024/cve-2024-24786.json \"d1\" null 200");
    }

    @Test
    void aTruncatedA404AndA500AreErrorsNamingTheUrl() throws IOException {
        server.truncated(VEX + "2024/cve-2024-24786.json", FeedSamples.bytes("redhat/vex/2024/cve-2024-24786.json"));
        assertThatThrownBy(this::read).isInstanceOf(IOException.class)
                .hasMessageStartingWith(server.url(VEX + "2024/cve-2024-24786.json") + ": ");

        server.status(VEX + "2024/cve-2024-24786.json", 404);
        assertThatThrownBy(this::read).isInstanceOf(IOException.class)
                .hasMessageContaining("2024/cve-2024-24786.json: HTTP status 404");

        server.status(VEX + "archive_latest.txt", 500);
        assertThatThrownBy(this::read).isInstanceOf(IOException.class)
                .hasMessageContaining("archive_latest.txt: HTTP status 500");
    }

    @Test
    void aDamagedArchiveIsABadFeed() throws IOException {
        server.serve(VEX + ARCHIVE, "not zstd at all".getBytes(StandardCharsets.UTF_8), "\"a2\"", null);

        assertThatThrownBy(this::read).isInstanceOf(FeedFormatException.class)
                .hasMessageContaining(ARCHIVE + ": not a readable .tar.zst archive");
    }

    /**
     * Red Hat's {@code deletions.csv} (the format of Clair's test server, quay/claircore
     * rhel/vex/testdata/server.txtar): a document withdrawn after the archive was made is left out of it, a changed
     * one withdrawn since is not fetched, and one published again after its withdrawal is kept.
     */
    @Test
    void documentsRedHatWithdrewAreDroppedOnTheNextRead() throws IOException {
        Read before = read();
        server.serve(VEX + "deletions.csv", String.join("\n",
                "\"2023/cve-2023-5344.json\",\"2025-01-02T00:00:00+00:00\"",
                "\"2024/cve-2024-24786.json\",\"2025-09-01T00:00:00+00:00\"",
                "\"2024/cve-2024-10041.json\",\"2024-01-01T00:00:00+00:00\"", "").getBytes(StandardCharsets.UTF_8),
                "\"x2\"", null);

        Read after = read();

        assertThat(before.records()).extracting(r -> r.advisory().id())
                .containsExactly("CVE-2023-5344", "CVE-2024-10041", "CVE-2024-24786");
        assertThat(after.records()).extracting(r -> r.advisory().id())
                .as("CVE-2024-10041 was released again in 2024-12").containsExactly("CVE-2024-10041");
        assertThat(after.version()).isNotEqualTo(before.version());
        assertThat(server.log().subList(5, server.log().size())).extracting(l -> l.split(" ")[0])
                .doesNotContain(VEX + "2024/cve-2024-24786.json");
    }

    @Test
    void aDeletionsListThatIsNotOneIsABadFeed() {
        server.serve(VEX + "deletions.csv", "2023/cve-2023-5344.json;yesterday\n".getBytes(StandardCharsets.UTF_8),
                "\"x3\"", null);

        assertThatThrownBy(this::read).isInstanceOf(FeedFormatException.class)
                .hasMessage(server.url(VEX + "deletions.csv") + " line 1: expected \"path\",\"time\"");
    }
}
