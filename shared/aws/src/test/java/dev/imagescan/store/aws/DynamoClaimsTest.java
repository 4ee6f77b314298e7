package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ClaimResult.Outcome;
import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanKey;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.Fault;
import dev.imagescan.testing.aws.FaultProxy;
import dev.imagescan.testing.aws.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Claims in {@link DynamoScanTable}: one winner per key, leases, completion, release. */
class DynamoClaimsTest {
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final Duration RETENTION = Duration.ofDays(30);

    private final LocalAws aws = LocalAws.get();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private String table;
    private ScanClaims claims;
    private ExecutorService pool;

    @BeforeEach
    void table() {
        table = LocalClients.createTable(aws);
        claims = new DynamoScanTable(aws.dynamoDb(), table, clock, RETENTION).claims();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static ScanKey key(String image) {
        return new ScanKey(Digests.of(image), "sha256:" + "a".repeat(64), "apk1-dpkg1-rpm1");
    }

    @Test
    void theFirstClaimWinsTheNextSeesItHeld() {
        ClaimResult first = claims.claim(key("a"), "worker-1", LEASE);
        assertThat(first.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(first.acquired()).isTrue();
        ScanClaim claim = first.claim();
        assertThat(claim.owner()).isEqualTo("worker-1");
        assertThat(claim.state()).isEqualTo(ScanClaim.State.CLAIMED);
        assertThat(claim.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(claim.attempts()).isEqualTo(1);
        assertThat(claim.expiresAt()).isEqualTo(clock.instant().plus(LEASE).plus(RETENTION));

        ClaimResult second = claims.claim(key("a"), "worker-2", LEASE);
        assertThat(second.outcome()).isEqualTo(Outcome.HELD);
        assertThat(second.claim().owner()).isEqualTo("worker-1");
        assertThat(claims.claim(key("a"), "worker-1", LEASE).outcome())
                .as("its holder again: its own request repeated").isEqualTo(Outcome.ACQUIRED);
        assertThat(claims.claim(key("b"), "worker-2", LEASE).acquired()).as("another key").isTrue();
    }

    @Test
    void aClaimWhoseAnswerWasLostIsItsOwnersOnTheSdksRetry() {
        try (FaultProxy proxy = FaultProxy.start(FaultProxy.Service.DYNAMODB, aws.dynamoDbEndpoint(), 0, List.of(),
                1)) {
            ScanClaims through = new DynamoScanTable(LocalClients.settings(aws).withEndpoints(aws.s3Endpoint(),
                    proxy.endpoint(), aws.sqsEndpoint()).dynamoDb(), table, clock, RETENTION).claims();
            proxy.failNext(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, "UpdateItem", 1);

            ClaimResult result = through.claim(key("lost"), "attempt-1", LEASE);

            assertThat(proxy.injected()).containsEntry(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, 1L);
            assertThat(result.outcome()).as("not HELD by itself until the lease ends").isEqualTo(Outcome.ACQUIRED);
            assertThat(result.claim().owner()).isEqualTo("attempt-1");
            assertThat(through.complete(key("lost"), "attempt-1", "scan-1").state()).isEqualTo(ScanClaim.State.DONE);
        }
    }

    @Test
    void aCompletionWhoseAnswerWasLostIsDoneOnTheSdksRetry() {
        try (FaultProxy proxy = FaultProxy.start(FaultProxy.Service.DYNAMODB, aws.dynamoDbEndpoint(), 0, List.of(),
                1)) {
            ScanClaims through = new DynamoScanTable(LocalClients.settings(aws).withEndpoints(aws.s3Endpoint(),
                    proxy.endpoint(), aws.sqsEndpoint()).dynamoDb(), table, clock, RETENTION).claims();
            through.claim(key("lost-done"), "attempt-1", LEASE);
            proxy.failNext(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, "UpdateItem", 1);

            ScanClaim done = through.complete(key("lost-done"), "attempt-1", "scan-1");

            assertThat(proxy.injected()).containsEntry(Fault.DYNAMODB_INTERNAL_ERROR_AFTER_WRITE, 1L);
            assertThat(done.state()).as("its own DONE, found by the retry").isEqualTo(ScanClaim.State.DONE);
            assertThat(done.scanId()).isEqualTo("scan-1");
            assertThatThrownBy(() -> through.complete(key("lost-done"), "attempt-1", "scan-2")).as("another scan")
                    .isInstanceOf(ConditionFailedException.class);
        }
    }

    @Test
    void aCompletedKeyIsNeverScannedAgain() {
        claims.claim(key("c"), "worker-1", LEASE);
        assertThatThrownBy(() -> claims.complete(key("c"), "worker-2", "scan-x")).as("not the holder")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("CLAIMED by worker-1");

        clock.advance(Duration.ofMinutes(3));
        ScanClaim done = claims.complete(key("c"), "worker-1", "scan-1");
        assertThat(done.state()).isEqualTo(ScanClaim.State.DONE);
        assertThat(done.scanId()).isEqualTo("scan-1");
        assertThat(done.completedAt()).isEqualTo(clock.instant());
        assertThat(done.expiresAt()).isEqualTo(clock.instant().plus(RETENTION));

        clock.advance(LEASE.multipliedBy(4));
        ClaimResult later = claims.claim(key("c"), "worker-3", LEASE);
        assertThat(later.outcome()).as("even after the lease").isEqualTo(Outcome.ALREADY_DONE);
        assertThat(later.claim().scanId()).isEqualTo("scan-1");
        assertThatThrownBy(() -> claims.release(key("c"), "worker-1")).isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> claims.complete(key("c"), "worker-1", "scan-2"))
                .isInstanceOf(ConditionFailedException.class);
        assertThat(claims.complete(key("c"), "worker-1", "scan-1")).as("a retried completion")
                .isEqualTo(later.claim());
        assertThat(claims.get(key("c"))).contains(later.claim());
    }

    @Test
    void aCrashedHoldersKeyIsTakenOverAfterItsLease() {
        claims.claim(key("d"), "crashed", LEASE);
        clock.advance(LEASE.minusSeconds(1));
        assertThat(claims.claim(key("d"), "worker-2", LEASE).outcome()).isEqualTo(Outcome.HELD);

        clock.advance(Duration.ofSeconds(2));
        ClaimResult takeover = claims.claim(key("d"), "worker-2", LEASE);
        assertThat(takeover.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(takeover.claim().owner()).isEqualTo("worker-2");
        assertThat(takeover.claim().attempts()).isEqualTo(2);

        assertThatThrownBy(() -> claims.complete(key("d"), "crashed", "scan-late")).as("the old holder lost it")
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> claims.renew(key("d"), "crashed", LEASE))
                .isInstanceOf(ConditionFailedException.class);
        assertThat(claims.complete(key("d"), "worker-2", "scan-2").state()).isEqualTo(ScanClaim.State.DONE);
    }

    @Test
    void renewingExtendsTheLease() {
        claims.claim(key("e"), "worker-1", LEASE);
        clock.advance(LEASE.minusMinutes(1));
        ScanClaim renewed = claims.renew(key("e"), "worker-1", LEASE);
        assertThat(renewed.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
        clock.advance(Duration.ofMinutes(5));
        assertThat(claims.claim(key("e"), "worker-2", LEASE).outcome()).isEqualTo(Outcome.HELD);
    }

    @Test
    void aReleasedKeyIsFreeAtOnce() {
        claims.claim(key("f"), "worker-1", LEASE);
        assertThatThrownBy(() -> claims.release(key("f"), "worker-2")).isInstanceOf(ConditionFailedException.class);
        claims.release(key("f"), "worker-1");
        assertThat(claims.get(key("f"))).isEmpty();
        ClaimResult next = claims.claim(key("f"), "worker-2", LEASE);
        assertThat(next.acquired()).isTrue();
        assertThat(next.claim().attempts()).as("a fresh claim").isEqualTo(1);
        assertThatThrownBy(() -> claims.release(key("unclaimed"), "worker-1"))
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("not claimed");
    }

    @Test
    void twoThreadsRacingForAKeyGiveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 25; round++) {
            ScanKey key = key("race-" + round);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClaimResult>> results = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                String owner = "worker-" + worker;
                results.add(pool.submit(() -> {
                    go.await();
                    return claims.claim(key, owner, LEASE);
                }));
            }
            go.countDown();
            List<ClaimResult> outcomes = new ArrayList<>();
            for (Future<ClaimResult> f : results) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).as("round " + round).extracting(ClaimResult::outcome)
                    .containsExactlyInAnyOrder(Outcome.ACQUIRED, Outcome.HELD);
            String winner = outcomes.stream().filter(ClaimResult::acquired).findFirst().orElseThrow().claim().owner();
            assertThat(outcomes).allMatch(r -> r.claim().owner().equals(winner));
            assertThat(claims.get(key).orElseThrow().attempts()).isEqualTo(1);
        }
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> claims.claim(key("g"), "", LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> claims.claim(key("g"), "w", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScanKey(Digests.of("g"), "db#1", "an")).isInstanceOf(
                IllegalArgumentException.class);
    }
}
