package dev.imagescan.functions.soak;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.imagescan.functions.api.ApiHandler;
import dev.imagescan.functions.api.PresignedLinks;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.enumerate.EnumerateHandler;
import dev.imagescan.functions.publish.PublishHandler;
import dev.imagescan.functions.scan.ScanHandler;
import dev.imagescan.image.Digest;
import dev.imagescan.report.JsonReportReader;
import dev.imagescan.scan.ScanListener;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.EventBridgeEventBus;
import dev.imagescan.testing.aws.Fault;
import dev.imagescan.testing.aws.FaultProxy;
import dev.imagescan.vulndb.testing.Databases;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fault soak of the function set (bench/soak.sh; a 50-job run is {@code FunctionsSoakTest}): scan jobs pushed
 * through the real handlers (scan, publish, api, enumerate) on the local servers while a {@link FaultProxy} in front
 * of each of S3, DynamoDB and SQS fails a fraction of the functions' calls with the services' own 500, 503 SlowDown
 * and throttling answers (some after the write), invocations are killed mid-scan ({@link KillPoints}), deletes are
 * lost (the message comes back after its visibility timeout), and poisoned archives and bodies are planted.
 *
 * <p>Phase one, on the bundled database: pushes of new images, the same image under another key, notifications sent
 * twice, poisoned archives and bodies, then manual scans of archives through the API. Phase two: a new database,
 * the schedule (enumerate: a periodic job per image), some of its jobs sent twice, manual scans of image digests.
 * Each phase drains the queues. Then {@link SoakChecks} reads the final state and the figures are printed.
 *
 * <p>Argument: the number of jobs (default 1,000); {@code -Dimagescan.soak.faults=0.05} and
 * {@code -Dimagescan.soak.seed=N} change the fault rate and the seed. Exits 1 when a check fails.
 */
public final class FunctionsSoak {
    private FunctionsSoak() {}

    /** What a run found: the figures to print, and the failed checks (none: passed). */
    record Result(List<String> figures, List<String> problems) {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        SoakSettings settings = SoakSettings.forJobs(jobs)
                .withFaultRate(Double.parseDouble(System.getProperty("imagescan.soak.faults", "0.05")))
                .withSeed(Long.getLong("imagescan.soak.seed", 20261206L));
        Result result;
        try {
            result = run(settings);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(2); // the in-process queue server's threads would keep the JVM alive
            return;
        }
        result.figures().forEach(System.out::println);
        if (result.problems().isEmpty()) {
            System.out.println("PASSED: every check held");
            System.exit(0);
        }
        System.out.println("FAILED: " + result.problems().size() + " problems");
        result.problems().forEach(p -> System.out.println("  " + p));
        System.exit(1);
    }

    /** One soak run with {@code s}. */
    static Result run(SoakSettings s) throws Exception {
        PrintStream original = System.out;
        HandlerLog log = new HandlerLog(original);
        System.setOut(log.stream());
        try (SoakDeployment d = new SoakDeployment(0, s.seed())) {
            return run(s, d, log);
        } finally {
            System.setOut(original);
        }
    }

