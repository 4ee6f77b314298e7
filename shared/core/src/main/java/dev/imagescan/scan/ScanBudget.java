package dev.imagescan.scan;

import dev.imagescan.common.BudgetMeter;
import dev.imagescan.layer.LayerLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * What one scan of one image may cost in all, on top of the per-layer {@link LayerLimits}: uncompressed bytes (every
 * layer read, re-reads for links, and a whole-archive gzip or zstd image inflated to scratch) and wall time. Against
 * amplification: a 2 MB gzip layer inflating to 2 GiB, one blob listed in the manifest many times, chains of links
 * re-reading a large layer. Past either bound the scan fails with a
 * {@link dev.imagescan.common.BudgetExceededException} naming the budget.
 *
 * @param maxUncompressedBytes the most uncompressed bytes the scan may read; by default 4 times the layer limit
 * @param maxTime              the longest the scan may run, from the image being opened to the inventory
 */
public record ScanBudget(long maxUncompressedBytes, Duration maxTime) {
    /** How many layer limits' worth of bytes an image may read by default. */
    public static final int LAYERS_OF_BYTES = 4;
    /** The default time budget: 30 minutes, far above the few seconds to minutes real images take. */
    public static final Duration DEFAULT_TIME = Duration.ofMinutes(30);
    /** 4 × the default layer limit (64 GiB) and 30 minutes. */
    public static final ScanBudget DEFAULT = forLayers(LayerLimits.DEFAULT);

    public ScanBudget {
        Objects.requireNonNull(maxTime, "maxTime");
        if (maxUncompressedBytes <= 0 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a scan budget must be positive");
        }
    }

    /** {@link #LAYERS_OF_BYTES} times the layer limit of {@code limits} (saturating) and {@link #DEFAULT_TIME}. */
    public static ScanBudget forLayers(LayerLimits limits) {
        long bytes = limits.maxUncompressedBytes() > Long.MAX_VALUE / LAYERS_OF_BYTES ? Long.MAX_VALUE
                : limits.maxUncompressedBytes() * LAYERS_OF_BYTES;
        return new ScanBudget(bytes, DEFAULT_TIME);
    }

    public ScanBudget withMaxUncompressedBytes(long bytes) {
        return new ScanBudget(bytes, maxTime);
    }

    public ScanBudget withMaxTime(Duration time) {
        return new ScanBudget(maxUncompressedBytes, time);
    }

    /** A meter for one scan of {@code image}, starting now. */
    BudgetMeter start(String image) {
        return new BudgetMeter(image, maxUncompressedBytes, maxTime);
    }
}
