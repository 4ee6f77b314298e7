package dev.imagescan.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one scan of one image has consumed against its budget: the uncompressed bytes read (every layer read and
 * re-read together) and the time since it started. Thread-safe: the layers of an image are read on several threads,
 * each charging the one meter. Past either bound, {@link #charge} and {@link #checkTime} throw a
 * {@link BudgetExceededException} naming the image, the budget and where the scan was.
 */
public final class BudgetMeter {
    private final String image;
    private final long maxBytes;
    private final Duration maxTime;
    private final long maxNanos;
    private final long start = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * A meter for a scan of {@code image} (its name, for messages) starting now, allowed {@code maxBytes} uncompressed
     * bytes and {@code maxTime}.
     */
    public BudgetMeter(String image, long maxBytes, Duration maxTime) {
        if (maxBytes <= 0 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a scan budget must be positive");
        }
        this.image = image;
        this.maxBytes = maxBytes;
        this.maxTime = maxTime;
        this.maxNanos = nanos(maxTime);
    }

    /** A meter that never stops a scan (for readers used outside a scan). */
    public static BudgetMeter unlimited(String image) {
        return new BudgetMeter(image, Long.MAX_VALUE, Duration.ofNanos(Long.MAX_VALUE));
    }

    /** Counts {@code n} more uncompressed bytes read in {@code where} (a layer's name), then checks both bounds. */
    public void charge(long n, String where) {
        long total = bytes.addAndGet(n);
        if (total > maxBytes) {
            throw new BudgetExceededException(image + ": the scan read more than its budget of " + maxBytes
                    + " uncompressed bytes (all layers and re-reads together); stopped in " + where);
        }
        checkTime(where);
    }

    /** Throws when the scan has run longer than its time budget; {@code where} says what it was doing. */
    public void checkTime(String where) {
        if (System.nanoTime() - start > maxNanos) {
            throw new BudgetExceededException(image + ": the scan ran longer than its budget of "
                    + describe(maxTime) + "; stopped in " + where);
        }
    }

    /** The uncompressed bytes charged so far. */
    public long bytes() {
        return bytes.get();
    }

    /** The most uncompressed bytes the scan may read. */
    public long maxBytes() {
        return maxBytes;
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