    private static Result run(SoakSettings s, SoakDeployment d, HandlerLog log) throws Exception {
        long start = System.nanoTime();
        FunctionContext faulty = d.faultyContext();
        KillPoints[] kills = new KillPoints[1];
        FunctionContext scanContext = faulty.withStore(st -> kills[0] = new KillPoints(st, s.killEvery(),
                s.maxKills()));
        ScanHandler scan = new ScanHandler(scanContext, ScanListener.NONE, Clock.systemUTC(), s.lease());
        PublishHandler publish = new PublishHandler(faulty, new EventBridgeEventBus(
                d.faultyClients().eventBridge(), d.bus));
        ApiHandler api = new ApiHandler(faulty, PresignedLinks.of(d.faultyClients(), d.bucket),
                in -> new JsonReportReader().read(in));
        EnumerateHandler enumerate = new EnumerateHandler(faulty);
        SoakWorkload work = new SoakWorkload(d, s.seed());
        int n = s.jobs();
        int images = Math.max(10, n * 2 / 5);
        int tenth = Math.max(1, n / 30);
        List<String> phases = new ArrayList<>();
        d.faults(s.faultRate());
        String region = d.aws.region();
        try (SoakPoller scans = new SoakPoller("scan", d.aws.sqs(), d.scanQueue, region, 5, s.scanWorkers(), scan,
                s.redelivery(), s.lostDeletes(), s.seed() + 11);
                SoakPoller publishes = new SoakPoller("publish", d.aws.sqs(), d.completedQueue, region, 10, 2,
                        publish, s.redelivery(), s.lostDeletes(), s.seed() + 13)) {
            long t = System.nanoTime();
            work.pushes(images, tenth, tenth, Math.max(4, n / 50), Math.max(2, n / 200));
            work.manualScans(api, Math.max(2, n / 20), false);
            boolean drained = scans.drain(Duration.ofMinutes(30)) && publishes.drain(Duration.ofMinutes(10));
            phases.add(String.format("phase 1 (pushes, manual scans of archives): %.1f s%s", seconds(t),
                    drained ? "" : ", NOT DRAINED"));

            t = System.nanoTime();
            String db2 = newDatabase(d);
            List<ScanJob> periodic = schedule(d, enumerate, work);
            work.duplicatePeriodic(periodic, tenth);
            work.manualScans(api, Math.max(2, n / 20), true);
            drained = scans.drain(Duration.ofMinutes(30)) && publishes.drain(Duration.ofMinutes(10));
            phases.add(String.format("phase 2 (new database, schedule, manual scans of digests): %.1f s%s",
                    seconds(t), drained ? "" : ", NOT DRAINED"));
            d.faults(0);
            double wall = seconds(start);

            SoakChecks checks = new SoakChecks(d, work, db2, s.lease());
            List<String> problems = checks.run();
            List<String> figures = new ArrayList<>();
            figures.add(String.format("soak: %d jobs in %.1f s (fault rate %.2f per call, seed %d, %d scan pollers,"
                    + " lease %d s, re-delivery after %d s)", work.total(), wall, s.faultRate(), s.seed(),
                    s.scanWorkers(), s.lease().toSeconds(), s.redelivery().toSeconds()));
            figures.addAll(phases);
            figures.add("jobs by kind: " + work.jobs);
            figures.addAll(faultFigures(d));
            figures.add("handler outcomes: " + log.outcomes());
            figures.add("deliveries after the first (handler log lines): " + log.redeliveries());
            figures.add("handler time per message or request: " + log.timings());
            figures.add("retries (messages asked for again), by reason:");
            log.retryReasons().forEach((reason, count) -> figures.add("  " + count + " × " + reason));
            figures.add("duplicates suppressed (SKIPPED): scan " + log.outcomes().getOrDefault("scan SKIPPED", 0L)
                    + ", publish " + log.outcomes().getOrDefault("publish SKIPPED", 0L));
            figures.add("API answers to POST /scans: " + work.apiAnswers);
            figures.add("invocations killed mid-scan: " + kills[0].total() + " " + kills[0].kills());
            figures.addAll(scans.figures());
            figures.addAll(publishes.figures());
            figures.addAll(checks.figures);
            return new Result(figures, problems);
        }
    }

    /** Stores a second database and points {@code vulndb/current} at it (the database update's job); its version. */
    private static String newDatabase(SoakDeployment d) {
        byte[] db = Databases.empty(Instant.parse("2026-12-01T00:00:00Z"));
        String key = "vulndb/soak-2/vulndb.bin";
        d.directContext().store().put(key, db, PutOptions.BINARY);
        d.directContext().store().put(StoreKeys.VULNDB_CURRENT, key.getBytes(StandardCharsets.UTF_8),
                PutOptions.BINARY);
        return Digest.sha256Of(db).toString();
    }

    /**
     * The schedule: enumerate, run again (as the next scheduled run would) while a run fails or reports refused jobs;
     * the periodic jobs it made.
     */
    private static List<ScanJob> schedule(SoakDeployment d, EnumerateHandler enumerate, SoakWorkload work) {
        for (int run = 1; run <= 5; run++) {
            try {
                Map<String, Object> counts = enumerate.handleRequest(new ScheduledEvent(),
                        SoakPoller.LambdaContext.of("enumerate", Duration.ofMinutes(5)));
                work.count("enumerate run");
                if (Integer.valueOf(0).equals(counts.get("failed")) && Boolean.TRUE.equals(counts.get("complete"))) {
                    break;
                }
            } catch (RuntimeException e) {
                work.count("enumerate run: failed (" + e.getClass().getSimpleName() + ")");
            }
        }
        List<ScanJob> jobs = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var request = software.amazon.awssdk.services.dynamodb.model.ScanRequest.builder().tableName(d.table)
                    .filterExpression("#t = :p").expressionAttributeNames(Map.of("#t", "trigger"))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PERIODIC")));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            var page = d.aws.dynamoDb().scan(request.build());
            page.items().forEach(i -> jobs.add(SoakWorkload.periodicJob(i.get("scanId").s(),
                    i.get("imageDigest").s())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        jobs.forEach(j -> work.count("periodic (enumerate)"));
        return jobs;
    }

    private static List<String> faultFigures(SoakDeployment d) {
        List<String> lines = new ArrayList<>();
        Map<String, Long> total = new TreeMap<>();
        for (FaultProxy p : d.proxies()) {
            long faults = p.injected().values().stream().mapToLong(Long::longValue).sum();
            lines.add(String.format("%s: %d calls forwarded, %d faults injected %s; by operation %s",
                    p.service(), p.forwarded(), faults, labels(p.injected()), p.injectedByOperation()));
            p.injected().forEach((f, c) -> total.merge(f.label(), c, Long::sum));
        }
        return lines;
    }

    private static Map<String, Long> labels(Map<Fault, Long> injected) {
        Map<String, Long> named = new TreeMap<>();
        injected.forEach((f, c) -> named.put(f.label(), c));
        return named;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
