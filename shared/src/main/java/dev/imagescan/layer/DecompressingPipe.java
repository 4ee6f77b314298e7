package dev.imagescan.layer;

import dev.imagescan.image.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decompresses a layer blob on a second thread and hands the bytes to the reading thread through a small bounded
 * queue, so that inflating (one core) and hashing plus walking the tar (the other) overlap. The producer runs at most
 * {@value #CHUNKS} chunks ahead, so memory stays flat. Errors of the producer surface in the reader's {@code read}
 * calls; {@link #close()} stops the producer whatever state it is in.
 */
final class DecompressingPipe extends InputStream {
    private static final int CHUNKS = 8;
    private static final int CHUNK_BYTES = 256 * 1024;

    /** A chunk of decompressed bytes, or the end of the stream (length -1), or the producer's failure. */
    private record Chunk(byte[] data, int length, IOException failure) {}

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 2);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread producer;
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private boolean ended;

    /**
     * Starts decompressing {@code raw} with {@code compression}. When the decompressed stream ends, whatever is left of
     * the raw stream is read too (so its hash covers the whole blob) before the end is signalled.
     */
    DecompressingPipe(InputStream raw, Compression compression, String threadName) {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK_BYTES]);
        }
        producer = new Thread(() -> produce(raw, compression), threadName);
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(InputStream raw, Compression compression) {
        try (InputStream in = compression.decompress(raw)) {
            while (!closed) {
                byte[] buffer = takeFree();
                if (buffer == null) {
                    return;
                }
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    put(new Chunk(buffer, n, null));
                }
                if (n < buffer.length) {
                    break;
                }
            }
            byte[] rest = new byte[64 * 1024];
            while (!closed && raw.read(rest) >= 0) {
                // the raw hash sees the rest of the blob (trailing bytes after the compressed stream)
            }
            put(new Chunk(null, -1, null));
        } catch (IOException e) {
            put(new Chunk(null, -1, StageException.of(compression + " data", e)));
        } catch (RuntimeException e) {
            put(new Chunk(null, -1, new IOException(e.toString(), e)));
        }
    }

    private byte[] takeFree() {
        try {
            while (!closed) {
                byte[] b = free.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void put(Chunk chunk) {
        try {
            while (!closed && !full.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                // the reader is slow or gone: wait, or stop when closed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    /** Makes {@link #current} a chunk with bytes left; false at the end of the stream. */
    private boolean next() throws IOException {
        while (current == null || position == current.length()) {
            if (ended) {
                return false;
            }
            if (current != null) {
                free.offer(current.data());
                current = null;
            }
            Chunk chunk;
            try {
                chunk = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a layer");
            }
            if (chunk.failure() != null) {
                ended = true;
                throw chunk.failure();
            }
            if (chunk.length() < 0) {
                ended = true;
                return false;
            }
            current = chunk;
            position = 0;
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        full.clear();
        try {
            producer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
