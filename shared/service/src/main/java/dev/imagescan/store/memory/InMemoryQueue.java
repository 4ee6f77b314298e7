package dev.imagescan.store.memory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An SQS standard queue in memory, as far as the functions' use of one needs it, under the in-memory ports of the
 * queues ({@link InMemoryJobQueue}, {@link InMemoryCompletionQueue}): a test receives what was sent the way Lambda's
 * event source does, and sees retries as SQS makes them.
 *
 * <ul>
 * <li>{@link #receive} hands out up to 10 visible messages, oldest first, each with its receive count (SQS's
 *     {@code ApproximateReceiveCount}) and a new receipt handle, and hides them for the visibility timeout.</li>
 * <li>{@link #delete} with the latest receipt handle removes a message; a message not deleted (its handler failed)
 *     is visible again once the clock passes its timeout, and is delivered again with a higher count.</li>
 * <li>The redrive policy: a message already delivered {@code maxReceives} times goes to the dead letters
 *     ({@link #deadLetters}) at the next receive instead of being delivered.</li>
 * <li>A body must be what SQS takes: 1 character to 256 KiB of UTF-8, none of the characters SQS refuses
 *     ({@code U+FFFE}, {@code U+FFFF}, lone surrogates, control characters but tab and line ends); else IAE.</li>
 * </ul>
 */
public abstract class InMemoryQueue {
    /** SQS's default visibility timeout. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    /** The deployment's default redrive {@code maxReceiveCount} ({@code IMAGESCAN_MAX_RECEIVES}). */
    public static final int DEFAULT_MAX_RECEIVES = 3;
    /** The most messages one {@link #receive} returns (SQS's {@code MaxNumberOfMessages}). */
    public static final int MAX_RECEIVE = 10;
    /** The most bytes of UTF-8 a message body may hold. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /**
     * One delivery of a message.
     *
     * @param messageId     the message's id, the same at every delivery
     * @param receiptHandle what {@link #delete} takes: new at each delivery
     * @param body          the body as it was sent
     * @param receiveCount  how many times the message was delivered, this one included (from 1)
     */
    public record Message(String messageId, String receiptHandle, String body, int receiveCount) {}

    /** A message in the queue: visible from {@code visibleAt} on. */
    private static final class Stored {
        final String id;
        final String body;
        int receives;
        Instant visibleAt;
        String receipt;

        Stored(String id, String body, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final Clock clock;
    private final Duration visibilityTimeout;
    private final int maxReceives;
    private long sent;

    /**
     * @param clock             the time against which visibility timeouts run
     * @param visibilityTimeout how long a received message stays hidden
     * @param maxReceives       the redrive policy's {@code maxReceiveCount}: deliveries before the dead letters
     */
    protected InMemoryQueue(Clock clock, Duration visibilityTimeout, int maxReceives) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (visibilityTimeout.isNegative()) {
            throw new IllegalArgumentException("a visibility timeout is 0 or more, not " + visibilityTimeout);
        }
        if (maxReceives < 1) {
            throw new IllegalArgumentException("max receives starts at 1, not " + maxReceives);
        }
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceives = maxReceives;
    }

    /**
     * Puts a message with this body in the queue, visible at once; returns its id. Besides the port's own sends, this
     * lets a test put what else reaches the queue (an S3 notification, a body that is not a message of the port).
     *
     * @throws IllegalArgumentException when SQS would refuse the body (see the class)
     */
    public synchronized String sendBody(String body) {
        checkBody(body);
        String id = "msg-" + ++sent;
        messages.put(id, new Stored(id, body, clock.instant()));
        return id;
    }

    /**
     * Delivers up to {@code max} visible messages, oldest first, and hides them for the visibility timeout; empty when
     * none is visible. A visible message already delivered {@code maxReceives} times goes to the dead letters instead.
     *
     * @param max 1 to {@link #MAX_RECEIVE}
     */
    public synchronized List<Message> receive(int max) {
        if (max < 1 || max > MAX_RECEIVE) {
            throw new IllegalArgumentException("receive 1 to " + MAX_RECEIVE + " messages, not " + max);
        }
        Instant now = clock.instant();
        List<Message> received = new ArrayList<>(max);
        for (Iterator<Stored> it = messages.values().iterator(); it.hasNext() && received.size() < max; ) {
            Stored m = it.next();
            if (m.visibleAt.isAfter(now)) {
                continue;
            }
            if (m.receives >= maxReceives) {
                it.remove();
                deadLetters.add(m.body);
                continue;
            }
            m.receives++;
            m.visibleAt = now.plus(visibilityTimeout);
            m.receipt = m.id + "#" + m.receives;
            received.add(new Message(m.id, m.receipt, m.body, m.receives));
        }
        return received;
    }

    /**
     * Deletes the message this receipt handle was given for: true if deleted, false if it is gone or was delivered
     * again since (SQS then takes the call and may keep the message; here it is kept).
     */
    public synchronized boolean delete(String receiptHandle) {
        Objects.requireNonNull(receiptHandle, "receiptHandle");
        int hash = receiptHandle.lastIndexOf('#');
        Stored m = hash < 0 ? null : messages.get(receiptHandle.substring(0, hash));
        if (m == null || !receiptHandle.equals(m.receipt)) {
            return false;
        }
        messages.remove(m.id);
        return true;
    }

    /** How many messages a receive could deliver now (SQS's {@code ApproximateNumberOfMessages}). */
    public synchronized int visibleCount() {
        Instant now = clock.instant();
        return (int) messages.values().stream().filter(m -> !m.visibleAt.isAfter(now)).count();
    }

    /** How many messages were received and are hidden, neither deleted nor visible again yet. */
    public synchronized int inFlightCount() {
        return messages.size() - visibleCount();
    }

    /** The bodies moved to the dead letters, in the order they went. */
    public synchronized List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** The redrive policy's {@code maxReceiveCount}: what a {@code Delivery} of this queue's messages is out of. */
    public int maxReceives() {
        return maxReceives;
    }

    /** How long a received message stays hidden. */
    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    private static void checkBody(String body) {
        Objects.requireNonNull(body, "body");
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (body.isEmpty() || bytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("a message body has 1 to " + MAX_BODY_BYTES + " bytes, not " + bytes);
        }
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                    || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000;
            if (!allowed) {
                throw new IllegalArgumentException(String.format("a message body may not hold U+%04X (at %d)", c, i));
            }
            i += Character.charCount(c);
        }
    }
}
