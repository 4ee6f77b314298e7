package dev.imagescan.image;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A read-only {@link SeekableByteChannel} over a {@link RandomAccessSource} that turns many small reads into a few
 * ranged ones: a read that misses fetches a block of at least {@value #MIN_BLOCK} bytes; a miss just past the
 * previous block fetches from that block's end, and from the second such miss in a row (a run of small members)
 * twice as much each time, up to {@value #MAX_BLOCK}.
 * So commons-compress's {@code TarFile}, which reads one 512-byte header per member and seeks over member data,
 * indexes an image archive with about one small read per run of headers, never reading a layer blob through.
 *
 * <p>Fetched blocks are kept (up to {@value #RETAINED_BYTES} bytes, adjacent ones merged) and
 * {@link #openCached(long, long)} serves a range lying inside one of them: the small JSON members (index, manifest,
 * config) read while indexing are not fetched a second time. Not for concurrent reads; {@link #openCached} may be
 * called from any thread. Closing the channel does not close the source.
 */
public final class ReadAheadChannel implements SeekableByteChannel {
    /** The least a read that misses fetches. */
    public static final int MIN_BLOCK = 4 * 1024;
    /** The most one fetch reads; a longer read takes several. */
    public static final int MAX_BLOCK = 64 * 1024;
    /** How many fetched bytes are kept for {@link #openCached}. */
    public static final int RETAINED_BYTES = 1024 * 1024;

    private final RandomAccessSource source;
    private final long size;
    private final TreeMap<Long, byte[]> blocks = new TreeMap<>();
    private long retained;
    private long position;
    private long lastFetchEnd = -1;
    private int lastBlock;
    private int continuations;
    private boolean open = true;

    public ReadAheadChannel(RandomAccessSource source) {
        this.source = source;
        this.size = source.size();
    }

    /** Fills {@code dst} from the current position (fewer bytes only at the end of the source). */
    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && position < size) {
            Map.Entry<Long, byte[]> block = blockAt(position);
            if (block == null) {
                block = fetch(position, dst.remaining());
            }
            int from = (int) (position - block.getKey());
            int n = Math.min(dst.remaining(), block.getValue().length - from);
            dst.put(block.getValue(), from, n);
            position += n;
            total += n;
        }
        return total;
    }

    /**
     * The {@code length} bytes at {@code offset} when a kept block holds all of them, else null (read them from the
     * source then).
     */
    public synchronized InputStream openCached(long offset, long length) {
        Map.Entry<Long, byte[]> block = blockAt(offset);
        if (block == null) {
            return null;
        }
        long from = offset - block.getKey();
        if (from + length > block.getValue().length) {
            return null;
        }
        return new ByteArrayInputStream(block.getValue(), (int) from, (int) length);
    }

    private Map.Entry<Long, byte[]> blockAt(long offset) {
        Map.Entry<Long, byte[]> block = blocks.floorEntry(offset);
        return block != null && offset < block.getKey() + block.getValue().length ? block : null;
    }

    /** Fetches a block holding {@code at}, and as much of the {@code wanted} bytes from there as a block may hold. */
    private Map.Entry<Long, byte[]> fetch(long at, int wanted) throws IOException {
        long start = at;
        int length = MIN_BLOCK;
        boolean justPast = lastFetchEnd >= 0 && at >= lastFetchEnd && at - lastFetchEnd < lastBlock;
        Long next = blocks.higherKey(at);
        if (justPast && Objects.equals(blocks.ceilingKey(lastFetchEnd), next)) {
            start = lastFetchEnd;
            length = continuations++ == 0 ? lastBlock : Math.min(MAX_BLOCK, lastBlock * 2);
        } else {
            continuations = 0;
        }
        long end = Math.max(start + length, Math.min(at + wanted, start + MAX_BLOCK));
        if (next != null) {
            end = Math.min(end, next);
        }
        end = Math.min(end, size);
        byte[] bytes = readRange(start, (int) (end - start));
        lastFetchEnd = end;
        lastBlock = bytes.length;
        return keep(start, bytes);
    }

    private byte[] readRange(long start, int length) throws IOException {
        byte[] bytes;
        try (InputStream in = source.open(start, length)) {
            bytes = in.readNBytes(length);
        }
        if (bytes.length < length) {
            throw new EOFException(source.describe() + " ends at byte " + (start + bytes.length) + " but claims "
                    + size + " bytes");
        }
        return bytes;
    }

    /** Keeps the block, merged with the one it continues; past the budget, only this block is kept. */
    private Map.Entry<Long, byte[]> keep(long start, byte[] bytes) {
        if (retained + bytes.length > RETAINED_BYTES) {
            blocks.clear();
            retained = 0;
        }
        Map.Entry<Long, byte[]> before = blocks.lowerEntry(start);
        retained += bytes.length;
        if (before != null && before.getKey() + before.getValue().length == start) {
            byte[] merged = new byte[before.getValue().length + bytes.length];
            System.arraycopy(before.getValue(), 0, merged, 0, before.getValue().length);
            System.arraycopy(bytes, 0, merged, before.getValue().length, bytes.length);
            start = before.getKey();
            bytes = merged;
        }
        blocks.put(start, bytes);
        return Map.entry(start, bytes);
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
