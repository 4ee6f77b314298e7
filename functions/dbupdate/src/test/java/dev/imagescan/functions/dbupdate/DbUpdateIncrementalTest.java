package dev.imagescan.functions.dbupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.imagescan.service.DatabaseUpdateService;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.OsvFeeds;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.osv.OsvLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule through the real handler, real S3 and feeds over loopback (an OSV zip, CISA's KEV catalog and Amazon
 * Linux 2's repository, the real samples of {@code shared/testing}'s {@code vulndb/}): an unchanged source is reused
 * from the bucket, not downloaded or parsed again; a source that fails, or shrank beyond the threshold, is refused
 * while the others are updated, its previous records kept and the refusal recorded in the database; a source with no
 * previous read that fails fails the update.
 */
class DbUpdateIncrementalTest {
    private static final String KEV = "/sites/default/files/feeds/known_exploited_vulnerabilities.json";
    private static final String LIST = "/2/core/latest/x86_64/mirror.list";
    private static final String REPO =
            "/2/core/2.0/x86_64/221a4af09d96ac4e34202cc7bdfa252410419542548cc685dc86ed1c17ca4204";
    private static final String ZIP = "/Alpine/all.zip";
    private static final Instant FIRST = Instant.parse("2026-12-01T00:00:00Z");

