package dev.imagescan.registry;

import java.util.concurrent.atomic.LongAdder;

/** The bytes fetched from registries: manifests, configs and layer blobs, counted as they arrive. */
public final class FetchCounter {
    private final LongAdder bytes = new LongAdder();
    private final LongAdder blobs = new LongAdder();

    void add(long n) {
        bytes.add(n);
    }

    void blobOpened() {
        blobs.increment();
    }

    /** Every byte fetched so far. */
    public long bytes() {
        return bytes.sum();
    }

    /** How many layer blobs were fetched (opened). */
    public long layerBlobs() {
        return blobs.sum();
    }
}
