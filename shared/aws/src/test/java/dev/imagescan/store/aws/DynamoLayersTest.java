package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.LayerIndexEntry;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.aws.LocalAws;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The layer index in {@link DynamoScanTable}: written once per (diffID, analyzer key). */
class DynamoLayersTest {
    private final LocalAws aws = LocalAws.get();
    private LayerIndex layers;

    @BeforeEach
    void table() {
        layers = new DynamoScanTable(aws.dynamoDb(), LocalClients.createTable(aws)).layers();
    }

    @Test
    void theFirstEntryStays() {
        String diffId = Digests.of("layer");
        LayerIndexEntry first = new LayerIndexEntry(diffId, "an-1", StoreKeys.layerInventory(diffId, "an-1"), 42,
                Instant.parse("2026-11-27T10:00:00.001Z"));
        LayerIndexEntry second = new LayerIndexEntry(diffId, "an-1", "layers/elsewhere.json", 7,
                Instant.parse("2026-11-27T11:00:00Z"));

        assertThat(layers.putIfAbsent(first)).isTrue();
        assertThat(layers.putIfAbsent(second)).isFalse();
        assertThat(layers.get(diffId, "an-1")).contains(first);
    }

    @Test
    void eachAnalyzerVersionHasItsOwnEntry() {
        String diffId = Digests.of("shared base layer");
        LayerIndexEntry v1 = new LayerIndexEntry(diffId, "an-1", StoreKeys.layerInventory(diffId, "an-1"), 10,
                Instant.parse("2026-01-01T00:00:00Z"));
        LayerIndexEntry v2 = new LayerIndexEntry(diffId, "an-2", StoreKeys.layerInventory(diffId, "an-2"), 11,
                Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(layers.putIfAbsent(v1)).isTrue();
        assertThat(layers.get(diffId, "an-2")).isEmpty();
        assertThat(layers.putIfAbsent(v2)).isTrue();
        assertThat(layers.get(diffId, "an-1")).contains(v1);
        assertThat(layers.get(diffId, "an-2")).contains(v2);
        assertThat(layers.get(Digests.of("unknown"), "an-1")).isEmpty();
        assertThatThrownBy(() -> layers.get("sha256:nothex", "an-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
