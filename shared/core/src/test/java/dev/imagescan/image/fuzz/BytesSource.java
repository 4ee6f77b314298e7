package dev.imagescan.image.fuzz;

import dev.imagescan.image.RandomAccessSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** An image archive held in memory, as the fuzz tests hand one to the scanner. */
public record BytesSource(byte[] bytes, String describe) implements RandomAccessSource {

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream open(long offset, long length) {
        RandomAccessSource.checkRange(offset, length, bytes.length);
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }
}
