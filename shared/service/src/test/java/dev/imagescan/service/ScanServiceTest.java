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
import dev.imagescan.testing.ImageBuilder;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.Databases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    @TempDir
    Path temp;

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

    @Test
    void twoConcurrentDeliveriesOfTheSameJobDoTheWorkOnceAndTheOtherIsRetried() throws Exception {
        CountDownLatch oneReturned = new CountDownLatch(1);
        AtomicInteger claimedAndWaiting = new AtomicInteger();
        store.beforePut = key -> {
            if (key.endsWith("/inventory.json")) { // only the attempt holding the claim gets here
                claimedAndWaiting.incrementAndGet();
                await(oneReturned);
            }
        };
        CompletableFuture<JobOutcome> first = CompletableFuture.supplyAsync(
                () -> service.scanPushed(KEY, etag, new Delivery(1, 3)));
        CompletableFuture<JobOutcome> second = CompletableFuture.supplyAsync(
                () -> service.scanPushed(KEY, etag, new Delivery(1, 3)));
        JobOutcome returned = (JobOutcome) CompletableFuture.anyOf(first, second).get(60, TimeUnit.SECONDS);
        oneReturned.countDown();
        List<JobOutcome> outcomes = List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

        assertThat(returned.status()).as(returned.toString()).isEqualTo(Status.RETRY);
        assertThat(returned.message()).contains("another attempt of this scan (" + returned.scanId() + "/");
        assertThat(outcomes).extracting(JobOutcome::status).containsExactlyInAnyOrder(Status.DONE, Status.RETRY);
        assertThat(claimedAndWaiting).as("one attempt did the work").hasValue(1);
        assertThat(drain(completions)).as("announced once").hasSize(1);
        var scan = table.scans().get(returned.scanId()).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.DONE);
        ScanClaim claim = table.claims().get(new ScanKey(scan.imageDigest(), database.get().info().digest(),
                service.analyzerKey())).orElseThrow();
        assertThat(claim.scanId()).isEqualTo(scan.scanId());
        assertThat(claim.owner()).as("the attempt, not the scan").startsWith(scan.scanId() + "/")
                .hasSize(scan.scanId().length() + 17);

        JobOutcome redelivered = service.scanPushed(KEY, etag, new Delivery(2, 3));
        assertThat(redelivered.status()).isEqualTo(Status.SKIPPED);
        assertThat(redelivered.message()).contains("already DONE");
    }

    @Test
    void anAttemptThatDiedHoldingTheClaimBlocksItsOwnScanUntilTheLeaseEnds() {
        String digest = digestOfPush();
        ScanKey key = new ScanKey(digest, database.get().info().digest(), service.analyzerKey());
        String scanId = ScanService.pushScanId(KEY, etag);
        assertThat(table.claims().claim(key, scanId + "/0123456789abcdef", LEASE).acquired()).isTrue();

        JobOutcome onLastDelivery = service.scanPushed(KEY, etag, new Delivery(3, 3));
        assertThat(onLastDelivery.status()).as(onLastDelivery.toString()).isEqualTo(Status.RETRY);
        assertThat(table.scans().get(scanId).orElseThrow().status()).as("the holder may still finish it")
                .isEqualTo(ScanStatus.RUNNING);

        clock.advance(LEASE.plusSeconds(1));
        JobOutcome later = service.scanPushed(KEY, etag, new Delivery(3, 3));
        assertThat(later.status()).as(later.toString()).isEqualTo(Status.DONE);
    }

    @Test
    void aStackOverflowInOneScanOfABatchFailsThatScanReleasesItsClaimAndTheBatchGoesOn() throws IOException {
        errorInTheSecondOfThree(new StackOverflowError(), "the scan overflowed its stack");
    }

    @Test
    void runningOutOfMemoryInOneScanOfABatchFailsThatScanReleasesItsClaimAndTheBatchGoesOn() throws IOException {
        errorInTheSecondOfThree(new OutOfMemoryError("Java heap space"), "the scan ran out of memory");
    }

    private void errorInTheSecondOfThree(Error error, String reason) throws IOException {
        List<String> keys = List.of(KEY, "incoming/alpine-3.6.tar", "incoming/debian.tar");
        Map<String, String> etags = Map.of(KEY, etag,
                keys.get(1), store.put(keys.get(1), Files.readAllBytes(Corpus.image("alpine-3.6.5.oci.tar")),
                        PutOptions.BINARY),
                keys.get(2), store.put(keys.get(2),
                        Files.readAllBytes(Corpus.image("debian-bookworm-trimmed.oci.tar")), PutOptions.BINARY));
        AtomicInteger inventories = new AtomicInteger();
        store.beforePut = key -> {
            if (key.endsWith("/inventory.json") && inventories.incrementAndGet() == 2) {
                throw error; // the second job, once it holds its claim
            }
        };

        List<JobOutcome> outcomes = new ArrayList<>();
        for (String key : keys) {
            outcomes.add(service.scanPushed(key, etags.get(key), new Delivery(1, 3)));
        }

        assertThat(outcomes).extracting(JobOutcome::status).containsExactly(Status.DONE, Status.FAILED, Status.DONE);
        JobOutcome failed = outcomes.get(1);
        assertThat(failed.message()).startsWith(reason);
        var scan = table.scans().get(failed.scanId()).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(scan.error()).isEqualTo(failed.message());
        assertThat(table.claims().get(new ScanKey(failed.imageDigest(), database.get().info().digest(),
                service.analyzerKey()))).as("released").isEmpty();
        assertThat(drain(completions)).hasSize(2);
    }

    @Test
    void aScanThatRunsOutOfTheInvocationsTimeFailsForGoodAndReleasesItsClaim() {
        Instant end = clock.instant().plus(Duration.ofMinutes(14));
        store.beforeRangedGet = key -> {
            if (key.equals(KEY)) {
                clock.advance(Duration.ofSeconds(300)); // every ranged read of the archive takes 5 minutes
            }
        };

        JobOutcome outcome = service.scanPushed(KEY, etag, new Delivery(1, 3, end, Duration.ofMinutes(14)));

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).startsWith("the scan did not finish in the 825 s it had");
        assertThat(table.scans().get(outcome.scanId()).orElseThrow().status()).isEqualTo(ScanStatus.FAILED);
        assertThat(clock.instant()).as("stopped before the margin kept to record it")
                .isBefore(end.minus(ScanService.RECORD_MARGIN).plusSeconds(301));
        assertThat(table.claims().get(new ScanKey(outcome.imageDigest(), database.get().info().digest(),
                service.analyzerKey()))).isEmpty();
        assertThat(drain(completions)).isEmpty();
    }

    @Test
    void aScanStartedLateInABatchIsRetriedAndOneWithoutTimeToStartIsNotStarted() {
        Instant end = clock.instant().plus(Duration.ofMinutes(3));
        store.beforeRangedGet = key -> clock.advance(Duration.ofSeconds(100));

        // a 15-minute invocation with 3 minutes left: earlier jobs of the batch took the rest
        JobOutcome late = service.scanPushed(KEY, etag, new Delivery(1, 3, end, Duration.ofMinutes(15)));
        assertThat(late.status()).as(late.toString()).isEqualTo(Status.RETRY);
        assertThat(late.message()).contains("started late in its batch");
        assertThat(table.scans().get(late.scanId()).orElseThrow().status()).isEqualTo(ScanStatus.RUNNING);

        JobOutcome notStarted = service.scanPushed(KEY, etag, new Delivery(2, 3, clock.instant().plusSeconds(40),
                Duration.ofMinutes(15)));
        assertThat(notStarted.status()).isEqualTo(Status.RETRY);
        assertThat(notStarted.message()).startsWith("not started: 25 s left");
        assertThat(table.scans().get(late.scanId()).orElseThrow().attempts()).isEqualTo(1);
        JobOutcome lastNotStarted = service.run(new ScanJob("manual-last", null, KEY, ScanTrigger.MANUAL, 1),
                new Delivery(3, 3, clock.instant().plusSeconds(40), Duration.ofMinutes(15)));
        assertThat(lastNotStarted.status()).as("on the last delivery").isEqualTo(Status.GAVE_UP);
        assertThat(table.scans().get("manual-last").orElseThrow().status()).as("not left open")
                .isEqualTo(ScanStatus.FAILED);

        store.beforeRangedGet = key -> { };
        JobOutcome fresh = service.scanPushed(KEY, etag, new Delivery(3, 3, clock.instant().plusSeconds(900),
                Duration.ofSeconds(900)));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(Status.DONE);
    }

    @Test
    void thirtyThousandTagsAreCappedAndALaterUploadOnlyAddsTags() throws IOException {
        ImageBuilder many = ImageBuilder.image().layer(LayerBuilder.layer().file("etc/hostname", "x"));
        for (int i = 0; i < 30_000; i++) {
            many.repoTag("registry.example/team/app:build-" + i);
        }
        many.repoTag("registry.example/team/app:Not Valid");
        Path archive = many.writeDockerArchive(temp.resolve("many.tar"));
        String first = "incoming/first.tar";
        String firstTag = store.put(first, Files.readAllBytes(archive), PutOptions.BINARY);

        JobOutcome scanned = service.scanPushed(first, firstTag, new Delivery(1, 3));

        assertThat(scanned.status()).as(scanned.toString()).isEqualTo(Status.DONE);
        ImageRecord image = table.images().get(scanned.imageDigest()).orElseThrow();
        assertThat(image.tags()).hasSize(ImageNames.MAX_TAGS).startsWith("build-0").endsWith("build-99");
        assertThat(image.repository()).isEqualTo("registry.example/team/app");
        assertThat(image.sourceKey()).isEqualTo(first);

        Path copy = ImageBuilder.image().layer(LayerBuilder.layer().file("etc/hostname", "x"))
                .repoTag("evil.example/other:release").writeDockerArchive(temp.resolve("copy.tar"));
        String second = "incoming/second.tar";
        String secondTag = store.put(second, Files.readAllBytes(copy), PutOptions.BINARY);
        JobOutcome again = service.scanPushed(second, secondTag, new Delivery(1, 3));
        assertThat(again.imageDigest()).as("the same image").isEqualTo(scanned.imageDigest());

        ImageRecord after = table.images().get(scanned.imageDigest()).orElseThrow();
        assertThat(after.repository()).as("the first source wins").isEqualTo("registry.example/team/app");
        assertThat(after.sourceKey()).isEqualTo(first);
        assertThat(after.tags()).as("already full").hasSize(ImageNames.MAX_TAGS).doesNotContain("release");
        assertThat(store.tags(second)).containsKey(VerdictService.TAG);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the other delivery never returned");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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

    /**
     * Counts bytes read per key, fails puts under one prefix on demand (a passing store failure), and runs a hook
     * before every put and every ranged read (to block, throw or move the clock at a chosen point of a scan).
     */
    private static final class CountingStore extends ForwardingObjectStore {
        private final Map<String, AtomicInteger> read = new ConcurrentHashMap<>();
        private volatile String failPrefix;
        private volatile Consumer<String> beforePut = key -> { };
        private volatile Consumer<String> beforeRangedGet = key -> { };

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
            beforePut.accept(key);
            return delegate.put(key, bytes, options);
        }

        @Override
        public InputStream get(String key) {
            return counted(key, delegate.get(key));
        }

        @Override
        public InputStream get(String key, long offset, long length) {
            beforeRangedGet.accept(key);
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
