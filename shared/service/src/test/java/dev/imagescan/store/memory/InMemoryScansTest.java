package dev.imagescan.store.memory;

import static dev.imagescan.store.memory.InMemoryImagesTest.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.Scans;
import dev.imagescan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Scans in {@link InMemoryScanTable}: the cases {@code DynamoScansTest} checks, and the TTL ending a scan. */
class InMemoryScansTest {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final String DIGEST = digest("scanned image");

    /** Below the millisecond, which the table does not keep. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00.250999Z"));
    private final Scans scans = new InMemoryScanTable(clock, RETENTION).scans();

    private Instant nowMillis() {
        return Instant.ofEpochMilli(clock.millis());
    }

    @Test
    void aScanGoesFromQueuedThroughRunningToDone() {
        ScanRecord queued = scans.create("scan-1", ScanTrigger.PUSH, null, "incoming/app.tar");
        assertThat(queued).isEqualTo(new ScanRecord("scan-1", null, "incoming/app.tar", ScanTrigger.PUSH,
                ScanStatus.QUEUED, Instant.parse("2026-11-27T12:00:00.250Z"), null, null, 0, null, null, null));
        assertThat(scans.get("scan-1")).contains(queued);

        clock.advance(Duration.ofSeconds(2));
        ScanRecord running = scans.start("scan-1");
        assertThat(running.status()).isEqualTo(ScanStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isEqualTo(nowMillis());
        assertThat(running.expiresAt()).as("no TTL while running").isNull();
        assertThat(scans.get("scan-1")).contains(running);

        clock.advance(Duration.ofSeconds(30));
        ScanRecord done = scans.finish("scan-1", DIGEST, "db-42");
        assertThat(done).isEqualTo(new ScanRecord("scan-1", DIGEST, "incoming/app.tar", ScanTrigger.PUSH,
                ScanStatus.DONE, queued.createdAt(), running.startedAt(), nowMillis(), 1, null, "db-42",
                Instant.ofEpochSecond(clock.instant().plus(RETENTION).getEpochSecond())));
        assertThat(scans.get("scan-1")).contains(done);
    }

    @Test
    void aRedeliveredJobStartsTheScanAgainAndCountsTheAttempt() {
        scans.create("scan-2", ScanTrigger.MANUAL, DIGEST, null);
        scans.start("scan-2");
        clock.advance(Duration.ofMinutes(15));
        ScanRecord again = scans.start("scan-2");
        assertThat(again.status()).isEqualTo(ScanStatus.RUNNING);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.startedAt()).as("the last attempt's start").isEqualTo(nowMillis());
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        ScanRecord queued = scans.create("scan-3", ScanTrigger.MANUAL, DIGEST, null);
        assertThatThrownBy(() -> scans.finish("scan-3", DIGEST, "db")).as("QUEUED → DONE")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("is QUEUED")
                .hasMessageContaining("cannot become DONE");
        assertThat(scans.get("scan-3")).contains(queued);

        scans.start("scan-3");
        ScanRecord done = scans.finish("scan-3", DIGEST, "db");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> scans.finish("scan-3", DIGEST, "db2")).as("DONE → DONE")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("is DONE");
        assertThatThrownBy(() -> scans.start("scan-3")).as("DONE → RUNNING")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("cannot become RUNNING");
        assertThatThrownBy(() -> scans.fail("scan-3", "late failure")).as("DONE → FAILED")
                .isInstanceOf(ConditionFailedException.class);
        assertThat(scans.get("scan-3")).contains(done);
    }

    @Test
    void aScanCanFailFromQueuedOrRunningAndStaysFailed() {
        scans.create("scan-4", ScanTrigger.PUSH, null, "incoming/broken.tar");
        ScanRecord failed = scans.fail("scan-4", "not an image: no manifest.json");
        assertThat(failed.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(failed.error()).isEqualTo("not an image: no manifest.json");
        assertThat(failed.finishedAt()).isEqualTo(nowMillis());
        assertThat(failed.expiresAt()).isEqualTo(Instant.ofEpochSecond(clock.instant().plus(RETENTION)
                .getEpochSecond()));
        assertThatThrownBy(() -> scans.start("scan-4")).isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("is FAILED");
        assertThatThrownBy(() -> scans.fail("scan-4", "again")).isInstanceOf(ConditionFailedException.class);
        assertThat(scans.get("scan-4")).contains(failed);

        scans.create("scan-5", ScanTrigger.PUSH, DIGEST, null);
        scans.start("scan-5");
        ScanRecord cut = scans.fail("scan-5", "x".repeat(10_000));
        assertThat(cut.error()).hasSize(ScanRecord.MAX_ERROR_LENGTH).endsWith("…");
        assertThat(cut.attempts()).isEqualTo(1);
        scans.create("scan-6", ScanTrigger.PUSH, DIGEST, null);
        assertThat(scans.fail("scan-6", null).error()).isEqualTo("unknown error");
    }

    @Test
    void idsAreUniqueAndMissingScansAreNotFound() {
        scans.create("scan-6", ScanTrigger.MANUAL, DIGEST, null);
        assertThatThrownBy(() -> scans.create("scan-6", ScanTrigger.PUSH, DIGEST, null))
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("already exists");
        assertThat(scans.get("scan-6").orElseThrow().trigger()).isEqualTo(ScanTrigger.MANUAL);

        assertThat(scans.get("nope")).isEmpty();
        assertThatThrownBy(() -> scans.start("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scans.finish("nope", DIGEST, "db")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scans.fail("nope", "e")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> scans.create("no/slashes", ScanTrigger.MANUAL, DIGEST, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scans.create("scan-7", ScanTrigger.MANUAL, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scans.create("scan-8", ScanTrigger.MANUAL, "sha256:short", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(scans.get("scan-7")).as("a refused create stores nothing").isEmpty();
    }

    @Test
    void aFinishedScanIsGoneOnceItsTtlHasPassed() {
        scans.create("scan-ttl", ScanTrigger.PERIODIC, DIGEST, null);
        scans.start("scan-ttl");
        ScanRecord done = scans.finish("scan-ttl", DIGEST, "db-1");

        clock.set(done.expiresAt());
        assertThat(scans.get("scan-ttl")).as("at its TTL").contains(done);
        clock.advance(Duration.ofSeconds(1));
        assertThat(scans.get("scan-ttl")).as("past it").isEmpty();
        assertThatThrownBy(() -> scans.start("scan-ttl")).isInstanceOf(NotFoundException.class);
        assertThat(scans.create("scan-ttl", ScanTrigger.MANUAL, DIGEST, null).status()).as("its id is free")
                .isEqualTo(ScanStatus.QUEUED);

        scans.create("failed-ttl", ScanTrigger.PUSH, DIGEST, null);
        ScanRecord failed = scans.fail("failed-ttl", "broken");
        clock.set(failed.expiresAt().plusSeconds(1));
        assertThat(scans.create("failed-ttl", ScanTrigger.MANUAL, DIGEST, null).trigger())
                .as("a create past the TTL, nothing read before").isEqualTo(ScanTrigger.MANUAL);
    }

    @Test
    void anUnfinishedScanHasNoTtl() {
        scans.create("queued", ScanTrigger.PERIODIC, DIGEST, null);
        scans.create("running", ScanTrigger.PERIODIC, DIGEST, null);
        scans.start("running");
        clock.advance(RETENTION.multipliedBy(100));
        assertThat(scans.get("queued")).isPresent();
        assertThat(scans.get("running")).isPresent();
    }
}
