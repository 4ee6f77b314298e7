package dev.imagescan.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A local file as a {@link RandomAccessSource}: each range is read with positional reads of one shared channel. */
public final class FileRandomAccessSource implements RandomAccessSource {
    private final FileChannel channel;
    private final long size;
    private final String describe;

    private FileRandomAccessSource(FileChannel channel, long size, String describe) {
        this.channel = channel;
        this.size = size;
        this.describe = describe;
    }

    /** Opens {@code file}, described by its file name. */
    public static FileRandomAccessSource open(Path file) throws IOException {
        Path name = file.getFileName();
        return open(file, name == null ? file.toString() : name.toString());
    }

    /** Opens {@code file}, described as {@code describe}. */
    public static FileRandomAccessSource open(Path file, String describe) throws IOException {
        FileChannel channel = FileChannel.open(file);
        try {
            return new FileRandomAccessSource(channel, channel.size(), describe);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open(long offset, long length) {
        RandomAccessSource.checkRange(offset, length, size);
        return new RangeInputStream(channel, offset, length);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads {@code length} bytes of the channel from {@code offset}, with positional reads (thread-safe). */
    private static final class RangeInputStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        RangeInputStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.end = offset + length;
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
            long remaining = end - position;
            if (remaining <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                return -1;
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
