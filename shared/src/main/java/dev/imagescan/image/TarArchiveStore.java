package dev.imagescan.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The members of an uncompressed image archive tar (docker-archive or OCI archive), read in place by offset.
 * Symbolic and hard links between members (skopeo writes {@code <id>/layer.tar -> ../<diffid>.tar}) are followed
 * inside the archive only.
 */
final class TarArchiveStore implements BlobStore {
    private static final int MAX_LINK_HOPS = 16;

    private final String describe;
    private final TarIndex index;
    private final FileChannel channel;

    private TarArchiveStore(String describe, TarIndex index, FileChannel channel) {
        this.describe = describe;
        this.index = index;
        this.channel = channel;
    }

    static TarArchiveStore open(Path file, String describe) throws IOException {
        TarIndex index = TarIndex.read(file, describe);
        return new TarArchiveStore(describe, index, FileChannel.open(file));
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public long size(String path) {
        TarIndex.Member member = resolve(path);
        return member == null ? -1 : member.size();
    }

    @Override
    public InputStream open(String path) throws IOException {
        TarIndex.Member member = resolve(path);
        if (member == null) {
            throw new ImageFormatException(describe + ": no file '" + path + "' in the archive");
        }
        return new RangeInputStream(channel, member.offset(), member.size());
    }

    private TarIndex.Member resolve(String path) {
        String name = ArchivePaths.normalize(path);
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            TarIndex.Member member = index.get(name);
            if (member == null) {
                return null;
            }
            if (member.symlink()) {
                name = ArchivePaths.resolveLink(name, member.linkTarget());
            } else if (member.hardlink()) {
                name = ArchivePaths.normalize(member.linkTarget());
            } else {
                return member.regular() ? member : null;
            }
        }
        throw new ImageFormatException(describe + ": '" + path + "' is a chain of more than " + MAX_LINK_HOPS + " links");
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
