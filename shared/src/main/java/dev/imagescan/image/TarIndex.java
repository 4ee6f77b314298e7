package dev.imagescan.image;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The table of contents of an uncompressed tar file: where each member's data starts and how long it is.
 * Built by reading headers only (data is skipped by seeking), so opening a large image archive is quick and
 * costs memory per member, not per byte; the member count is capped.
 */
final class TarIndex {
    static final int MAX_MEMBERS = 100_000;

    /** One member of the tar. */
    record Member(String name, long offset, long size, String linkTarget, boolean symlink, boolean hardlink, boolean regular) {}

    private final Map<String, Member> members;

    private TarIndex(Map<String, Member> members) {
        this.members = members;
    }

    static TarIndex read(Path file, String describe) throws IOException {
        Map<String, Member> members = new HashMap<>();
        try (FileChannel channel = FileChannel.open(file);
                PositionStream counting = new PositionStream(Channels.newInputStream(channel), channel);
                TarArchiveInputStream tar = new TarArchiveInputStream(counting)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (members.size() >= MAX_MEMBERS) {
                    throw new ImageFormatException(describe + ": more than " + MAX_MEMBERS + " members; not an image archive");
                }
                String name = ArchivePaths.normalize(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                long offset = counting.position();
                if (entry.getSize() < 0 || offset + entry.getSize() > channel.size()) {
                    throw new EOFException("member '" + entry.getName() + "' claims " + entry.getSize()
                            + " bytes but the archive ends before that");
                }
                members.put(name, new Member(name, offset, entry.getSize(), entry.getLinkName(),
                        entry.isSymbolicLink(), entry.isLink(), entry.isFile()));
            }
        }
        return new TarIndex(members);
    }

    Member get(String name) {
        return members.get(name);
    }

    int size() {
        return members.size();
    }

    /** An input stream that knows its position in the channel and skips by seeking. */
    private static final class PositionStream extends FilterInputStream {
        private final FileChannel channel;

        PositionStream(InputStream in, FileChannel channel) {
            super(in);
            this.channel = channel;
        }

        long position() throws IOException {
            return channel.position();
        }

        @Override
        public long skip(long n) throws IOException {
            long target = Math.min(channel.position() + Math.max(0, n), channel.size());
            long skipped = target - channel.position();
            channel.position(target);
            return skipped;
        }
    }
}
