package dev.imagescan.functions.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.functions.enumerate.EnumerateHandler;
import dev.imagescan.functions.publish.PublishHandler;
import dev.imagescan.functions.scan.ScanHandler;
import dev.imagescan.functions.testing.CountingObjectStore;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.SqsEventSource;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.scan.ScanStats;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.Page;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.EventBridgeEventBus;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.store.aws.SqsCompletionQueue;
import dev.imagescan.store.aws.SqsJobQueue;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.vulndb.testing.Databases;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Not a test: (1) N images sharing a base layer pushed and scanned through the scan handler on the local servers:
 * bytes read from S3 ÷ bytes of the unique layer blobs (target 1.0); (2) a periodic re-scan of M stored images through
 * enumerate and the scan handler after a new database: wall time, S3 and DynamoDB calls per image; (3) publishing:
 * the scans of (1) told a completion queue, drained through the publish handler (run right after (1): the periodic
 * re-scan would leave the pushed scans no longer the images' latest; printed last): wall time, S3 calls, bytes written
 * and events put per message, and publish time ÷ scan time per image; then every message delivered once more, which
 * must write nothing and put no event.
 * Arguments: N (default 20), M (default 1000).
 */
public final class FunctionsBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        LocalStack stack = new LocalStack();
        AtomicLong dynamoCalls = new AtomicLong();
        DynamoDbClient dynamo = DynamoDbClient.builder().region(stack.settings().region())
                .endpointOverride(stack.aws().dynamoDbEndpoint())
                .credentialsProvider(stack.settings().credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
                        dynamoCalls.incrementAndGet();
                    }
                })).build();
        FunctionSettings settings = FunctionSettings.fromEnvironment(stack.environment(), true);
        CountingObjectStore store = new CountingObjectStore(new S3ObjectStore(stack.aws().s3(), settings.bucket()));
        FunctionContext context = new FunctionContext(settings, store, new DynamoScanTable(dynamo, settings.table()),
                new SqsJobQueue(stack.aws().sqs(), settings.queueUrl()),
                new S3PolicyStore(store, dynamo, settings.table(), Clock.systemUTC()), CompletionQueue.NONE);
        ScanStats stats = new ScanStats();
        ScanHandler scan = new ScanHandler(context, stats);
        SqsEventSource source = stack.eventSource();
        // (3): the pushes of (1) tell a completion queue, as the deployed scan function does; (2) tells nobody, as before
        String completedUrl = stack.aws().createQueue();
        ScanHandler pushScan = new ScanHandler(context.withCompletions(
                new SqsCompletionQueue(stack.aws().sqs(), completedUrl)), stats);

        // 1. N images sharing the base layer
        Path dir = Files.createTempDirectory("functions-bench");
        Map<String, Long> uniqueBlobs = new HashMap<>();
        for (int i = 0; i < n; i++) {
            BuiltImage image = TestImages.app(i);
            for (BuiltLayer l : image.layers()) {
                uniqueBlobs.put(l.diffId(), (long) l.blob().length);
            }
            stack.push("incoming/app" + i + ".tar", image.writeOciArchive(dir.resolve("app" + i + ".tar")));
        }
        store.reset();
        long t0 = System.nanoTime();
        source.drain(pushScan, Duration.ofMinutes(10));
        long pushMs = (System.nanoTime() - t0) / 1_000_000;
        long archiveBytes = store.bytesRead("incoming/");
        long unique = uniqueBlobs.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("push: %d images, %d unique layers (%d blob bytes); S3 bytes read from archives %d "
                + "(ratio %.3f; layer blobs read %d bytes, ratio %.3f); %d ms (%.0f ms/image)%n", n, uniqueBlobs.size(),
                unique, archiveBytes, (double) archiveBytes / unique, stats.blobBytesRead(),
                (double) stats.blobBytesRead() / unique, pushMs, (double) pushMs / n);

        // 3. publishing the pushes' completions (before 2, whose re-scans would become the images' latest)
        String[] publishing = publish(stack, context, store, dynamoCalls, completedUrl, n, pushMs);

        // 2. M stored images (copies of a scanned one's inventory), re-matched after a new database
        ImageRecord model = context.table().images().list(1, null).items().get(0);
        byte[] inventory;
        try (InputStream in = store.get(StoreKeys.imageInventory(model.digest()))) {
            inventory = in.readAllBytes();
        }
        for (int i = 0; i < m; i++) {
            String digest = "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("bench-" + i).getBytes(StandardCharsets.UTF_8)));
            store.put(StoreKeys.imageInventory(digest), inventory, PutOptions.JSON);
            context.table().images().save(ImageRecord.of(digest).withScan("seed", Instant.now(), model.dbVersion(),
                    model.analyzerKey(), SeverityCounts.NONE));
        }
        int total = m + n;
        store.put("vulndb/v2/vulndb.bin", Databases.empty(Instant.parse("2026-06-01T00:00:00Z")), PutOptions.BINARY);
        store.put(StoreKeys.VULNDB_CURRENT, "vulndb/v2/vulndb.bin".getBytes(StandardCharsets.UTF_8), PutOptions.BINARY);
        store.reset();
        dynamoCalls.set(0);
        int layersBefore = stats.layersRead().size();
        t0 = System.nanoTime();
        Map<String, Object> counts = new EnumerateHandler(context).handleRequest(null, null);
        long enumerateMs = (System.nanoTime() - t0) / 1_000_000;
        long enumerateDynamo = dynamoCalls.get();
        source.drain(scan, Duration.ofMinutes(30));
        long rescanMs = (System.nanoTime() - t0) / 1_000_000;
        long s3Calls = store.gets() + store.puts() + store.heads();
        System.out.printf("periodic: %s images queued by enumerate in %d ms (%d DynamoDB calls); re-scan of all %d in %d "
                + "ms (%.1f ms/image, one handler); per image: %.2f S3 calls (%d GET, %d PUT, %d HEAD), %.2f DynamoDB "
                + "calls; layers read %d, S3 bytes from archives+layers %d%n", counts.get("queued"), enumerateMs,
                enumerateDynamo, total, rescanMs, (double) rescanMs / total, (double) s3Calls / total, store.gets(),
                store.puts(), store.heads(), (double) dynamoCalls.get() / total,
                stats.layersRead().size() - layersBefore, store.bytesRead("incoming/") + store.bytesRead("layers/"));
        for (String line : publishing) {
            System.out.println(line);
        }
        System.exit(0);
    }

    /**
     * Drains the completion queue through the publish handler (the bench's counting store, an EventBridge bus), then
     * sends every message again and drains it once more; the two lines to print.
     */
    private static String[] publish(LocalStack stack, FunctionContext context, CountingObjectStore store,
            AtomicLong dynamoCalls, String completedUrl, int n, long pushMs) {
        String bus = stack.aws().createEventBus();
        PublishHandler publish = new PublishHandler(context, new EventBridgeEventBus(stack.aws().eventBridge(), bus));
        List<String> bodies = new ArrayList<>();
        RequestHandler<SQSEvent, SQSBatchResponse> recording = (event, lambda) -> {
            event.getRecords().forEach(r -> bodies.add(r.getBody()));
            return publish.handleRequest(event, lambda);
        };
        SqsEventSource completions = new SqsEventSource(stack.aws().sqs(), completedUrl,
                stack.aws().environment().get("AWS_REGION"), 10);
        store.reset();
        dynamoCalls.set(0);
        long t0 = System.nanoTime();
        boolean drained = completions.drain(recording, Duration.ofMinutes(10));
        long publishMs = (System.nanoTime() - t0) / 1_000_000;
        long gets = store.gets();
        long puts = store.puts();
        long heads = store.heads();
        long written = store.bytesWritten();
        long dynamo = dynamoCalls.get();
        int events = stack.aws().events(bus).size();
        List<String> distinct = bodies.stream().distinct().toList();
        long scanned = distinct.stream().filter(b -> ScanCompleted.fromJson(b).kind() == ScanCompleted.Kind.SCANNED)
                .count();
        int markers = markers(context);
        int messages = distinct.size();
        double scanPerImage = (double) pushMs / n;
        double publishPerMessage = (double) publishMs / messages;
        String first = String.format("publish: %d messages from the %d pushes (%d SCANNED, %d REJUDGED; %d deliveries, "
                + "%d markers%s); %d ms (%.1f ms/message; scan %.1f ms/image in push, publish ÷ scan %.3f); per "
                + "message: %.2f S3 calls (%d GET, %d PUT, %d HEAD), %.0f bytes written, %.2f events put, %.2f "
                + "DynamoDB calls", messages, n, scanned, messages - scanned, bodies.size(), markers,
                drained ? "" : ", NOT DRAINED", publishMs, publishPerMessage, scanPerImage,
                publishPerMessage / scanPerImage, (double) (gets + puts + heads) / messages, gets, puts, heads,
                (double) written / messages, (double) events / messages, (double) dynamo / messages);

        // 3b. every message delivered again: the markers make it a no-op
        for (String body : distinct) {
            stack.aws().sqs().sendMessage(b -> b.queueUrl(completedUrl).messageBody(body));
        }
        bodies.clear();
        store.reset();
        dynamoCalls.set(0);
        t0 = System.nanoTime();
        drained = completions.drain(recording, Duration.ofMinutes(10));
        long againMs = (System.nanoTime() - t0) / 1_000_000;
        int eventsAgain = stack.aws().events(bus).size() - events;
        String second = String.format("publish again: %d messages re-delivered (%d deliveries%s); %d objects written "
                + "(%d bytes), %d events put; %d ms (%.1f ms/message); per message: %.2f S3 calls (%d GET, %d PUT, "
                + "%d HEAD), %.2f DynamoDB calls", distinct.size(), bodies.size(), drained ? "" : ", NOT DRAINED",
                store.puts(), store.bytesWritten(), eventsAgain, againMs, (double) againMs / distinct.size(),
                (double) (store.gets() + store.puts() + store.heads()) / distinct.size(), store.gets(), store.puts(),
                store.heads(), (double) dynamoCalls.get() / distinct.size());
        return new String[] {first, second};
    }

    /** The publication markers under {@code reports/} (listed after the measurement: not counted). */
    private static int markers(FunctionContext context) {
        int count = 0;
        String token = null;
        do {
            Page<ObjectInfo> page = context.store().list(StoreKeys.REPORTS, 1000, token);
            count += (int) page.items().stream().filter(o -> o.key().endsWith("published.json")).count();
            token = page.nextToken();
        } while (token != null);
        return count;
    }
}
