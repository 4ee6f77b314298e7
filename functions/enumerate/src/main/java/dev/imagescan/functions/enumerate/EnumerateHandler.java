package dev.imagescan.functions.enumerate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.service.EnumerateService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The enumerate function, on an EventBridge schedule: a PERIODIC re-scan job for every stored image
 * ({@link EnumerateService}), sent in batches of 10. It stops listing when less than {@link #RESERVE_MILLIS} of the
 * invocation remains and says so (the next scheduled run starts over; images enqueued twice cost a claim look-up).
 * Returns the counts: {@code images}, {@code queued}, {@code failed}, {@code complete}, {@code nextPageToken}.
 */
public final class EnumerateHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** The time kept back at the end of an invocation to stop cleanly. */
    static final long RESERVE_MILLIS = 20_000;

    /** Built once per container, at class initialisation (no network: SnapStart-friendly). */
    private static final class Container {
        static final FunctionContext CONTEXT = FunctionContext.fromEnvironment(System.getenv(), true);
    }

    private final EnumerateService service;
    private final JsonLog log = new JsonLog("enumerate", System.out);

    /** The function's entry: the container's stores. */
    public EnumerateHandler() {
        this(Container.CONTEXT);
    }

    public EnumerateHandler(FunctionContext context) {
        if (context.queue() == null) {
            throw new IllegalArgumentException("function environment: IMAGESCAN_QUEUE_URL is not set");
        }
        this.service = new EnumerateService(context.table(), context.queue());
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
        JsonLog.Line line = log.line("schedule").with("eventId", event == null ? null : event.getId())
                .with("ms", (System.nanoTime() - start) / 1_000_000);
        counts.forEach(line::with);
        line.write();
        return counts;
    }
}
