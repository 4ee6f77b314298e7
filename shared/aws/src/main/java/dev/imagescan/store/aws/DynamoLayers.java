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
 * Layer index entries as items {@code pk = LAYER#<diffID>, sk = ANALYZER#<analyzerVersion>}, written once by a
 * PutItem conditional on the item being absent. All analyzer versions of a layer share its partition.
 */
final class DynamoLayers implements LayerIndex {
    static final String TYPE = "LAYER";

    private final TableAccess table;

    DynamoLayers(TableAccess table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(String diffId, String analyzerVersion) {
        return TableAccess.key("LAYER#" + diffId, "ANALYZER#" + analyzerVersion);
    }

    @Override
    public boolean putIfAbsent(LayerIndexEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(entry.diffId(), entry.analyzerVersion()));
        item.put("type", Items.s(TYPE));
        item.put("diffId", Items.s(entry.diffId()));
        item.put("analyzerVersion", Items.s(entry.analyzerVersion()));
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
    public Optional<LayerIndexEntry> get(String diffId, String analyzerVersion) {
        StoreKeys.requireDigest("diffID", diffId);
        StoreKeys.requireVersion("analyzer version", analyzerVersion);
        return table.get(key(diffId, analyzerVersion), "layer " + diffId).map(item -> new LayerIndexEntry(
                Items.requiredString(item, "diffId"), Items.requiredString(item, "analyzerVersion"),
                Items.requiredString(item, "objectKey"), (int) Items.number(item, "packageCount"),
                Items.instant(item, "createdAt")));
    }
}
