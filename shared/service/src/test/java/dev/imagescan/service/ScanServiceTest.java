package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.JobOutcome.Status;
import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanKey;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.backed.ObjectStoreLayerCache;
import dev.imagescan.store.memory.InMemoryCompletionQueue;
import dev.imagescan.store.memory.InMemoryEventBus;
import dev.imagescan.store.memory.InMemoryObjectStore;
import dev.imagescan.store.memory.InMemoryPolicyStore;
import dev.imagescan.store.memory.InMemoryQueue;
import dev.imagescan.store.memory.InMemoryScanTable;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.Databases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scan service's state machines on the in-memory ports (fast, no server): a push scanned once and recorded in
 * order; repeats skipped by the scan's status and by the claim; a claim held by another retried until its lease ends;
 * bad input failed without retry; a passing failure retried, then given up on the last delivery; a re-match reading
 * no layer; a periodic run re-judging an image whose policy changed; a finished scan published once. The same flows
 * run end to end against the AWS adapters on the local servers in the function modules' tests.
 */
class ScanServiceTest {
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final String KEY = "incoming/alpine.tar";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final CountingStore store = new CountingStore(new InMemoryObjectStore(clock));
    private final InMemoryScanTable table = new InMemoryScanTable(clock);
    private final InMemoryPolicyStore policyStore = new InMemoryPolicyStore(clock);
    private final InMemoryCompletionQueue completions = new InMemoryCompletionQueue(clock);
    private final AtomicReference<VulnDatabase> database = new AtomicReference<>();
    private PolicyService policies;
    private ScanService service;
    private String etag;

    @BeforeEach
    void setUp() throws IOException {
        database.set(BundledDatabase.load());
        policies = new PolicyService(policyStore, Duration.ZERO, clock);
        VerdictService verdicts = new VerdictService(store, table.images(), policies, clock);
        service = new ScanService(store, table, database::get, ScanOptions.defaults(),
                new ObjectStoreLayerCache(store, table.layers(), clock), clock, LEASE, verdicts, completions);
        etag = store.put(KEY, Files.readAllBytes(Corpus.image("alpine-3.20.3.oci.tar")), PutOptions.BINARY);
    }

