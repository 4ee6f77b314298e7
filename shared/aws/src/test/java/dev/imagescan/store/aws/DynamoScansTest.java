package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.Scans;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.Fault;
import dev.imagescan.testing.aws.FaultProxy;
import dev.imagescan.testing.aws.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Scans in {@link DynamoScanTable}: status moves conditional on the current status, TTL on finished scans. */
class DynamoScansTest {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final String DIGEST = Digests.of("scanned image");

    private final LocalAws aws = LocalAws.get();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00.250Z"));
    private String tableName;
    private Scans scans;

    @BeforeEach
    void table() {
        tableName = LocalClients.createTable(aws);
        scans = new DynamoScanTable(aws.dynamoDb(), tableName, clock, RETENTION).scans();
    }

    @Test
    void aCreateOrFinishWhoseAnswerWasLostIsNotAConflictOnTheSdksRetry() {
        try (FaultProxy proxy = FaultProxy.start(FaultProxy.Service.DYNAMODB, aws.dynamoDbEndpoint(), 0, List.of(),
                1)) {
            Scans through = new DynamoScanTable(LocalClients.settings(aws).withEndpoints(aws.s3Endpoint(),
                    proxy.endpoint(), aws.sqsEndpoint()).dynamoDb(), tableName, clock, RETENTION).scans();
            proxy.failNext(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, "PutItem", 1);
            ScanRecord created = through.create("scan-lost", ScanTrigger.MANUAL, DIGEST, null);
            assertThat(created.status()).as("its own scan, not 'already exists'").isEqualTo(ScanStatus.QUEUED);
            assertThat(scans.get("scan-lost")).contains(created);

            through.start("scan-lost");
            proxy.failNext(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, "UpdateItem", 1);
            ScanRecord done = through.finish("scan-lost", DIGEST, "db-1");
            assertThat(done.status()).as("DONE by itself, not 'cannot become DONE'").isEqualTo(ScanStatus.DONE);
            assertThat(proxy.injected()).containsEntry(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, 2L);

            assertThatThrownBy(() -> through.create("scan-lost", ScanTrigger.MANUAL, DIGEST, null))
                    .as("another create with the same id is still refused")
                    .isInstanceOf(ConditionFailedException.class).hasMessageContaining("already exists");
            assertThatThrownBy(() -> through.finish("scan-lost", DIGEST, "db-2")).as("other results still refused")
                    .isInstanceOf(ConditionFailedException.class).hasMessageContaining("is DONE");
        }
    }

    @Test
    void aScanGoesFromQueuedThroughRunningToDone() {
        ScanRecord queued = scans.create("scan-1", ScanTrigger.PUSH, null, "incoming/app.tar");
        assertThat(queued).isEqualTo(new ScanRecord("scan-1", null, "incoming/app.tar", ScanTrigger.PUSH,
                ScanStatus.QUEUED, clock.instant(), null, null, 0, null, null, null));
        assertThat(scans.get("scan-1")).contains(queued);

        clock.advance(Duration.ofSeconds(2));
        ScanRecord running = scans.start("scan-1");
        assertThat(running.status()).isEqualTo(ScanStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isEqualTo(clock.instant());
        assertThat(running.expiresAt()).as("no TTL while running").isNull();

        clock.advance(Duration.ofSeconds(30));
        ScanRecord done = scans.finish("scan-1", DIGEST, "db-42");
        assertThat(done.status()).isEqualTo(ScanStatus.DONE);
        assertThat(done.imageDigest()).isEqualTo(DIGEST);
        assertThat(done.objectKey()).isEqualTo("incoming/app.tar");
        assertThat(done.dbVersion()).isEqualTo("db-42");
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(done.createdAt()).isEqualTo(queued.createdAt());
        assertThat(done.expiresAt()).isEqualTo(Instant.ofEpochSecond(clock.instant().plus(RETENTION).getEpochSecond()));
        assertThat(scans.get("scan-1")).contains(done);
    }

    @Test
    void finishedScansCarryATtlAttributeInEpochSeconds() {
        scans.create("scan-ttl", ScanTrigger.PERIODIC, DIGEST, null);
        scans.start("scan-ttl");
        scans.finish("scan-ttl", DIGEST, "db-1");

        Map<String, AttributeValue> item = aws.dynamoDb().getItem(b -> b.tableName(tableName)
                .key(DynamoScans.key("scan-ttl"))).item();
        AttributeValue ttl = item.get(ScanTableSchema.TTL);
        assertThat(ttl.n()).as("a number").isNotNull();
        assertThat(Long.parseLong(ttl.n())).isEqualTo(clock.instant().plus(RETENTION).getEpochSecond());
        if (aws.supportsTimeToLive()) {
            var description = aws.dynamoDb().describeTimeToLive(b -> b.tableName(tableName))
                    .timeToLiveDescription();
            assertThat(description.attributeName()).isEqualTo(ScanTableSchema.TTL);
            assertThat(description.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        }
    }

    @Test
    void aRedeliveredJobStartsTheScanAgainAndCountsTheAttempt() {
        scans.create("scan-2", ScanTrigger.MANUAL, DIGEST, null);
        scans.start("scan-2");
        ScanRecord again = scans.start("scan-2");
        assertThat(again.status()).isEqualTo(ScanStatus.RUNNING);
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        scans.create("scan-3", ScanTrigger.MANUAL, DIGEST, null);
        assertThatThrownBy(() -> scans.finish("scan-3", DIGEST, "db")).as("QUEUED → DONE")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("is QUEUED")
                .hasMessageContaining("cannot become DONE");

        scans.start("scan-3");
        ScanRecord done = scans.finish("scan-3", DIGEST, "db");
        assertThatThrownBy(() -> scans.finish("scan-3", DIGEST, "db2")).as("DONE → DONE")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("is DONE");
        assertThatThrownBy(() -> scans.start("scan-3")).as("DONE → RUNNING")
                .isInstanceOf(ConditionFailedException.class);
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
        assertThat(failed.expiresAt()).isNotNull();
        assertThatThrownBy(() -> scans.start("scan-4")).isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("is FAILED");

        scans.create("scan-5", ScanTrigger.PUSH, DIGEST, null);
        scans.start("scan-5");
        ScanRecord long_ = scans.fail("scan-5", "x".repeat(10_000));
        assertThat(long_.error()).hasSize(ScanRecord.MAX_ERROR_LENGTH).endsWith("…");
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
    }
}
