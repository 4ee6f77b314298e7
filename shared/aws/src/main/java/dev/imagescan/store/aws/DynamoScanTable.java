package dev.imagescan.store.aws;

import dev.imagescan.store.Images;
import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.Scans;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link ScanTable} over one DynamoDB table of the {@link ScanTableSchema} (docs/storage.md). Uses only single-item
 * reads and conditional writes (GetItem, PutItem, UpdateItem, DeleteItem) and Query on {@code gsi1}: no
 * transactions, no Scan, no streams.
 */
public final class DynamoScanTable implements ScanTable {
    /** How long finished scans and claims are kept before their TTL lets DynamoDB delete them. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final Images images;
    private final Scans scans;
    private final ScanClaims claims;
    private final LayerIndex layers;

    /** @param dynamo a client built once and shared; this table does not close it */
    public DynamoScanTable(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, Clock.systemUTC(), DEFAULT_RETENTION);
    }

    /**
     * @param clock     the time for leases, scan times and TTLs
     * @param retention how long finished scans and claims are kept
     */
    public DynamoScanTable(DynamoDbClient dynamo, String tableName, Clock clock, Duration retention) {
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, not " + retention);
        }
        TableAccess access = new TableAccess(dynamo, tableName, clock, retention);
        this.images = new DynamoImages(access);
        this.scans = new DynamoScans(access);
        this.claims = new DynamoClaims(access);
        this.layers = new DynamoLayers(access);
    }

    @Override
    public Images images() {
        return images;
    }

    @Override
    public Scans scans() {
        return scans;
    }

    @Override
    public ScanClaims claims() {
        return claims;
    }

    @Override
    public LayerIndex layers() {
        return layers;
    }
}
