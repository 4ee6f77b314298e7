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
 * The body stream asks the HTTP client for one chunk at a time, the next once the reader took the last (so a slow
 * reader holds one chunk; asking for more ahead was measured slower), and a body that stalls ends with the read
 * timeout, cancelling the exchange.
 */
class TimedBodyStreamTest {

    @Test
    void asksForTheNextChunkOnlyOnceTheReaderTookTheLast() throws IOException {
        AtomicLong demand = new AtomicLong();
        TimedBodyStream stream = new TimedBodyStream(Duration.ofSeconds(5));
        stream.onSubscribe(subscription(demand));
        assertThat(demand.get()).isEqualTo(1);

        stream.onNext(List.of(ByteBuffer.wrap("chunk 0\n".getBytes(StandardCharsets.US_ASCII))));
        assertThat(demand.get()).as("nothing more until the reader takes it").isEqualTo(1);
        byte[] first = stream.readNBytes(3);
        assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("chu");
        assertThat(demand.get()).isEqualTo(2);
        stream.onNext(List.of(ByteBuffer.wrap("chunk 1\n".getBytes(StandardCharsets.US_ASCII))));
        stream.onComplete();

        assertThat(new String(stream.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("nk 0\nchunk 1\n");
        assertThat(demand.get()).isEqualTo(3);
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
