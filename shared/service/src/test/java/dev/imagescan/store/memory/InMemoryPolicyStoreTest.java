package dev.imagescan.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.StoredPolicy;
import dev.imagescan.testing.MutableClock;
import java.nio.charset.StandardCharsets;
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

/** {@link InMemoryPolicyStore}: the cases {@code S3PolicyStoreTest} checks that are not about its two writes. */
class InMemoryPolicyStoreTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00.123456Z"));
    private final InMemoryPolicyStore store = new InMemoryPolicyStore(clock);

    private static byte[] doc(String version) {
        return ("{\"version\": " + version + ", \"blockAt\": \"High\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nothingStoredIsEmpty() {
        assertThat(store.current()).isEmpty();
        assertThat(store.revision(1)).isEmpty();
        assertThat(store.revision(0)).isEmpty();
        assertThat(store.revision(-1)).isEmpty();
    }

    @Test
    void theFirstPutIsRevisionOne() {
        StoredPolicy saved = store.put("1", doc("1"), 0);

        assertThat(saved.revision()).isEqualTo(1);
        assertThat(saved.version()).isEqualTo("1");
        assertThat(saved.document()).isEqualTo(doc("1"));
        assertThat(saved.savedAt()).as("to the millisecond").isEqualTo("2026-11-27T12:00:00.123Z");
        StoredPolicy current = store.current().orElseThrow();
        assertThat(current.revision()).isEqualTo(1);
        assertThat(current.version()).isEqualTo("1");
        assertThat(current.document()).isEqualTo(doc("1"));
        assertThat(current.savedAt()).isEqualTo(saved.savedAt());
        assertThat(store.revision(1).orElseThrow().document()).isEqualTo(doc("1"));
    }

    @Test
    void theNextRevisionBecomesCurrentAndEveryRevisionReadsBack() {
        store.put("1", doc("1"), 0);
        Instant first = Instant.ofEpochMilli(clock.millis());
        clock.advance(Duration.ofMinutes(5));
        StoredPolicy second = store.put("two", doc("\"two\""), 1);
        clock.advance(Duration.ofMinutes(5));
        store.put("3", doc("3"), 2);

        assertThat(second.revision()).isEqualTo(2);
        assertThat(store.current().orElseThrow().revision()).isEqualTo(3);
        StoredPolicy one = store.revision(1).orElseThrow();
        assertThat(one.version()).isEqualTo("1");
        assertThat(one.document()).isEqualTo(doc("1"));
        assertThat(one.savedAt()).isEqualTo(first);
        StoredPolicy two = store.revision(2).orElseThrow();
        assertThat(two.version()).isEqualTo("two");
        assertThat(two.document()).isEqualTo(doc("\"two\""));
        assertThat(two.savedAt()).isEqualTo(second.savedAt());
        assertThat(store.revision(3).orElseThrow().document()).isEqualTo(doc("3"));
        assertThat(store.revision(4)).isEmpty();
    }

    @Test
    void aStaleExpectedRevisionIsRefusedAndChangesNothing() {
        store.put("1", doc("1"), 0);
        store.put("2", doc("2"), 1);

        assertThatThrownBy(() -> store.put("9", doc("9"), 1)).isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("not at revision 1").hasMessageContaining("revision 2");
        assertThatThrownBy(() -> store.put("9", doc("9"), 0)).as("a second first")
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> store.put("9", doc("9"), 5)).as("a revision from the future")
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("revision 2");
        assertThat(store.current().orElseThrow().version()).isEqualTo("2");
        assertThat(store.revision(3)).isEmpty();
        assertThatThrownBy(() -> new InMemoryPolicyStore(clock).put("1", doc("1"), 1))
                .isInstanceOf(ConditionFailedException.class).hasMessageContaining("none is stored");
    }

    @Test
    void documentsAreCopiedInAndOut() {
        byte[] given = doc("1");
        StoredPolicy saved = store.put("1", given, 0);
        given[0] = 'X';
        saved.document()[1] = 'Y';
        store.current().orElseThrow().document()[2] = 'Z';
        store.revision(1).orElseThrow().document()[3] = 'W';

        assertThat(store.current().orElseThrow().document()).isEqualTo(doc("1"));
        assertThat(store.revision(1).orElseThrow().document()).isEqualTo(doc("1"));
    }

    @Test
    void ofConcurrentWritersAtOneRevisionOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 100; round++) {
                InMemoryPolicyStore policies = new InMemoryPolicyStore(clock);
                policies.put("1", doc("1"), 0);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    String version = "w" + t;
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            policies.put(version, doc("\"" + version + "\""), 1);
                            return true;
                        } catch (ConditionFailedException e) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round " + round).isEqualTo(1);
                assertThat(policies.current().orElseThrow().revision()).isEqualTo(2);
                assertThat(policies.revision(3)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNegativeExpectedRevisionIsABadArgument() {
        assertThatThrownBy(() -> store.put("1", doc("1"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.current()).isEmpty();
    }
}
