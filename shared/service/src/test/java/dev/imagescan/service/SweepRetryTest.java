package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.store.RegistryCatalog;
import dev.imagescan.store.RegistryCatalog.ListedImage;
import dev.imagescan.store.RegistryLogins;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.memory.InMemoryJobQueue;
import dev.imagescan.store.memory.InMemoryQueue;
import dev.imagescan.store.memory.InMemoryScanTable;
import dev.imagescan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A failed sweep scan is tried again by later sweeps after 1 h, 6 h and 24 h, once each, each retry a scan of its own;
 * an image gone from the registry (404) or with a schema 1 manifest is not; a new database starts a fresh chain. The
 * sweep runs over the in-memory table and queue with a clock the test moves; the scan function's part (a job run to
 * DONE or FAILED) is played by writing the outcome to the table as the scan service does.
 */
class SweepRetryTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String FLAKY = "sha256:" + "a".repeat(64);
    private static final String GONE = "sha256:" + "b".repeat(64);
    private static final String SCHEMA1 = "sha256:" + "c".repeat(64);
    private static final String FINE = "sha256:" + "d".repeat(64);
    private static final String TRANSIENT = "gave up after 3 attempts: java.io.IOException: " + ECR
            + "/team/app:1: the registry answered HTTP 503 after 5 attempts: SERVICE_UNAVAILABLE";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T00:00:00Z"));
    private final InMemoryScanTable table = new InMemoryScanTable(clock);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final AtomicReference<String> db = new AtomicReference<>("sha256:" + "1".repeat(64));
    private final RegistrySweep sweep = new RegistrySweep(List.of(ECR),
            RegistryAccess.of(RegistryAllowList.parse(ECR), RegistryLogins.NONE), catalog(), table, queue, db::get,
            "0123456789abcdef", clock);

    @Test
    void aFailedScanIsRetriedAfterOneSixAndTwentyFourHoursAndPermanentFailuresAreNot() {
        RegistrySweep.Result first = sweep.sweep(() -> false);
        assertThat(first.queued()).isEqualTo(4);
        Map<String, ScanJob> jobs = take();
        fail(jobs.get(FLAKY), TRANSIENT);
        fail(jobs.get(GONE), ECR + "/team/app@" + GONE + ": not found (HTTP 404: MANIFEST_UNKNOWN: manifest unknown)");
        fail(jobs.get(SCHEMA1), ECR + "/team/app:old manifest sha256:0c0c0c0c0c0c is a Docker image manifest v2 "
                + "schema 1, deprecated since 2017 and not read by this scanner (it has no image config)");
        done(jobs.get(FINE));

        clock.advance(Duration.ofMinutes(59));
        assertCounts(sweep.sweep(() -> false), 0, 1, 1, 2);
        assertThat(take()).isEmpty();

        String retried = jobs.get(FLAKY).scanId();
        Instant failedAt = clock.instant().minus(Duration.ofMinutes(59));
        List<Duration> backoff = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
        for (int n = 1; n <= 3; n++) {
            clock.set(failedAt.plus(backoff.get(n - 1)).minusSeconds(1));
            assertCounts(sweep.sweep(() -> false), 0, 1, 1, 2);
            clock.advance(Duration.ofSeconds(1));
            RegistrySweep.Result due = sweep.sweep(() -> false);
            assertCounts(due, 1, 0, 1, 2);
            assertThat(due.retried()).isEqualTo(1);
            ScanJob retry = take().get(FLAKY);
            assertThat(retry.scanId()).isEqualTo(SweepRetries.retryId(jobs.get(FLAKY).scanId(), n));
            assertThat(retry.image()).isEqualTo(jobs.get(FLAKY).image());
            assertThat(table.scans().get(retry.scanId()).orElseThrow().status()).isEqualTo(ScanStatus.QUEUED);
            assertThat(sweep.sweep(() -> false).queued()).as("the retry is made once").isZero();
            assertThat(take()).isEmpty();
            clock.advance(Duration.ofMinutes(5));
            fail(retry, TRANSIENT);
            failedAt = clock.instant();
            retried = retry.scanId();
        }
        assertThat(retried).endsWith("-r3");

        clock.advance(Duration.ofDays(20));
        RegistrySweep.Result exhausted = sweep.sweep(() -> false);
        assertCounts(exhausted, 0, 0, 1, 3);
        assertThat(take()).isEmpty();

        // a new database gives every image not scanned with it a fresh sweep scan, the failed ones included
        db.set("sha256:" + "2".repeat(64));
        assertThat(sweep.sweep(() -> false).queued()).isEqualTo(4);
        assertThat(take().get(FLAKY).scanId()).isNotEqualTo(jobs.get(FLAKY).scanId()).doesNotContain("-r");
    }

    @Test
    void aRetryThatSucceedsEndsTheChain() {
        sweep.sweep(() -> false);
        Map<String, ScanJob> jobs = take();
        fail(jobs.get(FLAKY), TRANSIENT);
        jobs.values().stream().filter(j -> !j.image().endsWith(FLAKY)).forEach(this::done);
        clock.advance(Duration.ofHours(2));
        sweep.sweep(() -> false);
        done(take().get(FLAKY));

        clock.advance(Duration.ofDays(3));
        RegistrySweep.Result after = sweep.sweep(() -> false);

        assertCounts(after, 0, 0, 4, 0);
        assertThat(take()).isEmpty();
    }

    private static void assertCounts(RegistrySweep.Result result, int queued, int waiting, int known, int givenUp) {
        assertThat(result.problems()).isEmpty();
        assertThat(result.images()).isEqualTo(4);
        assertThat(result.queued()).as("queued").isEqualTo(queued);
        assertThat(result.waiting()).as("waiting").isEqualTo(waiting);
        assertThat(result.known()).as("known").isEqualTo(known);
        assertThat(result.givenUp()).as("given up").isEqualTo(givenUp);
    }

    /** The scan service's failure of a job: started, then FAILED with the reason. */
    private void fail(ScanJob job, String reason) {
        table.scans().start(job.scanId());
        table.scans().fail(job.scanId(), reason);
    }

    private void done(ScanJob job) {
        table.scans().start(job.scanId());
        table.scans().finish(job.scanId(), job.image().substring(job.image().indexOf('@') + 1), db.get());
    }

    /** The jobs on the queue, taken off it, by the digest they name. */
    private Map<String, ScanJob> take() {
        Map<String, ScanJob> jobs = new LinkedHashMap<>();
        List<InMemoryQueue.Message> messages;
        while (!(messages = queue.receive(10)).isEmpty()) {
            for (InMemoryQueue.Message m : messages) {
                ScanJob job = ScanJob.fromJson(m.body());
                jobs.put(job.image().substring(job.image().indexOf('@') + 1), job);
                queue.delete(m.receiptHandle());
            }
        }
        return jobs;
    }

    private static RegistryCatalog catalog() {
        List<ListedImage> images = new ArrayList<>();
        images.add(new ListedImage(FLAKY, List.of("1")));
        images.add(new ListedImage(GONE, List.of()));
        images.add(new ListedImage(SCHEMA1, List.of("old")));
        images.add(new ListedImage(FINE, List.of("2")));
        return new RegistryCatalog() {
            @Override
            public boolean lists(String registry) {
                return registry.equals(ECR);
            }

            @Override
            public List<String> repositories(String registry, int max) {
                return List.of("team/app");
            }

            @Override
            public List<ListedImage> images(String registry, String repository, int max) {
                return List.copyOf(images);
            }
        };
    }
}
