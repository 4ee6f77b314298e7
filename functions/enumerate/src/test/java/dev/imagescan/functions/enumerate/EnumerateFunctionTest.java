package dev.imagescan.functions.enumerate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.memory.InMemoryJobQueue;
import dev.imagescan.store.memory.InMemoryObjectStore;
import dev.imagescan.store.memory.InMemoryPolicyStore;
import dev.imagescan.store.memory.InMemoryQueue;
import dev.imagescan.store.memory.InMemoryScanTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The enumerate function alone, its handler over the in-memory ports: the schedule's event (events/schedule.json)
 * makes one PERIODIC job per stored image on the scan queue, and nothing else. The same run on the AWS adapters and
 * the local servers, with the scan function then re-matching each image, is functions/end-to-end's
 * {@code ScheduleEndToEndTest}.
 */
class EnumerateFunctionTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final FunctionContext context = new FunctionContext(
            new FunctionSettings("bucket", "table", "queue", 3, 60, null), new InMemoryObjectStore(clock),
            new InMemoryScanTable(clock), queue, new InMemoryPolicyStore(clock), CompletionQueue.NONE);

    @Test
    void theScheduleQueuesOnePeriodicJobPerStoredImage() throws IOException {
        List<String> digests = List.of("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64),
                "sha256:" + "c".repeat(64));
        for (String digest : digests) {
            context.table().images().update(digest, r -> r.withScan("push-" + digest.substring(7, 15),
                    Instant.parse("2026-11-01T00:00:00Z"), "sha256:" + "d".repeat(64), "analyzers",
                    SeverityCounts.NONE));
        }

        Map<String, Object> counts = new EnumerateHandler(context).handleRequest(event(), null);

        assertThat(counts).containsEntry("images", 3).containsEntry("queued", 3).containsEntry("failed", 0)
                .containsEntry("complete", true);
        List<ScanJob> jobs = new ArrayList<>();
        for (InMemoryQueue.Message m : queue.receive(InMemoryQueue.MAX_RECEIVE)) {
            jobs.add(ScanJob.fromJson(m.body()));
        }
        assertThat(queue.visibleCount()).as("nothing more queued").isZero();
        assertThat(jobs).extracting(ScanJob::imageDigest).containsExactlyInAnyOrderElementsOf(digests);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.trigger()).isEqualTo(ScanTrigger.PERIODIC);
            assertThat(job.objectKey()).isNull();
            assertThat(job.scanId()).startsWith("periodic-");
        });
        assertThat(jobs).extracting(ScanJob::scanId).doesNotHaveDuplicates();
        for (ScanJob job : jobs) {
            assertThat(context.table().scans().get(job.scanId()).orElseThrow().trigger())
                    .as("the scan is made before its job is sent").isEqualTo(ScanTrigger.PERIODIC);
        }
    }

    @Test
    void aSendThatFailsLeavesNoQueuedScanWithoutAJob() {
        InMemoryScanTable table = new InMemoryScanTable(clock);
        List<ScanJob> asked = new ArrayList<>();
        JobQueue failing = jobs -> {
            asked.addAll(jobs);
            throw new StoreException("send message batch failed: 500 InternalFailure", null, true);
        };
        FunctionContext broken = new FunctionContext(new FunctionSettings("bucket", "table", "queue", 3, 60, null),
                new InMemoryObjectStore(clock), table, failing, new InMemoryPolicyStore(clock), CompletionQueue.NONE);
        String digest = "sha256:" + "e".repeat(64);
        table.images().update(digest, r -> r.withScan("push-e", Instant.parse("2026-11-01T00:00:00Z"),
                "sha256:" + "d".repeat(64), "analyzers", SeverityCounts.NONE));

        assertThatThrownBy(() -> new EnumerateHandler(broken).handleRequest(event(), null))
                .as("the run fails, and the schedule's retry runs it again").isInstanceOf(StoreException.class);

        assertThat(asked).hasSize(1);
        ScanRecord scan = table.scans().get(asked.get(0).scanId()).orElseThrow();
        assertThat(scan.status()).as("not QUEUED for ever with no job").isEqualTo(ScanStatus.FAILED);
        assertThat(scan.error()).startsWith("the periodic job could not be queued: send message batch failed");
    }

    private static ScheduledEvent event() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (template.yaml) above the module").isNotNull();
        try (InputStream in = Files.newInputStream(dir.resolve("events/schedule.json"))) {
            return LambdaEventSerializers.serializerFor(ScheduledEvent.class,
                    EnumerateFunctionTest.class.getClassLoader()).fromJson(in);
        }
    }
}
