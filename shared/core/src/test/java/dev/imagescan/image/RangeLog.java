package dev.imagescan.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** A {@link RandomAccessSource} decorator that records every ranged read asked of it, in order. */
public final class RangeLog implements RandomAccessSource {
    /** One ranged read. */
    public record Range(long offset, long length) {
        public long end() {
            return offset + length;
        }

        public boolean overlaps(long start, long size) {
            return offset < start + size && start < end();
        }
    }

    private final RandomAccessSource source;
    private final List<Range> ranges = new ArrayList<>();

    public RangeLog(RandomAccessSource source) {
        this.source = source;
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        synchronized (ranges) {
            ranges.add(new Range(offset, length));
        }
        return source.open(offset, length);
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    public List<Range> ranges() {
        synchronized (ranges) {
            return List.copyOf(ranges);
        }
    }
}
