package dev.imagescan.functions.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.enumerate.EnumerateHandler;
import dev.imagescan.functions.scan.ScanHandler;
import dev.imagescan.functions.testing.CountingObjectStore;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.scan.ScanStats;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.Corpus;
import dev.imagescan.vulndb.testing.Databases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule end to end: enumerate queues a job per image, the scan function re-matches each, reading no layer. */
class ScheduleEndToEndTest {
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final LocalStack stack = new LocalStack();

    @Test
    void theScheduleReMatchesEveryImageWithZeroLayerReads() throws IOException {
        CountingObjectStore[] counting = new CountingObjectStore[1];
        FunctionContext context = stack.context().withStore(s -> counting[0] = new CountingObjectStore(s));
        ScanStats stats = new ScanStats();
        ScanHandler scan = new ScanHandler(context, stats);
        stack.push("incoming/alpine-3.20.tar", Corpus.image("alpine-3.20.3.oci.tar"));
        stack.push("incoming/debian.tar", Corpus.image("debian-bookworm-trimmed.oci.tar"));
        assertThat(stack.eventSource().drain(scan, DRAIN)).isTrue();
        List<ImageRecord> before = context.table().images().list(10, null).items();
        assertThat(before).hasSize(2);
        int layersAtPush = stats.layersRead().size();

        context.store().put("vulndb/v2/vulndb.bin", Databases.empty(Instant.parse("2026-06-01T00:00:00Z")),
                PutOptions.BINARY);
        context.store().put(StoreKeys.VULNDB_CURRENT, "vulndb/v2/vulndb.bin".getBytes(StandardCharsets.UTF_8),
                PutOptions.BINARY);
        counting[0].reset();

        Map<String, Object> counts = new EnumerateHandler(context).handleRequest(event(), null);
        assertThat(counts).containsEntry("images", 2).containsEntry("queued", 2).containsEntry("failed", 0)
                .containsEntry("complete", true);
        assertThat(stack.eventSource().drain(scan, DRAIN)).isTrue();

        for (ImageRecord image : context.table().images().list(10, null).items()) {
            assertThat(image.lastScanId()).startsWith("periodic-");
            assertThat(image.counts().total()).isZero();
            assertThat(context.table().scans().get(image.lastScanId()).orElseThrow().status().name())
                    .isEqualTo("DONE");
        }
        assertThat(stats.layersRead()).as("no layer read by the re-scans").hasSize(layersAtPush);
        assertThat(counting[0].bytesRead("incoming/") + counting[0].bytesRead("layers/")).isZero();
        assertThat(stack.deadLetters()).isZero();
    }

    private static ScheduledEvent event() throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (dir != null && !java.nio.file.Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (template.yaml) above the module").isNotNull();
        try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve("events/schedule.json"))) {
            return LambdaEventSerializers.serializerFor(ScheduledEvent.class,
                    ScheduleEndToEndTest.class.getClassLoader()).fromJson(in);
        }
    }
}
