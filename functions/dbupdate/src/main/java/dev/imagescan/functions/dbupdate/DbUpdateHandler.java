package dev.imagescan.functions.dbupdate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.imagescan.functions.common.JsonLog;
import dev.imagescan.service.DatabaseUpdateService;
import dev.imagescan.service.UpdateOutcome;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.vulndb.osv.OsvLimits;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The database update function, on an EventBridge schedule: {@link DatabaseUpdateService#update()} over the configured
 * feeds ({@link DbUpdateSettings}). Every run writes one JSON line ({@code "event":"update"}, with {@code level}
 * {@code INFO} or {@code ERROR}, the status, versions, counts, problems and notes) and returns the same fields.
 *
 * <p>A {@code FAILED} update throws {@link UpdateFailedException} after its line is written: the invocation counts
 * in the function's {@code Errors} metric (an alarm sees a stale database the day it starts going stale), Lambda's
 * asynchronous retries try again (the update is idempotent), and {@code vulndb/current} still names the previous
 * database. A run that only returned its outcome would look healthy to every metric.
 */
public final class DbUpdateHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    /** Built once per container (no network until the first update). */
    private static final class Container {
        static final DatabaseUpdateService SERVICE = service(System.getenv());

        private static DatabaseUpdateService service(Map<String, String> env) {
            DbUpdateSettings settings = DbUpdateSettings.fromEnvironment(env);
            S3ObjectStore store = new S3ObjectStore(AwsClients.fromEnvironment(env).s3(), settings.bucket());
            return new DatabaseUpdateService(store, settings.feeds(), settings.maxDrop(),
                    settings.limits(OsvLimits.DEFAULT),
                    Path.of(System.getProperty("java.io.tmpdir"), "imagescan-dbupdate"));
        }
    }

    /** Thrown, after the log line, when an update failed; the message lists the problems. */
    public static final class UpdateFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UpdateFailedException(String message) {
            super(message);
        }
    }

    private final DatabaseUpdateService service;
    private final JsonLog log;

    /** The function's entry: the environment's bucket and feeds. */
    public DbUpdateHandler() {
        this(Container.SERVICE, System.out);
    }

    /** @param out where the JSON lines go (standard output in Lambda) */
    public DbUpdateHandler(DatabaseUpdateService service, PrintStream out) {
        this.service = service;
        this.log = new JsonLog("dbupdate", out);
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        long start = System.nanoTime();
        // the downloads end in time to build and upload before the invocation is timed out
        UpdateOutcome outcome = service.update(context == null ? null
                : Duration.ofMillis(context.getRemainingTimeInMillis()));
        boolean failed = outcome.status() == UpdateOutcome.Status.FAILED;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", outcome.status().name());
        fields.put("dbVersion", outcome.dbVersion());
        fields.put("key", outcome.key());
        fields.put("previousKey", outcome.previousKey());
        fields.put("advisories", outcome.advisories());
        fields.put("previousAdvisories", outcome.previousAdvisories());
        fields.put("feeds", outcome.recordsPerFeed().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        fields.put("problems", outcome.problems().stream().map(UpdateOutcome.Problem::toString)
                .collect(Collectors.joining("; ")));
        fields.put("notes", String.join("; ", outcome.notes()));
        JsonLog.Line line = log.line("update").with("level", failed ? "ERROR" : "INFO")
                .with("eventId", event == null ? null : event.getId())
                .with("ms", (System.nanoTime() - start) / 1_000_000);
        fields.forEach(line::with);
        line.write();
        if (failed) {
            throw new UpdateFailedException("database update failed; vulndb/current is unchanged"
                    + (outcome.previousKey() == null ? "" : " (" + outcome.previousKey() + ")") + ": "
                    + fields.get("problems"));
        }
        return fields;
    }
}
