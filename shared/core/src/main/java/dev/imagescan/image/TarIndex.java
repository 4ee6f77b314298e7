package dev.imagescan.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The table of contents of an uncompressed tar file: where each member's data starts and how long it is. Read with
 * commons-compress's random-access {@link TarFile}, which seeks over member data, so opening a large image archive
 * reads only its headers (through a {@link ReadAheadChannel}, a few small ranged reads). The number of headers read is
 * capped (through the channel), so a hostile archive of millions of tiny members cannot exhaust memory, and each header
 * passes {@link ExtendedHeaderGuard} before {@link TarFile} acts on it, so one huge PAX or GNU long-name header cannot
 * either.
 */
final class TarIndex {
    static final int MAX_MEMBERS = 20_000;

    /** One member of the tar. */
    record Member(String name, long offset, long size, String linkTarget, boolean symlink, boolean hardlink, boolean regular) {}

    private final Map<String, Member> members;

    private TarIndex(Map<String, Member> members) {
        this.members = members;
    }

    /** Indexes the tar that {@code channel} reads, from its current position; the caller closes the channel. */
    static TarIndex read(SeekableByteChannel channel, String describe) throws IOException {
        Map<String, Member> members = new HashMap<>();
        try (TarFile tar = new TarFile(new CappedChannel(channel, describe))) {
            for (TarArchiveEntry entry : tar.getEntries()) {
                String name = ArchivePaths.normalize(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                members.put(name, new Member(name, entry.getDataOffset(), entry.getSize(), entry.getLinkName(),
                        entry.isSymbolicLink(), entry.isLink(), entry.isFile()));
            }
        }
        return new TarIndex(members);
    }

    Member get(String name) {
        return members.get(name);
    }

    /**
     * A read-only view of the archive's channel that counts the reads {@link TarFile} makes (one or two per member:
     * a header, and the contents of PAX or long-name records) and fails past a bound, and checks each header record
     * (a read of exactly one 512-byte record) with an {@link ExtendedHeaderGuard}.
     */
    private static final class CappedChannel implements SeekableByteChannel {
        private static final int RECORD = 512;
        private final SeekableByteChannel channel;
        private final String describe;
        private final ExtendedHeaderGuard guard = new ExtendedHeaderGuard();
        private int reads;

        CappedChannel(SeekableByteChannel channel, String describe) {
            this.channel = channel;
            this.describe = describe;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (++reads > 3 * MAX_MEMBERS) {
                throw new ImageFormatException(describe + ": more than " + MAX_MEMBERS + " members; not an image archive");
            }
            long position = channel.position();
            int start = dst.position();
            boolean header = dst.remaining() == RECORD && dst.hasArray();
            int n = channel.read(dst);
            if (header && n == RECORD) {
                String problem = guard.check(dst.array(), dst.arrayOffset() + start, position);
                if (problem != null) {
                    throw new ImageFormatException(describe + ": " + problem);
                }
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the caller closes the channel
        }
    }
}
