package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.service.UpdateOutcome.Problem;
import dev.imagescan.service.UpdateOutcome.Status;
import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.backed.CurrentDatabase;
import dev.imagescan.testing.FeedServer;
import dev.imagescan.testing.OsvFeeds;
import dev.imagescan.testing.aws.LocalAws;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.osv.OsvLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DatabaseUpdateService} against a real S3 API ({@link LocalAws}) and real OSV zips served over HTTP on
 * loopback, built from the records of the bundled snapshot.
 */
class DatabaseUpdateServiceTest {
    /** The feed server is plain http on loopback, as a local mirror would be. */
    private static final OsvLimits LIMITS = OsvLimits.DEFAULT.withTimeouts(Duration.ofSeconds(5),
            Duration.ofSeconds(30)).withPlainHttp(true);
    private static final Map<String, byte[]> ALPINE = OsvFeeds.snapshot("alpine");
    private static final Map<String, byte[]> DEBIAN = OsvFeeds.snapshot("debian");

    private final LocalAws aws = LocalAws.get();
    private final ObjectStore store = new S3ObjectStore(aws.s3(), aws.createBucket());
    private final FeedServer server = new FeedServer();
    private final List<String> feeds = List.of(server.url("/alpine/all.zip"), server.url("/debian/all.zip"));

    @TempDir
    Path scratch;

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Strict: a feed that fails or shrinks fails the update (see DatabaseUpdateIncrementalTest for the default). */
    private DatabaseUpdateService service(double maxDrop) {
        return new DatabaseUpdateService(store, feeds, maxDrop, LIMITS, scratch, Clock.systemUTC(), false);
    }

    private void serveFullFeeds() {
        server.serve("/alpine/all.zip", OsvFeeds.zip(ALPINE));
        server.serve("/debian/all.zip", OsvFeeds.zip(DEBIAN));
    }

    @Test
    void aFirstUpdatePublishesTheDatabaseThenTheSameFeedsChangeNothing() throws IOException {
        serveFullFeeds();
        UpdateOutcome first = service(0.5).update();

        assertThat(first.problems()).isEmpty();
        assertThat(first.status()).isEqualTo(Status.UPDATED);
        assertThat(first.previousKey()).isNull();
        assertThat(first.advisories()).isEqualTo(ALPINE.size() + DEBIAN.size());
        assertThat(first.recordsPerFeed()).containsExactly(Map.entry(feeds.get(0), (long) ALPINE.size()),
                Map.entry(feeds.get(1), (long) DEBIAN.size()));
        assertThat(first.key()).isEqualTo("vulndb/" + first.dbVersion() + "/vulndb.bin")
                .isEqualTo(DatabaseUpdateService.artifactKey(first.dbVersion()));
        assertThat(first.dbVersion()).matches("sha256:[0-9a-f]{64}");
        assertThat(pointer()).isEqualTo(first.key());

        byte[] artifact;
        try (InputStream in = store.get(first.key())) {
            artifact = in.readAllBytes();
        }
        VulnDatabase stored = VulnDatabases.load(artifact);
        assertThat(stored.info().digest()).isEqualTo(first.dbVersion());
        assertThat(stored.info().sources()).containsExactlyElementsOf(feeds);

        CurrentDatabase current = new CurrentDatabase(store, Duration.ZERO, Clock.systemUTC(),
                BundledDatabase::load);
        VulnDatabase served = current.current();
        assertThat(served).isNotSameAs(BundledDatabase.load());
        assertThat(served.info().digest()).isEqualTo(first.dbVersion());
        assertThat(served.info().advisories()).isEqualTo(ALPINE.size() + DEBIAN.size());
        assertThat(served.lookup("Alpine:v3.20", "musl").stream().map(a -> a.advisory().id()))
                .as("a record of the Alpine feed is matched").isNotEmpty();

        byte[] pointerBefore = pointerBytes();
        ObjectInfo artifactBefore = store.head(first.key()).orElseThrow();
        UpdateOutcome second = service(0.5).update();
        assertThat(second.status()).isEqualTo(Status.UNCHANGED);
        assertThat(second.dbVersion()).isEqualTo(first.dbVersion());
        assertThat(second.previousKey()).isEqualTo(first.key());
        assertThat(second.previousAdvisories()).isEqualTo(first.advisories());
        assertThat(pointerBytes()).isEqualTo(pointerBefore);
        assertThat(store.head(first.key()).orElseThrow().lastModified()).isEqualTo(artifactBefore.lastModified());
        assertThat(vulndbKeys()).containsExactlyInAnyOrder(StoreKeys.VULNDB_CURRENT, first.key());
    }