    @Test
    void aPushIsScannedAndRecordedAndAnnouncedOnce() {
        JobOutcome outcome = service.scanPushed(KEY, etag, new Delivery(1, 3));

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(Status.DONE);
        String digest = outcome.imageDigest();
        String dbVersion = database.get().info().digest();
        assertThat(store.objects()).contains(StoreKeys.imageInventory(digest), StoreKeys.imageReport(digest, dbVersion),
                StoreKeys.imageVerdict(digest));
        ImageRecord image = table.images().get(digest).orElseThrow();
        assertThat(image.lastScanId()).isEqualTo(outcome.scanId());
        assertThat(image.dbVersion()).isEqualTo(dbVersion);
        assertThat(image.analyzerKey()).isEqualTo(service.analyzerKey());
        assertThat(image.sourceKey()).isEqualTo(KEY);
        assertThat(image.verdict()).as("a High with a fix, by the default policy").isEqualTo("BLOCKED");
        assertThat(image.counts().high()).isPositive();
        assertThat(table.scans().get(outcome.scanId()).orElseThrow().status()).isEqualTo(ScanStatus.DONE);
        ScanClaim claim = table.claims().get(new ScanKey(digest, dbVersion, service.analyzerKey())).orElseThrow();
        assertThat(claim.state()).isEqualTo(ScanClaim.State.DONE);
        assertThat(claim.scanId()).isEqualTo(outcome.scanId());
        List<ScanCompleted> sent = drain(completions);
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(ScanCompleted.Kind.SCANNED);
            assertThat(m.reportKey()).isEqualTo(StoreKeys.imageReport(digest, dbVersion));
            assertThat(m.verdict()).isEqualTo("BLOCKED");
        });

        JobOutcome again = service.scanPushed(KEY, etag, new Delivery(1, 3));
        assertThat(again.status()).isEqualTo(Status.SKIPPED);
        assertThat(again.message()).contains("already DONE");
        assertThat(drain(completions)).as("nothing announced twice").isEmpty();
    }

    @Test
    void theSameImageUnderAnotherKeyIsSkippedByTheClaimReadingNoLayer() throws IOException {
        JobOutcome first = service.scanPushed(KEY, etag, new Delivery(1, 3));
        drain(completions);
        String copy = "incoming/copy.tar";
        String copyTag = store.put(copy, Files.readAllBytes(Corpus.image("alpine-3.20.3.oci.tar")), PutOptions.BINARY);
        store.reset();

        JobOutcome second = service.scanPushed(copy, copyTag, new Delivery(1, 3));

        assertThat(second.status()).as(second.toString()).isEqualTo(Status.SKIPPED);
        assertThat(second.message()).contains("by scan " + first.scanId());
        assertThat(second.imageDigest()).isEqualTo(first.imageDigest());
        assertThat(store.bytesRead("layers/")).isZero();
        assertThat(table.scans().get(second.scanId()).orElseThrow().status()).isEqualTo(ScanStatus.DONE);
        assertThat(drain(completions)).isEmpty();
    }

    @Test
    void aClaimHeldByAnotherScanIsRetriedUntilItsLeaseEnds() {
        String digest = digestOfPush();
        ScanKey key = new ScanKey(digest, database.get().info().digest(), service.analyzerKey());
        assertThat(table.claims().claim(key, "other-scan", LEASE).acquired()).isTrue();

        JobOutcome held = service.scanPushed(KEY, etag, new Delivery(1, 3));
        assertThat(held.status()).as(held.toString()).isEqualTo(Status.RETRY);
        assertThat(held.message()).contains("other-scan");
        assertThat(table.claims().get(key).orElseThrow().owner()).isEqualTo("other-scan");
        assertThat(store.objects()).doesNotContain(StoreKeys.imageInventory(digest));

        clock.advance(LEASE.plusSeconds(1));
        JobOutcome later = service.scanPushed(KEY, etag, new Delivery(2, 3));
        assertThat(later.status()).as(later.toString()).isEqualTo(Status.DONE);
        assertThat(table.claims().get(key).orElseThrow().scanId()).isEqualTo(later.scanId());
    }

    @Test
    void badInputFailsTheScanWithItsReasonAndIsNotRetried() {
        String bad = "incoming/not-an-image.tar";
        String badTag = store.put(bad, "this is no image".getBytes(StandardCharsets.UTF_8), PutOptions.BINARY);

        JobOutcome outcome = service.scanPushed(bad, badTag, new Delivery(1, 3));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.status().acknowledged()).isTrue();
        var scan = table.scans().get(outcome.scanId()).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(scan.error()).isEqualTo(outcome.message()).isNotBlank();
        assertThat(drain(completions)).isEmpty();
    }

    @Test
    void aPassingFailureReleasesTheClaimAndIsRetriedThenGivenUpOnTheLastDelivery() {
        String digest = digestOfPush();
        ScanKey key = new ScanKey(digest, database.get().info().digest(), service.analyzerKey());
        store.failPutsUnder("images/" + digest + "/report-");

        JobOutcome first = service.scanPushed(KEY, etag, new Delivery(1, 3));
        assertThat(first.status()).as(first.toString()).isEqualTo(Status.RETRY);
        assertThat(first.status().acknowledged()).isFalse();
        assertThat(table.claims().get(key)).as("released for the next attempt").isEmpty();
        assertThat(table.scans().get(first.scanId()).orElseThrow().status()).isEqualTo(ScanStatus.RUNNING);

        JobOutcome last = service.scanPushed(KEY, etag, new Delivery(3, 3));
        assertThat(last.status()).isEqualTo(Status.GAVE_UP);
        var scan = table.scans().get(last.scanId()).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(scan.error()).startsWith("gave up after 3 attempts: ");
        assertThat(drain(completions)).isEmpty();

        store.failPutsUnder(null);
        JobOutcome after = service.scanPushed(KEY, etag, new Delivery(1, 3));
        assertThat(after.status()).as("a FAILED scan is final").isEqualTo(Status.SKIPPED);
    }

    @Test
    void aReMatchWithANewDatabaseReadsTheStoredInventoryAndNoLayer() throws IOException {
        JobOutcome push = service.scanPushed(KEY, etag, new Delivery(1, 3));
        drain(completions);
        VulnDatabase newer = VulnDatabases.load(Databases.empty(Instant.parse("2026-11-28T00:00:00Z")));
        database.set(newer);
        store.reset();

        JobOutcome rematch = service.run(new ScanJob("periodic-1", push.imageDigest(), null, ScanTrigger.PERIODIC, 1),
                new Delivery(1, 3));

        assertThat(rematch.status()).as(rematch.toString()).isEqualTo(Status.DONE);
        assertThat(store.bytesRead("incoming/") + store.bytesRead("layers/")).isZero();
        assertThat(store.bytesRead(StoreKeys.imageInventory(push.imageDigest()))).isPositive();
        ImageRecord image = table.images().get(push.imageDigest()).orElseThrow();
        assertThat(image.dbVersion()).isEqualTo(newer.info().digest());
        assertThat(image.counts().total()).isZero();
        assertThat(drain(completions)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(ScanCompleted.Kind.SCANNED);
            assertThat(m.previousReportKey())
                    .isEqualTo(StoreKeys.imageReport(push.imageDigest(), BundledDatabase.load().info().digest()));
        });
    }

    @Test
    void aPeriodicRunOfAnImageAlreadyDoneJudgesItAgainWhenThePolicyChanged() {
        JobOutcome push = service.scanPushed(KEY, etag, new Delivery(1, 3));
        drain(completions);
        ScanJob periodic = new ScanJob("periodic-1", push.imageDigest(), null, ScanTrigger.PERIODIC, 1);

        JobOutcome unchanged = service.run(periodic, new Delivery(1, 3));
        assertThat(unchanged.status()).isEqualTo(Status.SKIPPED);
        assertThat(unchanged.message()).contains("verdict still BLOCKED by policy default");
        assertThat(drain(completions)).isEmpty();

        policies.put("{\"version\": 2, \"blockAt\": null}".getBytes(StandardCharsets.UTF_8), null);
        JobOutcome rejudged = service.run(new ScanJob("periodic-2", push.imageDigest(), null, ScanTrigger.PERIODIC, 1),
                new Delivery(1, 3));

        assertThat(rejudged.status()).isEqualTo(Status.SKIPPED);
        assertThat(rejudged.message()).contains("verdict now ALLOWED by policy 2 (was BLOCKED by policy default)");
        ImageRecord image = table.images().get(push.imageDigest()).orElseThrow();
        assertThat(image.verdict()).isEqualTo("ALLOWED");
        assertThat(image.policyVersion()).isEqualTo("2");
        assertThat(image.lastScanId()).as("the scan that did the work").isEqualTo(push.scanId());
        assertThat(drain(completions)).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(ScanCompleted.Kind.REJUDGED);
            assertThat(m.verdict()).isEqualTo("ALLOWED");
            assertThat(m.previousVerdict()).isEqualTo("BLOCKED");
        });
        assertThat(store.tags(KEY)).containsEntry(VerdictService.TAG, "ALLOWED");
    }

    @Test
    void aFinishedScanIsPublishedOnceAndAFailingBusIsRetriedWithoutAMarker() {
        service.scanPushed(KEY, etag, new Delivery(1, 3));
        ScanCompleted done = drain(completions).get(0);
        InMemoryEventBus bus = new InMemoryEventBus();
        PublishService publisher = new PublishService(store, table.images(), bus, "bucket", clock);

        bus.failNext(1);
        JobOutcome failed = publisher.publish(done, new Delivery(1, 3));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(Status.RETRY);
        assertThat(store.objects()).noneMatch(k -> k.endsWith("/published.json"));

        JobOutcome published = publisher.publish(done, new Delivery(2, 3));
        assertThat(published.status()).as(published.toString()).isEqualTo(Status.DONE);
        int events = bus.events().size();
        assertThat(events).isPositive();
        String prefix = "reports/" + done.imageDigest() + "/" + done.scanId() + "/";
        assertThat(store.objects()).contains(prefix + "report.json", prefix + "report.sarif",
                prefix + "report.cdx.json", prefix + "report.html", prefix + "published.json");

        JobOutcome again = publisher.publish(done, new Delivery(1, 3));
        assertThat(again.status()).isEqualTo(Status.SKIPPED);
        assertThat(bus.events()).as("nothing announced twice").hasSize(events);
    }

    /** The digest the pushed archive's image has, learnt from a scan in a throw-away service of its own. */
    private String digestOfPush() {
        InMemoryObjectStore objects = new InMemoryObjectStore(clock);
        InMemoryScanTable scratch = new InMemoryScanTable(clock);
        try (InputStream in = store.get(KEY)) {
            objects.put(KEY, in.readAllBytes(), PutOptions.BINARY);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        PolicyService defaults = new PolicyService(new InMemoryPolicyStore(clock), Duration.ZERO, clock);
        ScanService other = new ScanService(objects, scratch, database::get, ScanOptions.defaults(),
                new InMemoryLayerCache(), clock, LEASE, new VerdictService(objects, scratch.images(), defaults, clock),
                new InMemoryCompletionQueue(clock));
        return other.scanPushed(KEY, etag, new Delivery(1, 3)).imageDigest();
    }

    private static List<ScanCompleted> drain(InMemoryQueue queue) {
        List<ScanCompleted> messages = new ArrayList<>();
        for (InMemoryQueue.Message m : queue.receive(InMemoryQueue.MAX_RECEIVE)) {
            messages.add(ScanCompleted.fromJson(m.body()));
            queue.delete(m.receiptHandle());
        }
        return messages;
    }

    /** Counts bytes read per key, and fails puts under one prefix on demand (a passing store failure). */
    private static final class CountingStore extends ForwardingObjectStore {
        private final Map<String, AtomicInteger> read = new ConcurrentHashMap<>();
        private volatile String failPrefix;

        CountingStore(ObjectStore delegate) {
            super(delegate);
        }

        void reset() {
            read.clear();
        }

        void failPutsUnder(String prefix) {
            failPrefix = prefix;
        }

        long bytesRead(String prefix) {
            return read.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        List<String> objects() {
            List<String> keys = new ArrayList<>();
            String token = null;
            do {
                var page = delegate.list("", 1000, token);
                page.items().forEach(i -> keys.add(i.key()));
                token = page.nextToken();
            } while (token != null);
            return keys;
        }

        @Override
        public String put(String key, byte[] bytes, PutOptions options) {
            if (failPrefix != null && key.startsWith(failPrefix)) {
                throw new StoreException("injected: the store is unavailable", null, true);
            }
            return delegate.put(key, bytes, options);
        }

        @Override
        public InputStream get(String key) {
            return counted(key, delegate.get(key));
        }

        @Override
        public InputStream get(String key, long offset, long length) {
            return counted(key, delegate.get(key, offset, length));
        }

        private InputStream counted(String key, InputStream in) {
            AtomicInteger bytes = read.computeIfAbsent(key, k -> new AtomicInteger());
            return new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytes.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        bytes.addAndGet(n);
                    }
                    return n;
                }
            };
        }
    }
}
