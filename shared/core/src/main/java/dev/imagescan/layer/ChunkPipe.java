package dev.imagescan.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream whose bytes are produced on a thread of its own: the producer reads from its source into a few reused
 * buffers and hands them over through a bounded queue, so inflating a layer (one core) runs beside hashing and
 * walking its tar (the other). A three-stage split (reading and hashing the blob on a third thread) measured no
 * faster on two cores. At most {@value #CHUNKS} chunks are in flight, so memory stays flat.
 * A failure of the producer surfaces in the reader's {@code read}; {@link #close()} stops the producer.
 */
final class ChunkPipe extends InputStream {
    static final int CHUNKS = 8;
    static final int CHUNK_BYTES = 256 * 1024;

    /** Where the producer gets its bytes: the source stream, opened on the producer's thread. */
    interface Source {
        InputStream open() throws IOException;
    }

    /** A chunk of bytes, or the end of the stream (length -1), or the producer's failure. */
    private record Chunk(byte[] data, int length, IOException failure) {}

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 2);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final String stage;
    private final Thread producer;
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private boolean ended;

    /**
     * Starts a thread that reads {@code source} to its end into this pipe. I/O errors not already marked with a stage
     * are marked with {@code stage} ("gzip data").
     */
    ChunkPipe(Source source, String stage, String threadName) {
        this.stage = stage;
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK_BYTES]);
        }
        producer = new Thread(() -> produce(source), threadName);
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(Source source) {
        try (InputStream in = source.open()) {
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
            put(new Chunk(null, -1, null));
        } catch (IOException e) {
            put(new Chunk(null, -1, StageException.of(stage, e)));
        } catch (RuntimeException e) {
            put(new Chunk(null, -1, StageException.of(stage, new IOException(e.toString(), e))));
        } catch (Error e) {
            put(new Chunk(null, -1, StageException.of(stage, new IOException(e.toString(), e))));
            throw e;
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
                // the reader is slow: wait, or stop once closed
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