    @Test
    void aChangedFeedPublishesANewVersionAndMovesThePointer() {
        serveFullFeeds();
        UpdateOutcome first = service(0.5).update();
        assertThat(first.status()).isEqualTo(Status.UPDATED);

        server.serve("/debian/all.zip", OsvFeeds.zip(OsvFeeds.first(DEBIAN, DEBIAN.size() - 1)));
        UpdateOutcome second = service(0.5).update();
        assertThat(second.status()).isEqualTo(Status.UPDATED);
        assertThat(second.dbVersion()).isNotEqualTo(first.dbVersion());
        assertThat(second.previousKey()).isEqualTo(first.key());
        assertThat(second.advisories()).isEqualTo(first.advisories() - 1);
        assertThat(pointer()).isEqualTo(second.key());
        assertThat(vulndbKeys()).containsExactlyInAnyOrder(StoreKeys.VULNDB_CURRENT, first.key(), second.key());

        CurrentDatabase current = new CurrentDatabase(store, Duration.ZERO, Clock.systemUTC(),
                BundledDatabase::load);
        assertThat(current.current().info().digest()).isEqualTo(second.dbVersion());

        server.serve("/debian/all.zip", OsvFeeds.zip(DEBIAN));
        UpdateOutcome back = service(0.5).update();
        assertThat(back.status()).as("the first artifact is still there: only the pointer moves")
                .isEqualTo(Status.UPDATED);
        assertThat(back.key()).isEqualTo(first.key());
        assertThat(back.notes()).anyMatch(n -> n.contains("already uploaded"));
        assertThat(pointer()).isEqualTo(first.key());
    }

