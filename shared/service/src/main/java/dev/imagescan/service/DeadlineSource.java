package dev.imagescan.service;

import dev.imagescan.image.RandomAccessSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An archive read under a {@link Deadline}: every range opened and every read of its bytes checks the deadline first,
 * so a scan reading a large layer stops within one buffer of it instead of running the invocation out. The deadline
 * surfaces as {@link Deadline.DeadlineExceededException}, or as whatever the scanner wraps it in; the scan service
 * asks the deadline, not the exception, whether time ran out.
 */
final class DeadlineSource implements RandomAccessSource {
    private final RandomAccessSource source;
    private final Deadline deadline;

    DeadlineSource(RandomAccessSource source, Deadline deadline) {
        this.source = source;
        this.deadline = deadline;
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        deadline.check("reading " + source.describe());
        return new FilterInputStream(source.open(offset, length)) {
            @Override
            public int read() throws IOException {
                deadline.check("reading " + source.describe());
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                deadline.check("reading " + source.describe());
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                deadline.check("reading " + source.describe());
                return super.skip(n);
            }
        };
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
