package dev.imagescan.store.memory;

import static dev.imagescan.store.memory.InMemoryImagesTest.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.ClaimResult.Outcome;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanKey;
import dev.imagescan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Claims in {@link InMemoryScanTable}: the cases {@code DynamoClaimsTest} checks, and the TTL ending a claim. */
class InMemoryClaimsTest {
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final Duration RETENTION = Duration.ofDays(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final ScanClaims claims = new InMemoryScanTable(clock, RETENTION).claims();

    private static ScanKey key(String image) {
        return new ScanKey(digest(image), "sha256:" + "a".repeat(64), "apk1-dpkg1-rpm1");
    }

    @Test
    void theFirstClaimWinsTheNextSeesItHeld() {
        ClaimResult first = claims.claim(key("a"), "worker-1", LEASE);
        assertThat(first.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(first.claim()).isEqualTo(new ScanClaim(key("a"), "worker-1", ScanClaim.State.CLAIMED,
                clock.instant().plus(LEASE), 1, clock.instant(), null, null,
                clock.instant().plus(LEASE).plus(RETENTION)));
        assertThat(claims.get(key("a"))).contains(first.claim());

        ClaimResult second = claims.claim(key("a"), "worker-2", LEASE);
        assertThat(second.outcome()).isEqualTo(Outcome.HELD);
        assertThat(second.claim()).isEqualTo(first.claim());
        assertThat(claims.claim(key("a"), "worker-1", LEASE).outcome())
                .as("its holder again: its own request repeated").isEqualTo(Outcome.ACQUIRED);
        assertThat(claims.claim(key("b"), "worker-2", LEASE).acquired()).as("another key").isTrue();
        assertThat(claims.get(key("a")).orElseThrow().attempts()).as("lost claims count nothing").isEqualTo(1);
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
        assertThat(later.claim()).isEqualTo(done);
        assertThatThrownBy(() -> claims.release(key("c"), "worker-1")).isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("DONE by worker-1");
        assertThatThrownBy(() -> claims.complete(key("c"), "worker-1", "scan-2")).as("another scan")
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> claims.complete(key("c"), "worker-2", "scan-1")).as("another owner")
                .isInstanceOf(ConditionFailedException.class);
        assertThat(claims.complete(key("c"), "worker-1", "scan-1")).as("a retried completion").isEqualTo(done);
        assertThatThrownBy(() -> claims.renew(key("c"), "worker-1", LEASE))
                .isInstanceOf(ConditionFailedException.class);
        assertThat(claims.get(key("c"))).contains(done);
    }

    @Test
    void aCrashedHoldersKeyIsTakenOverOnlyAfterItsLease() {
        claims.claim(key("d"), "crashed", LEASE);
        clock.advance(LEASE);
        assertThat(claims.claim(key("d"), "worker-2", LEASE).outcome()).as("at the lease's end")
                .isEqualTo(Outcome.HELD);

        clock.advance(Duration.ofMillis(1));
        ClaimResult takeover = claims.claim(key("d"), "worker-2", LEASE);
        assertThat(takeover.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(takeover.claim().owner()).isEqualTo("worker-2");
        assertThat(takeover.claim().attempts()).isEqualTo(2);
        assertThat(takeover.claim().claimedAt()).isEqualTo(clock.instant());

        assertThatThrownBy(() -> claims.complete(key("d"), "crashed", "scan-late")).as("the old holder lost it")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("CLAIMED by worker-2");
        assertThatThrownBy(() -> claims.renew(key("d"), "crashed", LEASE))
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> claims.release(key("d"), "crashed")).isInstanceOf(ConditionFailedException.class);
        assertThat(claims.complete(key("d"), "worker-2", "scan-2").state()).isEqualTo(ScanClaim.State.DONE);
    }

    @Test
    void aHolderPastItsLeaseStillHoldsUntilSomeoneTakesOver() {
        claims.claim(key("late"), "slow", LEASE);
        clock.advance(LEASE.plusMinutes(5));
        ScanClaim done = claims.complete(key("late"), "slow", "scan-slow");
        assertThat(done.state()).isEqualTo(ScanClaim.State.DONE);
        assertThat(done.owner()).isEqualTo("slow");
    }

    @Test
    void renewingExtendsTheLease() {
        ScanClaim first = claims.claim(key("e"), "worker-1", LEASE).claim();
        clock.advance(LEASE.minusMinutes(1));
        ScanClaim renewed = claims.renew(key("e"), "worker-1", LEASE);
        assertThat(renewed.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(LEASE).plus(RETENTION));
        assertThat(renewed.claimedAt()).isEqualTo(first.claimedAt());
        assertThat(renewed.attempts()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(claims.claim(key("e"), "worker-2", LEASE).outcome()).isEqualTo(Outcome.HELD);
        assertThatThrownBy(() -> claims.renew(key("e"), "worker-2", LEASE)).isInstanceOf(
                ConditionFailedException.class);
    }

    @Test
    void aReleasedKeyIsFreeAtOnce() {
        claims.claim(key("f"), "worker-1", LEASE);
        assertThatThrownBy(() -> claims.release(key("f"), "worker-2")).isInstanceOf(ConditionFailedException.class);
        assertThat(claims.get(key("f"))).as("a refused release keeps the claim").isPresent();
        claims.release(key("f"), "worker-1");
        assertThat(claims.get(key("f"))).isEmpty();
        ClaimResult next = claims.claim(key("f"), "worker-2", LEASE);
        assertThat(next.acquired()).isTrue();
        assertThat(next.claim().attempts()).as("a fresh claim").isEqualTo(1);
        assertThatThrownBy(() -> claims.release(key("unclaimed"), "worker-1"))
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("not claimed");
    }

    @Test
    void claimsAreGoneOnceTheirTtlHasPassed() {
        claims.claim(key("g"), "worker-1", LEASE);
        ScanClaim done = claims.complete(key("g"), "worker-1", "scan-1");
        claims.claim(key("h"), "crashed", LEASE);

        clock.set(done.expiresAt());
        assertThat(claims.claim(key("g"), "worker-2", LEASE).outcome()).as("at its TTL")
                .isEqualTo(Outcome.ALREADY_DONE);
        clock.advance(Duration.ofSeconds(1));
        ClaimResult again = claims.claim(key("g"), "worker-2", LEASE);
        assertThat(again.outcome()).as("a DONE claim past its TTL").isEqualTo(Outcome.ACQUIRED);
        assertThat(again.claim().attempts()).isEqualTo(1);

        clock.set(Instant.parse("2026-11-27T12:00:00Z").plus(LEASE).plus(RETENTION).plusSeconds(1));
        assertThat(claims.get(key("h"))).as("an abandoned claim past its TTL").isEmpty();
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        clock.set(Instant.parse("2026-11-27T12:00:00.123456Z"));
        ScanClaim claim = claims.claim(key("i"), "worker-1", LEASE.plusNanos(999)).claim();
        assertThat(claim.claimedAt()).isEqualTo("2026-11-27T12:00:00.123Z");
        assertThat(claim.leaseUntil()).isEqualTo("2026-11-27T12:15:00.123Z");
        assertThat(claim.expiresAt()).as("a TTL, to the second").isEqualTo(Instant.parse("2026-11-27T12:15:00Z")
                .plus(RETENTION));
    }

    @Test
    void racingThreadsGiveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                ScanKey key = key("race-" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ClaimResult>> results = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
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
                        .containsExactlyInAnyOrder(Outcome.ACQUIRED, Outcome.HELD, Outcome.HELD, Outcome.HELD);
                String winner = outcomes.stream().filter(ClaimResult::acquired).findFirst().orElseThrow().claim()
                        .owner();
                assertThat(outcomes).allMatch(r -> r.claim().owner().equals(winner));
                assertThat(claims.get(key).orElseThrow().attempts()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> claims.claim(key("j"), "", LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> claims.claim(key("j"), "w".repeat(257), LEASE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> claims.claim(key("j"), "w", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> claims.claim(key("j"), "w", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(claims.get(key("j"))).isEmpty();
        claims.claim(key("j"), "w", LEASE);
        assertThatThrownBy(() -> claims.complete(key("j"), "w", "no/slash"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(claims.get(key("j")).orElseThrow().state()).isEqualTo(ScanClaim.State.CLAIMED);
    }
}