    /** Each way a feed can go wrong, after a good update: FAILED naming the feed, the pointer's bytes unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {"corrupt-zip", "404", "500", "truncated-download", "truncated-zip", "html", "empty-zip",
            "json-not-osv"})
    void aBadFeedFailsTheUpdateAndLeavesThePointerAlone(String fault) {
        serveFullFeeds();
        UpdateOutcome good = service(0.5).update();
        assertThat(good.status()).isEqualTo(Status.UPDATED);
        byte[] pointerBefore = pointerBytes();
        List<String> keysBefore = vulndbKeys();

        byte[] zip = OsvFeeds.zip(DEBIAN);
        Consumer<String> breakDebian = switch (fault) {
            case "corrupt-zip" -> p -> {
                byte[] bad = zip.clone();
                Arrays.fill(bad, 30, bad.length - 30, (byte) 0x5a);
                server.serve(p, bad);
            };
            case "404" -> p -> server.serve("/elsewhere.zip", zip);
            case "500" -> p -> server.serve(p, 500, "text/plain", "internal error".getBytes(StandardCharsets.UTF_8));
            case "truncated-download" -> p -> server.serveTruncated(p, zip);
            case "truncated-zip" -> p -> server.serve(p, Arrays.copyOf(zip, zip.length / 2));
            case "html" -> p -> server.serve(p, 200, "text/html",
                    "<!DOCTYPE html><html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
            case "empty-zip" -> p -> server.serve(p, OsvFeeds.zip(Map.of()));
            case "json-not-osv" -> p -> server.serve(p, 200, "application/json",
                    "{\"error\":\"rate limited\"}".getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException(fault);
        };
        if (fault.equals("404")) {
            server.serve("/debian/all.zip", zip);
            UpdateOutcome same = new DatabaseUpdateService(store, List.of(feeds.get(0), server.url("/missing.zip")),
                    0.5, LIMITS, scratch).update();
            assertFailedOn(same, server.url("/missing.zip"), "HTTP status 404");
        } else {
            breakDebian.accept("/debian/all.zip");
            UpdateOutcome outcome = service(0.5).update();
            assertFailedOn(outcome, feeds.get(1), switch (fault) {
                case "corrupt-zip", "truncated-zip" -> "not a readable zip archive";
                case "500" -> "HTTP status 500";
                case "truncated-download" -> "download failed";
                case "html" -> "malformed JSON";
                case "empty-zip" -> "holds no OSV record";
                case "json-not-osv" -> "missing 'id'";
                default -> throw new IllegalArgumentException(fault);
            });
            assertThat(outcome.recordsPerFeed()).containsOnlyKeys(feeds.get(0));
            assertThat(outcome.previousKey()).isEqualTo(good.key());
        }
        assertThat(pointerBytes()).isEqualTo(pointerBefore);
        assertThat(vulndbKeys()).isEqualTo(keysBefore);
    }

    private static void assertFailedOn(UpdateOutcome outcome, String feed, String reasonContains) {
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).hasSize(1);
        Problem problem = outcome.problems().get(0);
        assertThat(problem.feed()).isEqualTo(feed);
        assertThat(problem.reason()).contains(reasonContains).as("the feed is named once, by the problem")
                .doesNotStartWith(feed);
        assertThat(outcome.dbVersion()).isNull();
    }

    @Test
    void everyFailingFeedIsReportedNotOnlyTheFirst() {
        server.serve("/alpine/all.zip", 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
        server.serve("/debian/all.zip", 200, "text/html", "<html></html>".getBytes(StandardCharsets.UTF_8));
        UpdateOutcome outcome = service(0.5).update();
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).extracting(Problem::feed).containsExactlyElementsOf(feeds);
        assertThat(outcome.problems().get(0).reason()).contains("503");
        assertThat(vulndbKeys()).as("nothing written, no pointer").isEmpty();
    }

    @Test
    void feedsThatLostNinetyPercentOfTheirRecordsDoNotReplaceTheDatabase() {
        serveFullFeeds();
        UpdateOutcome good = service(0.5).update();
        byte[] pointerBefore = pointerBytes();

        server.serve("/alpine/all.zip", OsvFeeds.zip(OsvFeeds.first(ALPINE, ALPINE.size() / 10)));
        server.serve("/debian/all.zip", OsvFeeds.zip(OsvFeeds.first(DEBIAN, DEBIAN.size() / 10)));
        UpdateOutcome outcome = service(0.5).update();

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).extracting(Problem::feed).containsExactly(null, feeds.get(0), feeds.get(1));
        assertThat(outcome.problems().get(0).reason()).contains("fewer than the " + good.advisories())
                .contains("50.0 %");
        assertThat(outcome.advisories()).isEqualTo(ALPINE.size() / 10 + DEBIAN.size() / 10);
        assertThat(outcome.previousAdvisories()).isEqualTo(good.advisories());
        assertThat(pointerBytes()).isEqualTo(pointerBefore);
        assertThat(vulndbKeys()).containsExactlyInAnyOrder(StoreKeys.VULNDB_CURRENT, good.key());

        UpdateOutcome allowed = service(0.95).update();
        assertThat(allowed.status()).as("a drop within the configured fraction").isEqualTo(Status.UPDATED);
        assertThat(pointer()).isEqualTo(allowed.key());
    }

    @Test
    void aFeedThatLostMostOfItsRecordsFailsTheUpdateWhenItsEcosystemAndTheTotalStayWithinBounds() throws IOException {
        Map<String, byte[]> firstHalf = OsvFeeds.first(DEBIAN, DEBIAN.size() / 2);
        Map<String, byte[]> secondHalf = new LinkedHashMap<>(DEBIAN);
        secondHalf.keySet().removeAll(firstHalf.keySet());
        List<String> three = List.of(server.url("/alpine/all.zip"), server.url("/debian-a/all.zip"),
                server.url("/debian-b/all.zip"));
        server.serve("/alpine/all.zip", OsvFeeds.zip(ALPINE));
        server.serve("/debian-a/all.zip", OsvFeeds.zip(firstHalf));
        server.serve("/debian-b/all.zip", OsvFeeds.zip(secondHalf));
        UpdateOutcome good = new DatabaseUpdateService(store, three, 0.5, LIMITS, scratch, Clock.systemUTC(), false).update();
        assertThat(good.status()).as(good.problems().toString()).isEqualTo(Status.UPDATED);
        try (InputStream in = store.get(DatabaseUpdateService.feedsKey(good.dbVersion()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ALPINE.size() + "\t"
                    + three.get(0) + "\n" + firstHalf.size() + "\t" + three.get(1) + "\n" + secondHalf.size()
                    + "\t" + three.get(2) + "\n");
        }
        byte[] pointerBefore = pointerBytes();

        int kept = secondHalf.size() / 10;
        server.serve("/debian-b/all.zip", OsvFeeds.zip(OsvFeeds.first(secondHalf, kept)));
        UpdateOutcome outcome = new DatabaseUpdateService(store, three, 0.6, LIMITS, scratch, Clock.systemUTC(), false).update();

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).as("Debian as a whole, and the total, lost less than 60 %").singleElement()
                .satisfies(p -> {
            assertThat(p.feed()).isEqualTo(three.get(2));
            assertThat(p.reason()).startsWith("holds " + kept + " records, ")
                    .contains("fewer than the " + secondHalf.size() + " it gave the current database")
                    .endsWith("is the feed truncated?");
        });
        assertThat(pointerBytes()).isEqualTo(pointerBefore);
    }

    @Test
    void downloadsEndInTimeToBuildAndUploadBeforeTheInvocationDoes() {
        serveFullFeeds();

        UpdateOutcome outcome = service(0.5).update(DatabaseUpdateService.BUILD_RESERVE.minusSeconds(10));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).extracting(Problem::feed).containsExactlyElementsOf(feeds);
        assertThat(outcome.problems()).allSatisfy(p -> assertThat(p.reason())
                .startsWith("not downloaded: the invocation has no time left for it"));
        assertThat(vulndbKeys()).isEmpty();

        UpdateOutcome inTime = service(0.5).update(DatabaseUpdateService.BUILD_RESERVE.plusSeconds(120));
        assertThat(inTime.status()).as(inTime.problems().toString()).isEqualTo(Status.UPDATED);
    }

    @Test
    void oneFeedThatLostNinetyPercentFailsTheUpdateEvenWhenTheTotalDropIsWithinBounds() {
        serveFullFeeds();
        UpdateOutcome good = service(0.5).update();
        byte[] pointerBefore = pointerBytes();

        server.serve("/debian/all.zip", OsvFeeds.zip(OsvFeeds.first(DEBIAN, DEBIAN.size() / 10)));
        UpdateOutcome outcome = service(0.5).update();

        assertThat(outcome.advisories()).as("the total falls by less than half").isGreaterThan(good.advisories() / 2);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).singleElement().satisfies(p -> {
            assertThat(p.feed()).isEqualTo(feeds.get(1));
            assertThat(p.reason()).startsWith("holds " + DEBIAN.size() / 10 + " records, ")
                    .contains("is the feed truncated?");
        });
        assertThat(pointerBytes()).isEqualTo(pointerBefore);
        assertThat(vulndbKeys()).containsExactlyInAnyOrder(StoreKeys.VULNDB_CURRENT, good.key());
    }

    @Test
    void anArtifactThatDoesNotReadBackWholeIsNeverMadeCurrent() {
        serveFullFeeds();
        UpdateOutcome good = service(0.5).update();
        byte[] pointerBefore = pointerBytes();
        server.serve("/debian/all.zip", OsvFeeds.zip(OsvFeeds.first(DEBIAN, DEBIAN.size() - 1)));

        ObjectStore shortReads = new ForwardingObjectStore(store) {
            @Override
            public Optional<ObjectInfo> head(String key) {
                return store.head(key).map(i -> key.endsWith("/vulndb.bin") && !key.equals(good.key())
                        ? new ObjectInfo(i.key(), i.size() - 1, i.etag(), i.lastModified()) : i);
            }
        };
        UpdateOutcome outcome = new DatabaseUpdateService(shortReads, feeds, 0.5, LIMITS, scratch, Clock.systemUTC(), false).update();

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .startsWith("publishing " + outcome.key() + " failed").contains("bytes after its upload"));
        assertThat(pointerBytes()).isEqualTo(pointerBefore);

        ObjectStore badEtag = new ForwardingObjectStore(store) {
            @Override
            public Optional<ObjectInfo> head(String key) {
                return store.head(key).map(i -> key.equals(outcome.key())
                        ? new ObjectInfo(i.key(), i.size(), "0123456789abcdef0123456789abcdef", i.lastModified()) : i);
            }
        };
        UpdateOutcome again = new DatabaseUpdateService(badEtag, feeds, 0.5, LIMITS, scratch, Clock.systemUTC(), false).update();
        assertThat(again.status()).isEqualTo(Status.FAILED);
        assertThat(again.problems().get(0).reason()).contains("has etag 0123456789abcdef0123456789abcdef");
        assertThat(pointerBytes()).isEqualTo(pointerBefore);

        UpdateOutcome honest = service(0.5).update();
        assertThat(honest.status()).isEqualTo(Status.UPDATED);
        assertThat(pointer()).isEqualTo(outcome.key());
    }

    @Test
    void anUnreadablePointerIsNotedAndReplacedByAVerifiedDatabase() {
        store.put(StoreKeys.VULNDB_CURRENT, "garbage".getBytes(StandardCharsets.UTF_8),
                DatabaseUpdateService.POINTER);
        serveFullFeeds();
        UpdateOutcome outcome = service(0.5).update();
        assertThat(outcome.status()).isEqualTo(Status.UPDATED);
        assertThat(outcome.notes()).anyMatch(n -> n.contains("does not hold an artifact key"));
        assertThat(pointer()).isEqualTo(outcome.key());
    }

    @Test
    void badSettingsAreRefusedUpFront() {
        assertThatThrownBy(() -> new DatabaseUpdateService(store, List.of(), 0.5, LIMITS, scratch))
                .hasMessageContaining("no feed");
        assertThatThrownBy(() -> new DatabaseUpdateService(store, List.of("a", "a"), 0.5, LIMITS, scratch))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new DatabaseUpdateService(store, feeds, 1.5, LIMITS, scratch))
                .hasMessageContaining("fraction");
        assertThatThrownBy(() -> new DatabaseUpdateService(store, feeds, Double.NaN, LIMITS, scratch))
                .hasMessageContaining("fraction");
    }

    private String pointer() {
        return new String(pointerBytes(), StandardCharsets.UTF_8);
    }

    private byte[] pointerBytes() {
        try (InputStream in = store.get(StoreKeys.VULNDB_CURRENT)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> vulndbKeys() {
        Map<String, ObjectInfo> keys = new LinkedHashMap<>();
        store.list(StoreKeys.VULNDB, 1000, null).items().stream()
                .filter(o -> !o.key().endsWith("/" + DatabaseUpdateService.FEEDS_NAME)) // an artifact's companion
                .filter(o -> !o.key().startsWith(SourceOutputs.PREFIX)) // the sources' kept reads
                .forEach(o -> keys.put(o.key(), o));
        return List.copyOf(keys.keySet());
    }
    @Test
    void severityAndExploitationFeedsAreReadAndGuardedLikeTheOthers() throws IOException {
        serveFullFeeds();
        String kevPath = "/sites/default/files/feeds/known_exploited_vulnerabilities.json";
        String nvdPath = "/feeds/json/cve/2.0/nvdcve-2.0-2026.json.gz";
        byte[] catalog = resource("/vulndb/kev/valid-catalog-1.json");
        server.serve(kevPath, catalog);
        server.serve(nvdPath, dev.imagescan.testing.Gzip.compress(java.nio.file.Files.readAllBytes(
                OsvFeeds.repositoryRoot().resolve("shared/core/src/main/vulndb-nvd/nvdcve-2.0-snapshot.json"))));
        List<String> withSignals = List.of(feeds.get(0), feeds.get(1), "nvd=" + server.url(nvdPath),
                "kev=" + server.url(kevPath));

        UpdateOutcome first = new DatabaseUpdateService(store, withSignals, 0.5, LIMITS, scratch).update();

        assertThat(first.problems()).isEmpty();
        assertThat(first.status()).isEqualTo(Status.UPDATED);
        assertThat(first.recordsPerFeed()).containsEntry("nvd:" + server.url(nvdPath), 15L)
                .containsEntry("kev:" + server.url(kevPath), 3L);
        VulnDatabase stored;
        try (InputStream in = store.get(first.key())) {
            stored = VulnDatabases.load(in);
        }
        assertThat(stored.signals("CVE-2025-15467")).isPresent();
        assertThat(stored.info().sourceRecords()).containsEntry("kev:" + server.url(kevPath), 3L);

        // the catalog cut to its first entry (built here from the real one): refused as shrunk, the rest kept as is
        String text = new String(catalog, StandardCharsets.UTF_8);
        int second = text.indexOf("{", text.indexOf("\"cveID\": \"CVE-2025-0108\""));
        String cut = text.substring(0, text.lastIndexOf("}", second) + 1) + "\n  ]\n}\n";
        server.serve(kevPath, cut.getBytes(StandardCharsets.UTF_8));
        UpdateOutcome shrunk = new DatabaseUpdateService(store, withSignals, 0.5, LIMITS, scratch, Clock.systemUTC(),
                false).update();

        assertThat(shrunk.status()).as("strict").isEqualTo(Status.FAILED);
        assertThat(shrunk.problems()).singleElement().satisfies(p -> {
            assertThat(p.feed()).isEqualTo("kev:" + server.url(kevPath));
            assertThat(p.reason()).startsWith("holds 1 records, 66.7 % fewer than the 3");
        });
        assertThat(pointer()).isEqualTo(first.key());

        server.serve(kevPath, 500, "text/plain", new byte[0]);
        UpdateOutcome failed = new DatabaseUpdateService(store, withSignals, 0.5, LIMITS, scratch, Clock.systemUTC(),
                false).update();
        assertThat(failed.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("HTTP status 500"));
        assertThat(pointer()).isEqualTo(first.key());

        // by default the failing feed's last good read is kept, the others updated, and the failure recorded
        UpdateOutcome kept = new DatabaseUpdateService(store, withSignals, 0.5, LIMITS, scratch).update();
        assertThat(kept.problems()).isEmpty();
        assertThat(kept.status()).isEqualTo(Status.UPDATED);
        VulnDatabase withError;
        try (InputStream in = store.get(kept.key())) {
            withError = VulnDatabases.load(in);
        }
        assertThat(withError.signals("CVE-2025-15467")).isPresent();
        assertThat(withError.info().sourceRecords()).containsEntry("kev:" + server.url(kevPath), 3L);
        assertThat(withError.info().status("kev:" + server.url(kevPath)).lastError())
                .isEqualTo(server.url(kevPath) + ": HTTP status 500 (expected 200)");
        assertThat(withError.info().status("nvd:" + server.url(nvdPath)).lastError()).isNull();
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = DatabaseUpdateServiceTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
