package dev.imagescan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The body stream asks the HTTP client for a window of chunks ahead of the reader (so the connection keeps receiving
 * while the reader decompresses), one more for each chunk the reader takes, never more than the window in all; and a
 * body that stalls ends with the read timeout.
 */
class TimedBodyStreamTest {

    @Test
    void asksForAWindowOfChunksAheadAndOneMoreForEachChunkTaken() throws IOException {
        AtomicLong demand = new AtomicLong();
        TimedBodyStream stream = new TimedBodyStream(Duration.ofSeconds(5));
        stream.onSubscribe(subscription(demand));

        assertThat(demand.get()).isEqualTo(TimedBodyStream.WINDOW);
        for (int i = 0; i < TimedBodyStream.WINDOW; i++) {
            stream.onNext(List.of(ByteBuffer.wrap(("chunk " + i + "\n").getBytes(StandardCharsets.US_ASCII))));
        }
        stream.onComplete();
        byte[] first = stream.readNBytes("chunk 0\n".length());

        assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("chunk 0\n");
        assertThat(demand.get()).as("one more for the chunk taken").isEqualTo(TimedBodyStream.WINDOW + 1);
        String rest = new String(stream.readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(rest).startsWith("chunk 1\n").endsWith("chunk " + (TimedBodyStream.WINDOW - 1) + "\n");
        assertThat(demand.get()).isEqualTo(2L * TimedBodyStream.WINDOW);
    }

    @Test
    void aBodyThatStallsEndsWithTheReadTimeout() {
        AtomicLong demand = new AtomicLong();
        TimedBodyStream stream = new TimedBodyStream(Duration.ofMillis(200));
        stream.onSubscribe(subscription(demand));
        stream.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        long start = System.nanoTime();

        assertThatThrownBy(stream::readAllBytes).isInstanceOf(IOException.class)
                .hasMessage("the registry sent nothing for 1 s; gave up");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(demand.get()).as("cancelled").isEqualTo(-1L);
    }

    /** Adds what is requested to {@code demand}; a cancel sets it to -1. */
    private static Flow.Subscription subscription(AtomicLong demand) {
        return new Flow.Subscription() {
            @Override
            public void request(long n) {
                demand.addAndGet(n);
            }

            @Override
            public void cancel() {
                demand.set(-1);
            }
        };
    }
}
