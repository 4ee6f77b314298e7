package dev.imagescan.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what is read through another source: ranged reads ({@link #requests()}), the bytes they asked for
 * ({@link #bytesRequested()}) and the bytes actually read from them ({@link #bytesRead()}; skipped bytes count, as they
 * cross the wire too). For tests and benchmarks ("bytes read from S3 ÷ bytes of unique layers"). Closing it closes
 * the counted source.
 */
public final class CountingRandomAccessSource implements RandomAccessSource {
    private final RandomAccessSource source;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesRequested = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();

    public CountingRandomAccessSource(RandomAccessSource source) {
        this.source = source;
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        InputStream in = source.open(offset, length);
        requests.incrementAndGet();
        bytesRequested.addAndGet(length);
        return new CountingStream(in);
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** How many ranged reads were made. */
    public long requests() {
        return requests.get();
    }

    /** The sum of the lengths of the ranged reads. */
    public long bytesRequested() {
        return bytesRequested.get();
    }

    /** The bytes read from the ranged reads' streams. */
    public long bytesRead() {
        return bytesRead.get();
    }

    private final class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytesRead.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                bytesRead.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            bytesRead.addAndGet(Math.max(0, skipped));
            return skipped;
        }
    }
}
