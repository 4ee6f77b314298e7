package dev.imagescan.store.aws;

import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.LayerIndexEntry;
import dev.imagescan.store.StoreKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Layer index entries as items {@code pk = LAYER#<diffID>, sk = ANALYZER#<analyzerKey>}, written once by a
 * PutItem conditional on the item being absent. All analyzer keys of a layer share its partition.
 */
final class DynamoLayers implements LayerIndex {
    static final String TYPE = "LAYER";

    private final TableAccess table;

    DynamoLayers(TableAccess table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(String diffId, String analyzerKey) {
        return TableAccess.key("LAYER#" + diffId, "ANALYZER#" + analyzerKey);
    }

    @Override
    public boolean putIfAbsent(LayerIndexEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(entry.diffId(), entry.analyzerKey()));
        item.put("type", Items.s(TYPE));
        item.put("diffId", Items.s(entry.diffId()));
        item.put("analyzerVersion", Items.s(entry.analyzerKey()));
        item.put("objectKey", Items.s(entry.objectKey()));
        item.put("packageCount", Items.n(entry.packageCount()));
        item.put("createdAt", Items.millis(entry.createdAt()));
        try {
            table.put(item, "attribute_not_exists(#pk)", Map.of("#pk", ScanTableSchema.PK), Map.of(),
                    "layer " + entry.diffId());
            return true;
        } catch (ConditionFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<LayerIndexEntry> get(String diffId, String analyzerKey) {
        StoreKeys.requireDigest("diffID", diffId);
        StoreKeys.requireVersion("analyzer key", analyzerKey);
        return table.get(key(diffId, analyzerKey), "layer " + diffId).map(item -> new LayerIndexEntry(
                Items.requiredString(item, "diffId"), Items.requiredString(item, "analyzerVersion"),
                Items.requiredString(item, "objectKey"), (int) Items.number(item, "packageCount"),
                Items.instant(item, "createdAt")));
    }
}
