package dev.imagescan.functions.testing;

import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.StoreException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Fails the first {@code times} puts of byte arrays whose key matches, as a service failing mid-scan would: the
 * injected failure of the retry tests.
 */
public final class FailingObjectStore extends ForwardingObjectStore {
    private final Predicate<String> keys;
    private final AtomicInteger remaining;
    private final AtomicInteger failed = new AtomicInteger();

    public FailingObjectStore(ObjectStore delegate, Predicate<String> keys, int times) {
        super(delegate);
        this.keys = keys;
        this.remaining = new AtomicInteger(times);
    }

    /** How many puts were failed. */
    public int failed() {
        return failed.get();
    }

    @Override
    public String put(String key, byte[] bytes, PutOptions options) {
        if (keys.test(key) && remaining.getAndDecrement() > 0) {
            failed.incrementAndGet();
            throw new StoreException("injected failure writing " + key, null);
        }
        return super.put(key, bytes, options);
    }
}
