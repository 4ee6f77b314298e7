package dev.imagescan.store.memory;

import static dev.imagescan.store.memory.InMemoryImagesTest.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.LayerIndexEntry;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The layer index in {@link InMemoryScanTable}: the cases {@code DynamoLayersTest} checks. */
class InMemoryLayersTest {
    private final LayerIndex layers = new InMemoryScanTable(new MutableClock(Instant.EPOCH)).layers();

    @Test
    void theFirstEntryStays() {
        String diffId = digest("layer");
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
        String diffId = digest("shared base layer");
        LayerIndexEntry v1 = new LayerIndexEntry(diffId, "an-1", StoreKeys.layerInventory(diffId, "an-1"), 10,
                Instant.parse("2026-01-01T00:00:00Z"));
        LayerIndexEntry v2 = new LayerIndexEntry(diffId, "an-2", StoreKeys.layerInventory(diffId, "an-2"), 11,
                Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(layers.putIfAbsent(v1)).isTrue();
        assertThat(layers.get(diffId, "an-2")).isEmpty();
        assertThat(layers.putIfAbsent(v2)).isTrue();
        assertThat(layers.get(diffId, "an-1")).contains(v1);
        assertThat(layers.get(diffId, "an-2")).contains(v2);
        assertThat(layers.get(digest("unknown"), "an-1")).isEmpty();
        assertThatThrownBy(() -> layers.get("sha256:nothex", "an-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layers.get(diffId, "an/1")).isInstanceOf(IllegalArgumentException.class);
    }
}
