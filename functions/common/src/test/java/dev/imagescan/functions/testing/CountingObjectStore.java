package dev.imagescan.functions.testing;

import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Counts the calls made to an {@link ObjectStore}, the bytes read from its GETs, per key prefix ("incoming/",
 * "layers/", …), and the bytes its PUTs wrote: how a test proves a re-scan read no layer, and how the benchmark
 * measures S3 traffic.
 */
public final class CountingObjectStore extends ForwardingObjectStore {
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong heads = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> bytesByPrefix = new ConcurrentHashMap<>();

    public CountingObjectStore(ObjectStore delegate) {
        super(delegate);
    }

    @Override
    public String put(String key, byte[] bytes, PutOptions options) {
        puts.incrementAndGet();
        String etag = super.put(key, bytes, options);
        bytesWritten.addAndGet(bytes.length);
        return etag;
    }

    @Override
    public String put(String key, InputStream content, long length, PutOptions options) {
        puts.incrementAndGet();
        String etag = super.put(key, content, length, options);
        bytesWritten.addAndGet(length);
        return etag;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, PutOptions options) {
        puts.incrementAndGet();
        boolean written = super.putIfAbsent(key, bytes, options);
        if (written) {
            bytesWritten.addAndGet(bytes.length);
        }
        return written;
    }

    @Override
    public InputStream get(String key) {
        gets.incrementAndGet();
        return counted(key, super.get(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        gets.incrementAndGet();
        return counted(key, super.get(key, offset, length));
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        heads.incrementAndGet();
        return super.head(key);
    }

    public long gets() {
        return gets.get();
    }

    public long puts() {
        return puts.get();
    }

    public long heads() {
        return heads.get();
    }

    /** Bytes the PUTs that succeeded wrote (a conditional PUT that found the key: none). */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Bytes read from GETs of keys starting with {@code prefix}. */
    public long bytesRead(String prefix) {
        return bytesRead(k -> k.startsWith(prefix));
    }

    public long bytesRead(Predicate<String> prefixes) {
        return bytesByPrefix.entrySet().stream().filter(e -> prefixes.test(e.getKey()))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** Forgets every count. */
    public void reset() {
        gets.set(0);
        puts.set(0);
        heads.set(0);
        bytesWritten.set(0);
        bytesByPrefix.clear();
    }

    private InputStream counted(String key, InputStream in) {
        int slash = key.indexOf('/');
        AtomicLong counter = bytesByPrefix.computeIfAbsent(slash >= 0 ? key.substring(0, slash + 1) : key,
                k -> new AtomicLong());
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    counter.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    counter.addAndGet(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = in.skip(n);
                counter.addAndGet(Math.max(0, s));
                return s;
            }
        };
    }
}
