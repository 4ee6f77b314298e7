package dev.imagescan.store.memory;

import dev.imagescan.store.Images;
import dev.imagescan.store.LayerIndex;
import dev.imagescan.store.ScanClaims;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.Scans;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link ScanTable} in memory, with the conditions of {@code DynamoScanTable}'s single-item writes (docs/storage.md,
 * "Table design"): images written at the revision they were read at, scans moved only from the states the target
 * allows, claims taken only when absent or when a CLAIMED lease has ended, layer entries written once. Each part
 * decides under its own lock, so a condition and its write are one step, as DynamoDB's are.
 *
 * <p>Times are kept to the millisecond and TTLs to the second, as the table stores them. A finished scan or a claim
 * whose TTL ({@code expiresAt}) is earlier than the clock's time is gone: DynamoDB deletes such items some time
 * later, this table at once, so a test can move the clock past a TTL and see what follows.
 */
public final class InMemoryScanTable implements ScanTable {
    /** How long finished scans and claims are kept before their TTL ends them (the DynamoDB adapter's default). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private final Images images;
    private final Scans scans;
    private final ScanClaims claims;
    private final LayerIndex layers;

    /** A table on {@code clock} keeping finished scans and claims for {@link #DEFAULT_RETENTION}. */
    public InMemoryScanTable(Clock clock) {
        this(clock, DEFAULT_RETENTION);
    }

    /**
     * @param clock     the time for leases, scan times and TTLs
     * @param retention how long finished scans and claims are kept
     */
    public InMemoryScanTable(Clock clock, Duration retention) {
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, not " + retention);
        }
        this.images = new InMemoryImages();
        this.scans = new InMemoryScans(clock, retention);
        this.claims = new InMemoryClaims(clock, retention);
        this.layers = new InMemoryLayers();
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