    private final LocalAws aws = LocalAws.get();
    private final ObjectStore store = new S3ObjectStore(aws.s3(), aws.createBucket());
    private final FeedServer server = new FeedServer();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @TempDir
    Path scratch;

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Map<String, Object> run(Instant now) {
        DbUpdateSettings settings = DbUpdateSettings.fromEnvironment(Map.of("IMAGESCAN_BUCKET", "unused",
                "IMAGESCAN_FEEDS", server.url("/Alpine/all.zip") + ",kev=" + server.url(KEV) + ",amazon="
                        + server.url(LIST), "IMAGESCAN_MAX_DROP", "0.4", "IMAGESCAN_ALLOW_HTTP_FEEDS", "true"));
        DatabaseUpdateService service = new DatabaseUpdateService(store, settings.feeds(), settings.maxDrop(),
                settings.limits(OsvLimits.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))),
                scratch, Clock.fixed(now, ZoneOffset.UTC), true);
        return new DbUpdateHandler(service, new PrintStream(logged, true, StandardCharsets.UTF_8))
                .handleRequest(new ScheduledEvent(), null);
    }

    private void serveAmazon(String updateinfo, String etag) {
        String mirrors = new String(sample("amazon/mirrors_linux2.txt"), StandardCharsets.UTF_8)
                .replace("https://cdn.amazonlinux.com", server.url(""));
        server.serveWithEtag(LIST, mirrors.getBytes(StandardCharsets.UTF_8), "\"list\"");
        // the real repomd.xml with its updateinfo checksum made that of the cut sample served
        String repomd = new String(sample("amazon/repomd_valid.xml"), StandardCharsets.UTF_8)
                .replace("d00ca5a4fa4b40ea884c4510c76194c4b13da46fdf5863bcc81615efd7b1eafa", openSha256(updateinfo));
        server.serveWithEtag(REPO + "/repodata/repomd.xml", repomd.getBytes(StandardCharsets.UTF_8), etag);
        server.serveWithEtag(REPO + "/repodata/updateinfo.xml.gz", sample(updateinfo), etag);
    }

    @Test
    void unchangedSourcesAreReusedAndAFailingOrShrunkOneKeepsItsPreviousRecords() throws IOException {
        server.serve("/Alpine/all.zip", OsvFeeds.zip(OsvFeeds.snapshot("alpine")));
        byte[] catalog = sample("kev/valid-catalog-1.json");
        server.serveWithEtag(KEV, catalog, "\"kev-1\"");
        serveAmazon("amazon/updateinfo_2_items.xml.gz", "\"al2-a\"");
        String kev = "kev:" + server.url(KEV);
        String amazon = "amazon:" + server.url(LIST);

        Map<String, Object> first = run(FIRST);
        assertThat(first).containsEntry("status", "UPDATED").containsEntry("problems", "");
        DatabaseInfo info = database(first).info();
        assertThat(info.sourceRecords()).containsEntry(kev, 3L).containsEntry(amazon, 2L);
        assertThat(info.status(amazon)).isEqualTo(new SourceStatus(Instant.parse("2018-02-08T21:46:00Z"), FIRST,
                null));
        assertThat(info.status(kev)).isEqualTo(new SourceStatus(null, FIRST, null));
        int requests = server.log().size();

        Map<String, Object> second = run(FIRST.plus(Duration.ofHours(6)));
        List<String> secondRequests = server.log().subList(requests, server.log().size());
        assertThat(second).as("nothing changed: the same bytes").containsEntry("status", "UNCHANGED")
                .containsEntry("key", first.get("key"));
        assertThat(secondRequests).contains(KEV + " 304").noneMatch(r -> r.startsWith(KEV + " 200"))
                .noneMatch(r -> r.contains("updateinfo.xml.gz"));
        assertThat((String) second.get("notes")).contains(kev + ": unchanged since its read of " + FIRST)
                .contains(amazon + ": unchanged since its read of " + FIRST);

        server.serve(KEV, 500, "text/plain", new byte[0]);
        Map<String, Object> third = run(FIRST.plus(Duration.ofHours(12)));
        assertThat(third).containsEntry("status", "UPDATED").containsEntry("problems", "");
        VulnDatabase kept = database(third);
        assertThat(kept.info().sourceRecords()).as("its previous records").containsEntry(kev, 3L);
        assertThat(kept.info().status(kev)).isEqualTo(new SourceStatus(null, FIRST,
                server.url(KEV) + ": HTTP status 500 (expected 200)"));
        assertThat(kept.info().status(amazon).lastError()).isNull();
        assertThat((String) third.get("notes")).contains(kev + ": refused (" + server.url(KEV)
                + ": HTTP status 500 (expected 200)); its previous records, fetched " + FIRST + ", are used");

        // Amazon's repository now holds one update where it held two (beyond the 40 % allowed): refused, kept
        serveAmazon("amazon/updateinfo_1_item.xml.gz", "\"al2-b\"");
        Map<String, Object> fourth = run(FIRST.plus(Duration.ofHours(18)));
        assertThat(fourth).containsEntry("status", "UPDATED");
        VulnDatabase shrunk = database(fourth);
        assertThat(shrunk.info().status(amazon).lastError())
                .isEqualTo("holds 1 records, 50.0 % fewer than the 2 of its previous read; at most 40.0 % fewer is"
                        + " accepted: is the feed truncated?");
        assertThat(shrunk.lookup("Amazon Linux:2", "java-1.8.0-openjdk")).as("the kept ALAS2-2018-949")
                .isNotEmpty();
        assertThat(shrunk.lookup("Amazon Linux:2", "kernel")).as("the refused read's ALAS2-2018-939").isEmpty();
        assertThat(shrunk.info().status(kev).lastError()).endsWith(": HTTP status 500 (expected 200)");

        // both back as they were: the kept reads are current again, no error left
        server.serveWithEtag(KEV, catalog, "\"kev-1\"");
        serveAmazon("amazon/updateinfo_2_items.xml.gz", "\"al2-a\"");
        Map<String, Object> fifth = run(FIRST.plus(Duration.ofHours(24)));
        assertThat(fifth).as("the first database again").containsEntry("key", first.get("key"));
    }

    @Test
    void anUnchangedOsvZipIsAskedNotDownloadedAndAChangedOneIsRead() throws IOException {
        Map<String, byte[]> records = OsvFeeds.snapshot("alpine");
        server.serveWithEtag(ZIP, OsvFeeds.zip(records), "\"osv-1\"");
        server.serveWithEtag(KEV, sample("kev/valid-catalog-1.json"), "\"kev-1\"");
        serveAmazon("amazon/updateinfo_2_items.xml.gz", "\"al2-a\"");
        String osv = server.url(ZIP);

        Map<String, Object> first = run(FIRST);
        assertThat(first).containsEntry("status", "UPDATED").containsEntry("problems", "");
        assertThat(database(first).info().sourceRecords()).containsEntry(osv, (long) records.size());
        assertThat(server.log()).as("the probe's download is the read's").containsOnlyOnce(ZIP + " 200")
                .filteredOn(r -> r.startsWith(ZIP + " ")).hasSize(1);

        int requests = server.log().size();
        Map<String, Object> second = run(FIRST.plus(Duration.ofHours(6)));
        assertThat(second).containsEntry("status", "UNCHANGED").containsEntry("key", first.get("key"));
        assertThat(server.log().subList(requests, server.log().size())).as("asked, not downloaded")
                .filteredOn(r -> r.startsWith(ZIP + " ")).containsExactly(ZIP + " 304");
        assertThat((String) second.get("notes")).contains(osv + ": unchanged since its read of " + FIRST
                + "; its records were reused, not downloaded or parsed again");

        Map<String, byte[]> fewer = OsvFeeds.first(records, records.size() - 1);
        server.serveWithEtag(ZIP, OsvFeeds.zip(fewer), "\"osv-2\"");
        requests = server.log().size();
        Map<String, Object> third = run(FIRST.plus(Duration.ofHours(12)));
        assertThat(third).containsEntry("status", "UPDATED").containsEntry("problems", "");
        assertThat(server.log().subList(requests, server.log().size())).as("the changed zip, downloaded once")
                .filteredOn(r -> r.startsWith(ZIP + " ")).containsExactly(ZIP + " 200");
        VulnDatabase changed = database(third);
        assertThat(changed.info().sourceRecords()).containsEntry(osv, (long) fewer.size());
        assertThat(changed.info().status(osv)).isEqualTo(new SourceStatus(changed.info().status(osv)
                .newestModified(), FIRST.plus(Duration.ofHours(12)), null));

        requests = server.log().size();
        assertThat(run(FIRST.plus(Duration.ofHours(18)))).as("the changed zip's read reused in turn")
                .containsEntry("key", third.get("key"));
        assertThat(server.log().subList(requests, server.log().size()))
                .filteredOn(r -> r.startsWith(ZIP + " ")).containsExactly(ZIP + " 304");
    }

    @Test
    void aSourceWithNoPreviousReadThatFailsFailsTheUpdate() {
        server.serve("/Alpine/all.zip", OsvFeeds.zip(OsvFeeds.snapshot("alpine")));
        server.serve(KEV, 500, "text/plain", new byte[0]);
        serveAmazon("amazon/updateinfo_2_items.xml.gz", "\"al2-a\"");

        assertThatThrownBy(() -> run(FIRST)).isInstanceOf(DbUpdateHandler.UpdateFailedException.class)
                .hasMessageContaining("kev:" + server.url(KEV) + ": " + server.url(KEV)
                        + ": HTTP status 500 (expected 200)")
                .hasMessageContaining("vulndb/current is unchanged");
    }

    private VulnDatabase database(Map<String, Object> outcome) throws IOException {
        try (InputStream in = store.get((String) outcome.get("key"))) {
            return VulnDatabases.load(in);
        }
    }

    private static byte[] sample(String path) {
        try (InputStream in = DbUpdateIncrementalTest.class.getResourceAsStream("/vulndb/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource vulndb/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String openSha256(String updateinfo) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(sample(updateinfo)))) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
