package dev.imagescan.functions.enumerate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.functions.common.Registries;
import dev.imagescan.service.DatabaseVersions;
import dev.imagescan.service.EnumerateService;
import dev.imagescan.service.RegistrySweep;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.vulndb.BundledDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enumerate function, on an EventBridge schedule: a PERIODIC re-scan job for every stored image
 * ({@link EnumerateService}), sent in batches of 10, then a job for every image of the configured registries and
 * repositories not yet scanned with the current database and analyzers ({@link RegistrySweep},
 * {@code IMAGESCAN_SWEEP}). It stops listing when less than {@link #RESERVE_MILLIS} of the
 * invocation remains and says so (the next scheduled run starts over; images enqueued twice cost a claim look-up).
 * Returns the counts: {@code images}, {@code queued}, {@code failed}, {@code complete}, {@code nextPageToken}.
 */
public final class EnumerateHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** The time kept back at the end of an invocation to stop cleanly. */
    static final long RESERVE_MILLIS = 20_000;

    /** Built once per container, at class initialisation (no network: SnapStart-friendly). */
    private static final class Container {
        static final FunctionContext CONTEXT = FunctionContext.fromEnvironment(System.getenv(), true);
        static final RegistrySweep SWEEP = sweep(CONTEXT, System.getenv(),
                AwsClients.fromEnvironment(System.getenv()));
    }

    private final EnumerateService service;
    private final RegistrySweep sweep;
    private final JsonLog log = new JsonLog("enumerate", System.out);

    /** The function's entry: the container's stores. */
    public EnumerateHandler() {
        this(Container.CONTEXT, Container.SWEEP);
    }

    public EnumerateHandler(FunctionContext context) {
        this(context, null);
    }

    /** A handler that also sweeps registries with {@code sweep} (null: none configured). */
    public EnumerateHandler(FunctionContext context, RegistrySweep sweep) {
        if (context.queue() == null) {
            throw new IllegalArgumentException("function environment: IMAGESCAN_QUEUE_URL is not set");
        }
        this.service = new EnumerateService(context.table(), context.queue());
        this.sweep = sweep;
    }

    /**
     * The sweep {@code env} configures ({@code IMAGESCAN_SWEEP}, {@code IMAGESCAN_REGISTRIES}, ECR through
     * {@code clients}, other registries' credentials from the registry secret {@code IMAGESCAN_REGISTRY_SECRET}),
     * null when it names no target.
     */
    public static RegistrySweep sweep(FunctionContext context, Map<String, String> env, AwsClients clients) {
        List<String> targets = Registries.sweepTargets(env);
        if (targets.isEmpty()) {
            return null;
        }
        return RegistrySweep.ofDefaultAnalyzers(targets, Registries.fromEnvironment(env, clients),
                Registries.catalog(env, clients), context.table(), context.queue(),
                () -> DatabaseVersions.current(context.store(), () -> BundledDatabase.load().info().digest()));
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        long start = System.nanoTime();
        EnumerateService.Result result = service.enqueueAll(null,
                () -> context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("images", result.images());
        counts.put("queued", result.queued());
        counts.put("failed", result.failed());
        counts.put("complete", result.complete());
        counts.put("nextPageToken", result.nextPageToken());
        if (sweep != null) {
            RegistrySweep.Result swept = sweep.sweep(
                    () -> context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS);
            counts.put("sweptImages", swept.images());
            counts.put("sweepQueued", swept.queued());
            counts.put("sweepKnown", swept.known());
            counts.put("sweepFailed", swept.failed());
            counts.put("sweepRetried", swept.retried());
            counts.put("sweepWaiting", swept.waiting());
            counts.put("sweepGivenUp", swept.givenUp());
            counts.put("sweepProblems", String.join("; ", swept.problems()));
        }
        JsonLog.Line line = log.line("schedule").with("eventId", event == null ? null : event.getId())
                .with("ms", (System.nanoTime() - start) / 1_000_000);
        counts.forEach(line::with);
        line.write();
        return counts;
    }
}
