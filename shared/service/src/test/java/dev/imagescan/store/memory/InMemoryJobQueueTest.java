package dev.imagescan.store.memory;

import static dev.imagescan.store.memory.InMemoryImagesTest.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.service.Delivery;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryJobQueue} and the SQS behaviour of {@link InMemoryQueue} under it: what {@code SqsJobQueueTest}
 * checks, and the visibility timeout, receive counts and dead letters the functions' retries depend on.
 */
class InMemoryJobQueueTest {
    private static final Duration VISIBILITY = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock, VISIBILITY, 3);

    private static ScanJob job(int i) {
        return i % 2 == 0
                ? new ScanJob("scan-" + i, digest("image-" + i), null, ScanTrigger.PERIODIC, 1)
                : new ScanJob("scan-" + i, null, "incoming/image-" + i + ".tar", ScanTrigger.PUSH, 1);
    }

    @Test
    void sentJobsAreReceivedAsTheirJsonOldestFirst() {
        List<ScanJob> jobs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            jobs.add(job(i));
        }

        assertThat(queue.sendAll(jobs)).isEmpty();

        List<InMemoryQueue.Message> received = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (List<InMemoryQueue.Message> batch; !(batch = queue.receive(10)).isEmpty(); ) {
            sizes.add(batch.size());
            received.addAll(batch);
        }
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(received).extracting(m -> ScanJob.fromJson(m.body())).containsExactlyElementsOf(jobs);
        assertThat(received).extracting(InMemoryQueue.Message::body)
                .containsExactlyElementsOf(jobs.stream().map(ScanJob::toJson).toList());
        assertThat(received).allSatisfy(m -> assertThat(m.receiveCount()).isEqualTo(1));
        assertThat(received).extracting(InMemoryQueue.Message::messageId).doesNotHaveDuplicates();
        assertThat(queue.sendAll(List.of())).isEmpty();
        assertThat(queue.visibleCount() + queue.inFlightCount()).isEqualTo(25);
    }

    @Test
    void objectKeysWithAnyCharacterTravel() {
        List<ScanJob> jobs = List.of(
                new ScanJob("scan-1", null, "incoming/caf\u00e9 \uD83D\uDE00.tar", ScanTrigger.PUSH, 1),
                new ScanJob("scan-2", null, "incoming/odd\uFFFF\uFFFE.tar", ScanTrigger.PUSH, 2));

        assertThat(queue.sendAll(jobs)).isEmpty();
        assertThat(queue.receive(10)).extracting(m -> ScanJob.fromJson(m.body())).containsExactlyElementsOf(jobs);
    }

    @Test
    void aMessageNotDeletedComesBackAfterTheVisibilityTimeout() {
        queue.sendAll(List.of(job(1)));
        InMemoryQueue.Message first = queue.receive(10).get(0);
        assertThat(first.receiveCount()).isEqualTo(1);
        assertThat(queue.receive(10)).as("hidden while in flight").isEmpty();
        assertThat(queue.visibleCount()).isZero();
        assertThat(queue.inFlightCount()).isEqualTo(1);

        clock.advance(VISIBILITY.minusMillis(1));
        assertThat(queue.receive(10)).as("just before the timeout").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.visibleCount()).isEqualTo(1);
        InMemoryQueue.Message second = queue.receive(10).get(0);

        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.receiveCount()).isEqualTo(2);
        assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(queue.delete(first.receiptHandle())).as("an old receipt handle").isFalse();
        assertThat(queue.inFlightCount()).as("still there").isEqualTo(1);
        assertThat(queue.delete(second.receiptHandle())).isTrue();
        assertThat(queue.delete(second.receiptHandle())).as("deleted once").isFalse();
        clock.advance(VISIBILITY.multipliedBy(2));
        assertThat(queue.receive(10)).isEmpty();
        assertThat(queue.visibleCount() + queue.inFlightCount()).isZero();
        assertThat(queue.delete("nonsense")).isFalse();
    }

    @Test
    void afterTheLastAllowedDeliveryAMessageGoesToTheDeadLetters() {
        queue.sendAll(List.of(job(2)));
        List<Boolean> last = new ArrayList<>();
        for (int delivery = 1; delivery <= 3; delivery++) {
            InMemoryQueue.Message m = queue.receive(1).get(0);
            assertThat(m.receiveCount()).isEqualTo(delivery);
            last.add(new Delivery(m.receiveCount(), queue.maxReceives()).isLast());
            clock.advance(VISIBILITY);
        }
        assertThat(last).containsExactly(false, false, true);
        assertThat(queue.deadLetters()).isEmpty();

        assertThat(queue.receive(10)).as("a fourth delivery").isEmpty();
        assertThat(queue.deadLetters()).containsExactly(job(2).toJson());
        assertThat(queue.visibleCount() + queue.inFlightCount()).isZero();
    }

    @Test
    void aDeadLetterDoesNotKeepOthersFromBeingDelivered() {
        queue.sendAll(List.of(job(1)));
        for (int i = 0; i < 3; i++) {
            queue.receive(1);
            clock.advance(VISIBILITY);
        }
        queue.sendAll(List.of(job(2), job(3)));

        assertThat(queue.receive(2)).extracting(m -> ScanJob.fromJson(m.body())).containsExactly(job(2), job(3));
        assertThat(queue.deadLetters()).containsExactly(job(1).toJson());
    }

    @Test
    void concurrentReceiversNeverShareAMessage() throws Exception {
        List<ScanJob> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            jobs.add(job(i));
        }
        queue.sendAll(jobs);
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (List<InMemoryQueue.Message> batch; !(batch = queue.receive(3)).isEmpty(); ) {
                        batch.forEach(m -> seen.add(m.messageId()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void bodiesAreWhatSqsTakes() {
        assertThatThrownBy(() -> queue.sendBody("odd\uFFFF")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+FFFF");
        assertThatThrownBy(() -> queue.sendBody("lone \uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.sendBody("bell \u0007")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.sendBody("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.sendBody("x".repeat(InMemoryQueue.MAX_BODY_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.visibleCount()).as("nothing refused was queued").isZero();

        String body = "\t\r\n \uD83D\uDE00 " + "x".repeat(InMemoryQueue.MAX_BODY_BYTES - 9); // exactly the most
        queue.sendBody(body);
        assertThat(queue.receive(1)).extracting(InMemoryQueue.Message::body).containsExactly(body);
        assertThatThrownBy(() -> queue.receive(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.receive(11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultsAreSqssAndTheDeployments() {
        InMemoryJobQueue defaults = new InMemoryJobQueue(clock);
        assertThat(defaults.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxReceives()).isEqualTo(3);
        assertThatThrownBy(() -> new InMemoryJobQueue(clock, VISIBILITY, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
