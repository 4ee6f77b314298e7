package dev.imagescan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.BusEvent;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String DB = "sha256:" + "b".repeat(64);
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void theScanEventIsShapedAsEcrsWithOnlyTheLevelsFound() throws IOException {
        ScanCompleted m = message("scan-2", AT);
        BusEvent event = PublishEvents.scan(m, new PublishEvents.Image(DIGEST, "team/app", List.of("1.2", "latest")),
                new SeverityCounts(2, 0, 1, 3), "COVERED", Map.of("json", "s3://b/k"), List.of("arn:aws:s3:::b/k"));

        assertThat(event.source()).isEqualTo("imagescan");
        assertThat(event.detailType()).isEqualTo("ECR Image Scan");
        JsonNode d = JSON.readTree(event.detail());
        assertThat(d.path("scan-status").asText()).isEqualTo("COMPLETE");
        assertThat(d.path("repository-name").asText()).isEqualTo("team/app");
        assertThat(d.path("image-digest").asText()).isEqualTo(DIGEST);
        assertThat(JSON.convertValue(d.path("image-tags"), List.class)).isEqualTo(List.of("1.2", "latest"));
        assertThat(JSON.convertValue(d.path("finding-severity-counts"), Map.class))
                .isEqualTo(Map.of("HIGH", 2, "LOW", 1, "UNDEFINED", 3));
        assertThat(d.path("completed-at").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(d.path("database-version").asText()).isEqualTo(DB);
        assertThat(d.at("/reports/json").asText()).isEqualTo("s3://b/k");
    }

    @Test
    void theLatestScanIsTheOneTheImageNamesOrNoneNewer() {
        ScanCompleted m = message("scan-2", AT);
        ImageRecord named = ImageRecord.of(DIGEST).withScan("scan-2", AT, DB, "a1",
                dev.imagescan.report.SeverityCounts.NONE);
        ImageRecord newer = named.withScan("scan-3", AT.plusSeconds(1), DB, "a1",
                dev.imagescan.report.SeverityCounts.NONE);
        ImageRecord older = named.withScan("scan-1", AT.minusSeconds(1), DB, "a1",
                dev.imagescan.report.SeverityCounts.NONE);

        assertThat(PublishService.isLatest(Optional.empty(), m)).isTrue();
        assertThat(PublishService.isLatest(Optional.of(ImageRecord.of(DIGEST)), m)).isTrue();
        assertThat(PublishService.isLatest(Optional.of(named), m)).isTrue();
        assertThat(PublishService.isLatest(Optional.of(newer), m)).isFalse();
        assertThat(PublishService.isLatest(Optional.of(older), m)).isTrue();
    }

    private static ScanCompleted message(String scanId, Instant at) {
        return new ScanCompleted(ScanCompleted.Kind.SCANNED, scanId, DIGEST, ScanTrigger.PUSH, DB,
                StoreKeys.imageReport(DIGEST, DB), null, "BLOCKED", null, "3", at);
    }
}
