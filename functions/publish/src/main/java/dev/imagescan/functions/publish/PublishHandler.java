package dev.imagescan.functions.publish;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.functions.common.SqsBatch;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.service.PublishService;
import dev.imagescan.store.EventBus;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.EventBridgeEventBus;
import java.time.Clock;
import java.util.Map;

/**
 * The publish function: consumes the completion queue, whose messages are {@link ScanCompleted} JSON sent by the scan
 * function, and runs each through {@link PublishService} (reports in four formats under {@code reports/}, events on
 * the bus). Answers with an SQS partial batch response: a message is listed in {@code batchItemFailures} only when it
 * should be delivered again (a passing failure, or a message that cannot be read, which so ends in the dead-letter
 * queue for a person to see). One JSON log line per message.
 */
public final class PublishHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** Built once per container, at class initialisation (no network: SnapStart-friendly). */
    private static final class Container {
        static final Map<String, String> ENV = System.getenv();
        static final FunctionContext CONTEXT = FunctionContext.fromEnvironment(ENV, false);
        static final EventBus BUS = new EventBridgeEventBus(AwsClients.fromEnvironment(ENV).eventBridge(),
                PublishSettings.fromEnvironment(ENV).eventBus());
    }

    private final PublishService service;
    private final int maxReceives;
    private final JsonLog log = new JsonLog("publish", System.out);

    /** The function's entry: the container's stores and bus. */
    public PublishHandler() {
        this(Container.CONTEXT, Container.BUS);
    }

    /** A handler over {@code context}'s stores, putting events on {@code bus}. */
    public PublishHandler(FunctionContext context, EventBus bus) {
        this.service = new PublishService(context.store(), context.table().images(), bus, context.settings().bucket(),
                Clock.systemUTC());
        this.maxReceives = context.settings().maxReceives();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.handle(event, this::handle);
    }

    /** Handles one message; true when it is done with (deleted), false to have it delivered again. */
    private boolean handle(SQSEvent.SQSMessage message) {
        long start = System.nanoTime();
        int receives = SqsBatch.receiveCount(message);
        ScanCompleted completed;
        try {
            completed = ScanCompleted.fromJson(message.getBody() == null ? "" : message.getBody());
        } catch (IllegalArgumentException e) {
            line(message, receives, start).with("kind", "malformed").with("status", "RETRY")
                    .with("message", e.getMessage()).write();
            return false; // nothing can be done with it: it ends in the dead-letter queue, for a person to see
        }
        JobOutcome outcome;
        try {
            outcome = service.publish(completed, new Delivery(receives, maxReceives));
        } catch (RuntimeException e) {
            line(message, receives, start).with("kind", completed.kind().name()).with("status", "RETRY")
                    .with("scanId", completed.scanId()).with("image", completed.imageDigest())
                    .with("message", e.toString()).write();
            return false;
        }
        line(message, receives, start).with("kind", completed.kind().name()).with("status", outcome.status().name())
                .with("scanId", outcome.scanId()).with("image", outcome.imageDigest())
                .with("message", outcome.message()).write();
        return outcome.status().acknowledged();
    }

    private JsonLog.Line line(SQSEvent.SQSMessage message, int receives, long start) {
        return SqsBatch.logLine(log, message, receives, start);
    }
}
