package dev.imagescan.functions.soak;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagescan.functions.testing.SqsEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS event source mapping for the soak, with {@code workers} concurrent pollers: each receives up to a
 * batch, invokes the handler in an {@link Invocation} (so it can be killed) with a {@code Context} that reports the
 * function's remaining time, then deletes the messages not listed in {@code batchItemFailures}. The queue's
 * visibility timeout is long (a message is never delivered twice while its invocation runs, as the deployment's
 * 6 × timeout rule ensures); a message that is to come back (listed as failed, or its invocation threw or was killed)
 * is made visible again after {@code redelivery}: the test's short visibility timeout. A fraction {@code lostDeletes}
 * of the messages the handler was done with are not deleted (the poller's delete lost; at most once per message), so
 * they too come back after {@code redelivery}, and must then be no-ops. Uses the servers directly, not through the fault proxies: this is
 * Lambda's side, not the function's.
 */
final class SoakPoller implements AutoCloseable {
    private final String name;
    private final SqsClient sqs;
    private final String queueUrl;
    private final SqsEventSource events;
    private final int batchSize;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Duration redelivery;
    private final double lostDeletes;
    private final Random random;
    private final ExecutorService pollers;
    private final ExecutorService invocations;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong invoked = new AtomicLong();
    private final AtomicLong killed = new AtomicLong();
    private final AtomicLong threw = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong failedItems = new AtomicLong();
    private final Set<String> lostOnce = new HashSet<>();
    private volatile boolean running = true;

    SoakPoller(String name, SqsClient sqs, String queueUrl, String region, int batchSize, int workers,
            RequestHandler<SQSEvent, SQSBatchResponse> handler, Duration redelivery, double lostDeletes, long seed) {
        this.name = name;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.events = new SqsEventSource(sqs, queueUrl, region, batchSize);
        this.batchSize = batchSize;
        this.handler = handler;
        this.redelivery = redelivery;
        this.lostDeletes = lostDeletes;
        this.random = new Random(seed);
        this.pollers = Executors.newFixedThreadPool(workers, daemon(name + "-poller"));
        this.invocations = Executors.newCachedThreadPool(daemon(name + "-invocation"));
        for (int i = 0; i < workers; i++) {
            pollers.execute(this::poll);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void poll() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            } catch (RuntimeException e) {
                continue; // a passing failure of the queue, or the clients closing at the end
            }
            if (messages.isEmpty()) {
                continue;
            }
            busy.incrementAndGet();
            try {
                invoke(messages);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private void invoke(List<Message> messages) throws InterruptedException {
        SQSEvent event = events.event(messages);
        invoked.incrementAndGet();
        Invocation<SQSBatchResponse> invocation = Invocation.start(invocations,
                () -> handler.handleRequest(event, LambdaContext.of(name, Duration.ofMinutes(5))));
        Invocation.End end = invocation.await(Duration.ofMinutes(5).toSeconds());
        Set<String> failed = new HashSet<>();
        if (end == Invocation.End.RETURNED) {
            SQSBatchResponse response = invocation.result();
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } else {
            (end == Invocation.End.KILLED ? killed : threw).incrementAndGet();
            messages.forEach(m -> failed.add(m.messageId()));
            if (end == Invocation.End.KILLED) {
                plantedOn(messages);
            }
        }
        failedItems.addAndGet(end == Invocation.End.RETURNED ? failed.size() : 0);
        for (Message m : messages) {
            boolean again = failed.contains(m.messageId());
            if (!again && lostDelete(m.messageId())) {
                lost.incrementAndGet();
                again = true;
            }
            if (again) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) redelivery.toSeconds()));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /**
     * Whether to lose this delete: drawn at random, at most once per message and never on a message whose invocation
     * was killed (one planted event per message, not a pattern: a kill, the retry its held claim causes and a lost
     * delete on the same message would spend all of its deliveries, as they would in SQS with the deployment's
     * MaxReceives of 3).
     */
    private boolean lostDelete(String messageId) {
        synchronized (random) {
            return random.nextDouble() < lostDeletes && lostOnce.add(messageId);
        }
    }

    /** Marks the messages of a killed invocation as planted on: no delete of theirs is lost. */
    private void plantedOn(List<Message> messages) {
        synchronized (random) {
            messages.forEach(m -> lostOnce.add(m.messageId()));
        }
    }

    /**
     * Waits until the queue holds no message, visible or in flight, and no invocation runs, at most {@code timeout};
     * whether it drained.
     */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            boolean empty = "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    && busy.get() == 0;
            quiet = empty ? quiet + 1 : 0;
            if (quiet >= 3) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The figures: invocations, killed, threw, messages failed, deletes lost. */
    List<String> figures() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s: %d invocations (%d killed, %d threw), %d messages listed as failures, %d deletes"
                + " lost", name, invoked.get(), killed.get(), threw.get(), failedItems.get(), lost.get()));
        return lines;
    }

    long killed() {
        return killed.get();
    }

    long lostDeletes() {
        return lost.get();
    }

    @Override
    public void close() {
        running = false;
        pollers.shutdown();
        try {
            pollers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invocations.shutdown(); // killed invocations stay parked: daemon threads, gone with the JVM
    }

    /** A Lambda {@code Context} reporting the function's time as it runs down. */
    static final class LambdaContext {
        private LambdaContext() {}

        static Context of(String function, Duration timeout) {
            long end = System.currentTimeMillis() + timeout.toMillis();
            return (Context) java.lang.reflect.Proxy.newProxyInstance(Context.class.getClassLoader(),
                    new Class<?>[] {Context.class}, (self, method, args) -> switch (method.getName()) {
                        case "getRemainingTimeInMillis" -> (int) Math.max(0, end - System.currentTimeMillis());
                        case "getFunctionName" -> function;
                        case "getAwsRequestId" -> java.util.UUID.randomUUID().toString();
                        case "getMemoryLimitInMB" -> 2048;
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        case "toString" -> "Context(" + function + ")";
                        default -> null;
                    });
        }
    }
}
