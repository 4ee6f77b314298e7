package dev.imagescan.store.memory;

import static dev.imagescan.store.memory.InMemoryImagesTest.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InMemoryCompletionQueue}: what {@code SqsCompletionQueueTest} checks, and a redelivery. */
class InMemoryCompletionQueueTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final InMemoryCompletionQueue queue = new InMemoryCompletionQueue(clock, Duration.ofMinutes(5), 2);

    private static ScanCompleted completed(String scanId, ScanCompleted.Kind kind, String verdict, String previous) {
        String image = digest(scanId);
        String db = digest("db");
        return new ScanCompleted(kind, scanId, image, ScanTrigger.PERIODIC, db, StoreKeys.imageReport(image, db),
                null, verdict, previous, "7", Instant.parse("2026-11-27T12:00:00.123Z"));
    }

    @Test
    void sentMessagesArriveAsTheirJsonOnePerSend() {
        ScanCompleted scanned = completed("scan-1", ScanCompleted.Kind.SCANNED, "ALLOWED", null);
        ScanCompleted rejudged = completed("scan-2", ScanCompleted.Kind.REJUDGED, "BLOCKED", "ALLOWED");

        queue.send(scanned);
        queue.send(rejudged);
        queue.send(scanned); // at least once: a scan function retried after sending sends again

        List<InMemoryQueue.Message> messages = queue.receive(10);
        assertThat(messages).extracting(m -> ScanCompleted.fromJson(m.body()))
                .containsExactly(scanned, rejudged, scanned);
        assertThat(messages).extracting(InMemoryQueue.Message::body)
                .containsExactly(scanned.toJson(), rejudged.toJson(), scanned.toJson());
    }

    @Test
    void aBodyNeverAcknowledgedEndsInTheDeadLetters() {
        queue.sendBody("not a completion");
        assertThat(queue.receive(10)).extracting(InMemoryQueue.Message::receiveCount).containsExactly(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(queue.receive(10)).extracting(InMemoryQueue.Message::receiveCount).containsExactly(2);
        clock.advance(Duration.ofMinutes(5));

        assertThat(queue.receive(10)).isEmpty();
        assertThat(queue.deadLetters()).containsExactly("not a completion");
    }
}
