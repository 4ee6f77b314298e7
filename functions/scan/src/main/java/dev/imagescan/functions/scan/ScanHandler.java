package dev.imagescan.functions.scan;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.functions.common.Registries;
import dev.imagescan.functions.common.ScanRequest;
import dev.imagescan.functions.common.ScanRequests;
import dev.imagescan.functions.common.SqsBatch;
import dev.imagescan.scan.ScanListener;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.service.PolicyService;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.service.ScanService;
import dev.imagescan.service.VerdictService;
import dev.imagescan.store.backed.CurrentDatabase;
import dev.imagescan.store.backed.ObjectStoreLayerCache;
import dev.imagescan.vulndb.BundledDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scan function: consumes the scan queue, whose messages are S3 ObjectCreated notifications for
 * {@code incoming/} (the bucket delivers them to the queue), ECR push events (an EventBridge rule delivers them) or
 * {@code ScanJob}s, and runs each through
 * {@link ScanService}. Answers with an SQS partial batch response: a message is listed in {@code batchItemFailures}
 * only when it should be delivered again (a passing failure, or one that ends in the dead-letter queue), so one bad job
 * never fails its batch. One JSON log line per message.
 */
public final class ScanHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** How long a scan claims its (image, database, analyzers): the function's longest run, 15 minutes. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(15);

    /** Built once per container, at class initialisation (no network: SnapStart-friendly). */
    private static final class Container {
        static final FunctionContext CONTEXT = FunctionContext.fromEnvironment(System.getenv(), false);
        static final RegistryAccess REGISTRIES = Registries.fromEnvironment(System.getenv());
    }

    private final ScanService service;
    private final int maxReceives;
    private final Clock clock;
    private final JsonLog log = new JsonLog("scan", System.out);

    /** The function's entry: the container's stores. */
    public ScanHandler() {
        this(Container.CONTEXT, ScanListener.NONE, Clock.systemUTC(), CLAIM_LEASE, Container.REGISTRIES);
    }

    /** A handler over {@code context}, telling {@code listener} how layers were obtained (tests, benchmarks). */
    public ScanHandler(FunctionContext context, ScanListener listener) {
        this(context, listener, Clock.systemUTC());
    }

    /**
     * A handler over {@code context} on {@code clock} (tests: the day allow-list entries expire on). Judges every
     * scanned image by the stored policy, read as often as the database ({@code IMAGESCAN_DB_CHECK_SECONDS}), and
     * tells the context's completion queue.
     */
    public ScanHandler(FunctionContext context, ScanListener listener, Clock clock) {
        this(context, listener, clock, CLAIM_LEASE);
    }

    /**
     * A handler whose scans claim their (image, database, analyzers) for {@code claimLease} instead of
     * {@link #CLAIM_LEASE} (the fault soak: short leases, so that a claim whose holder was killed ends in seconds).
     * The lease must outlast any scan, as the function's timeout does in the deployment.
     */
    public ScanHandler(FunctionContext context, ScanListener listener, Clock clock, Duration claimLease) {
        this(context, listener, clock, claimLease, RegistryAccess.NONE);
    }

    /** A handler that reads images from the registries {@code registries} allows (ECR pushes, image jobs). */
    public ScanHandler(FunctionContext context, ScanListener listener, Clock clock, Duration claimLease,
            RegistryAccess registries) {
        Duration check = Duration.ofSeconds(context.settings().dbCheckSeconds());
        CurrentDatabase databases = new CurrentDatabase(context.store(), check, clock, BundledDatabase::load);
        PolicyService policies = new PolicyService(context.policies(), check, clock);
        VerdictService verdicts = new VerdictService(context.store(), context.table().images(), policies, clock);
        this.service = new ScanService(context.store(), context.table(), databases,
                ScanOptions.defaults().withListener(listener),
                new ObjectStoreLayerCache(context.store(), context.table().layers(), clock), clock, claimLease,
                verdicts, context.completions(), registries);
        this.maxReceives = context.settings().maxReceives();
        this.clock = clock;
    }

    /**
     * Handles a batch. The invocation's end ({@code context.getRemainingTimeInMillis()} from now) is every scan's
     * deadline, less the margin the service keeps to record a scan that ran out ({@link ScanService#RECORD_MARGIN}).
     */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Duration time = context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis());
        Instant end = time == null ? null : clock.instant().plus(time);
        return SqsBatch.handle(event, message -> handle(message, end, time));
    }

    /** Handles one message; true when it is done with (deleted), false to have it delivered again. */
    private boolean handle(SQSEvent.SQSMessage message, Instant invocationEnd, Duration invocationTime) {
        long start = System.nanoTime();
        int receives = SqsBatch.receiveCount(message);
        Delivery delivery = new Delivery(receives, maxReceives, invocationEnd, invocationTime);
        List<JobOutcome> outcomes = new ArrayList<>();
        String kind;
        try {
            ScanRequest request = ScanRequests.parse(message.getBody());
            if (request instanceof ScanRequest.Job j) {
                kind = "job";
                outcomes.add(service.run(j.job(), delivery));
            } else if (request instanceof ScanRequest.ImagePushed pushed) {
                kind = "ecr-image-push";
                outcomes.add(service.scanImagePushed(pushed.eventId(), pushed.image(), delivery));
            } else if (request instanceof ScanRequest.Ignored ignored) {
                kind = "ignored: " + ignored.reason();
            } else if (request instanceof ScanRequest.ObjectsCreated created) {
                kind = "s3-object-created";
                for (ScanRequest.CreatedObject o : created.objects()) {
                    outcomes.add(service.scanPushed(o.key(), o.etag(), delivery));
                }
            } else {
                kind = "s3-test-event";
            }
        } catch (IllegalArgumentException e) {
            line(message, receives, start).with("kind", "malformed").with("status", "RETRY")
                    .with("message", e.getMessage()).write();
            return false; // nothing can be done with it: it ends in the dead-letter queue, for a person to see
        } catch (RuntimeException e) {
            line(message, receives, start).with("kind", "unknown").with("status", "RETRY")
                    .with("message", e.toString()).write();
            return false;
        }
        boolean acknowledged = true;
        if (outcomes.isEmpty()) {
            line(message, receives, start).with("kind", kind).with("status", "SKIPPED").write();
        }
        for (JobOutcome o : outcomes) {
            acknowledged &= o.status().acknowledged();
            line(message, receives, start).with("kind", kind).with("status", o.status().name())
                    .with("scanId", o.scanId()).with("image", o.imageDigest()).with("message", o.message()).write();
        }
        return acknowledged;
    }

    private JsonLog.Line line(SQSEvent.SQSMessage message, int receives, long start) {
        return SqsBatch.logLine(log, message, receives, start);
    }
}
