package dev.imagescan.store.aws;

import dev.imagescan.report.SeverityCounts;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.Images;
import dev.imagescan.store.Page;
import dev.imagescan.store.PageTokens;
import dev.imagescan.store.StoreKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Images as items {@code pk = IMAGE#<digest>, sk = IMAGE}, written whole by PutItem conditional on {@code revision};
 * listed through {@code gsi1} whose partition key {@code IMAGES#<shard>} spreads images over 16 partitions by the
 * first hex digit of their digest, so no listing Scans the table and no index partition is hot.
 */
final class DynamoImages implements Images {
    static final String TYPE = "IMAGE";
    static final String SHARD_PREFIX = "IMAGES#";
    static final String SHARDS = "0123456789abcdef";
    private static final String TOKEN_VERSION = "i1";

    private final TableAccess table;

    DynamoImages(TableAccess table) {
        this.table = table;
    }

    static String pk(String digest) {
        return "IMAGE#" + digest;
    }

    /** The shard of a digest: the first hex digit after the algorithm. */
    static char shard(String digest) {
        return digest.charAt(digest.indexOf(':') + 1);
    }

    @Override
    public Optional<ImageRecord> get(String digest) {
        StoreKeys.requireDigest("image digest", digest);
        return table.get(TableAccess.key(pk(digest), TYPE), "image " + digest).map(DynamoImages::fromItem);
    }

    @Override
    public ImageRecord save(ImageRecord image) {
        long next = image.revision() + 1;
        Map<String, AttributeValue> item = toItem(image, next);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (image.isNew()) {
            names.put("#pk", ScanTableSchema.PK);
            condition = "attribute_not_exists(#pk)";
        } else {
            names.put("#rev", "revision");
            values.put(":rev", Items.n(image.revision()));
            condition = "#rev = :rev";
        }
        table.put(item, condition, names, values, "image " + image.digest() + " at revision " + image.revision());
        return image.atRevision(next);
    }

    @Override
    public Page<ImageRecord> list(int pageSize, String pageToken) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + ", not " + pageSize);
        }
        int shard = 0;
        String after = null;
        if (pageToken != null) {
            Map<String, String> token = PageTokens.decode(pageToken);
            if (!TOKEN_VERSION.equals(token.get("v"))) {
                throw PageTokens.malformed("it is not an image listing token", null);
            }
            String s = PageTokens.required(token, "s");
            shard = s.length() == 1 ? SHARDS.indexOf(s.charAt(0)) : -1;
            if (shard < 0) {
                throw PageTokens.malformed("unknown shard '" + s + "'", null);
            }
            after = token.get("d");
            if (after != null) {
                try {
                    StoreKeys.requireDigest("digest", after);
                } catch (IllegalArgumentException e) {
                    throw PageTokens.malformed("its digest is not one", e);
                }
                if (shard(after) != SHARDS.charAt(shard)) {
                    throw PageTokens.malformed("its digest is not in its shard", null);
                }
            }
        }
        List<ImageRecord> items = new ArrayList<>(pageSize);
        while (shard < SHARDS.length()) {
            QueryResponse response = table.query(query(SHARDS.charAt(shard), after, pageSize - items.size()),
                    "images");
            for (Map<String, AttributeValue> item : response.items()) {
                items.add(fromItem(item));
            }
            boolean shardHasMore = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            if (shardHasMore) {
                after = Items.requiredString(response.lastEvaluatedKey(), ScanTableSchema.GSI1_SK);
            } else {
                shard++;
                after = null;
            }
            if (items.size() == pageSize) {
                break;
            }
        }
        return new Page<>(items, shard < SHARDS.length() ? token(SHARDS.charAt(shard), after) : null);
    }

    private QueryRequest query(char shard, String after, int limit) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.table)
                .indexName(ScanTableSchema.GSI1)
                .keyConditionExpression("#gpk = :gpk")
                .expressionAttributeNames(Map.of("#gpk", ScanTableSchema.GSI1_PK))
                .expressionAttributeValues(Map.of(":gpk", Items.s(SHARD_PREFIX + shard)))
                .limit(limit);
        if (after != null) {
            query.exclusiveStartKey(Map.of(
                    ScanTableSchema.PK, Items.s(pk(after)),
                    ScanTableSchema.SK, Items.s(TYPE),
                    ScanTableSchema.GSI1_PK, Items.s(SHARD_PREFIX + shard),
                    ScanTableSchema.GSI1_SK, Items.s(after)));
        }
        return query.build();
    }

    private static String token(char shard, String after) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("v", TOKEN_VERSION);
        fields.put("s", String.valueOf(shard));
        if (after != null) {
            fields.put("d", after);
        }
        return PageTokens.encode(fields);
    }

    static Map<String, AttributeValue> toItem(ImageRecord image, long revision) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ScanTableSchema.PK, Items.s(pk(image.digest())));
        item.put(ScanTableSchema.SK, Items.s(TYPE));
        item.put(ScanTableSchema.GSI1_PK, Items.s(SHARD_PREFIX + shard(image.digest())));
        item.put(ScanTableSchema.GSI1_SK, Items.s(image.digest()));
        item.put("type", Items.s(TYPE));
        item.put("digest", Items.s(image.digest()));
        Items.putString(item, "repository", image.repository());
        Items.putString(item, "registry", image.registry());
        if (!image.tags().isEmpty()) {
            item.put("tags", Items.list(image.tags()));
        }
        Items.putString(item, "sourceKey", image.sourceKey());
        Items.putMillis(item, "firstScanAt", image.firstScanAt());
        Items.putMillis(item, "lastScanAt", image.lastScanAt());
        Items.putString(item, "dbVersion", image.dbVersion());
        Items.putString(item, "analyzerVersion", image.analyzerKey());
        item.put("high", Items.n(image.counts().high()));
        item.put("medium", Items.n(image.counts().medium()));
        item.put("low", Items.n(image.counts().low()));
        item.put("unknown", Items.n(image.counts().unknown()));
        Items.putString(item, "lastScanId", image.lastScanId());
        Items.putString(item, "verdict", image.verdict());
        Items.putString(item, "policyVersion", image.policyVersion());
        item.put("revision", Items.n(revision));
        return item;
    }

    static ImageRecord fromItem(Map<String, AttributeValue> item) {
        SeverityCounts counts = new SeverityCounts((int) Items.number(item, "high"), (int) Items.number(item, "medium"),
                (int) Items.number(item, "low"), (int) Items.number(item, "unknown"));
        return new ImageRecord(Items.requiredString(item, "digest"), Items.string(item, "repository"),
                Items.strings(item, "tags"), Items.string(item, "sourceKey"), Items.instant(item, "firstScanAt"),
                Items.instant(item, "lastScanAt"), Items.string(item, "dbVersion"),
                Items.string(item, "analyzerVersion"), counts, Items.string(item, "lastScanId"),
                Items.string(item, "verdict"), Items.string(item, "policyVersion"), Items.number(item, "revision"),
                Items.string(item, "registry"));
    }
}
