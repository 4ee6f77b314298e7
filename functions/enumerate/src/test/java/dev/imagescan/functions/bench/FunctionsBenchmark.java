package dev.imagescan.functions.bench;

import dev.imagescan.ScanStats;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.functions.enumerate.EnumerateHandler;
import dev.imagescan.functions.scan.ScanHandler;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.functions.testing.CountingObjectStore;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.SqsEventSource;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.SeverityCounts;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.store.aws.SqsJobQueue;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.BuiltLayer;
import dev.imagescan.testing.Databases;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Not a test: (1) N images sharing a base layer pushed and scanned through the scan handler on the local servers:
 * bytes read from S3 ÷ bytes of the unique layer blobs (target 1.0); (2) a periodic re-scan of M stored images through
 * enumerate and the scan handler after a new database: wall time, S3 and DynamoDB calls per image.
 * Arguments: N (default 20), M (default 1000).
 */
public final class FunctionsBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        LocalStack stack = new LocalStack();
        AtomicLong dynamoCalls = new AtomicLong();
        DynamoDbClient dynamo = DynamoDbClient.builder().region(stack.aws().settings().region())
                .endpointOverride(stack.aws().dynamoDbEndpoint())
                .credentialsProvider(stack.aws().settings().credentials())
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
        source.drain(scan, Duration.ofMinutes(10));
        long pushMs = (System.nanoTime() - t0) / 1_000_000;
        long archiveBytes = store.bytesRead("incoming/");
        long unique = uniqueBlobs.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("push: %d images, %d unique layers (%d blob bytes); S3 bytes read from archives %d "
                + "(ratio %.3f; layer blobs read %d bytes, ratio %.3f); %d ms (%.0f ms/image)%n", n, uniqueBlobs.size(),
                unique, archiveBytes, (double) archiveBytes / unique, stats.blobBytesRead(),
                (double) stats.blobBytesRead() / unique, pushMs, (double) pushMs / n);

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
                    model.analyzerVersion(), SeverityCounts.NONE));
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
        System.exit(0);
    }
}
