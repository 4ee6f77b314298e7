package dev.imagescan.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * The members of an uncompressed image archive tar (docker-archive or OCI archive), read in place by offset from a
 * {@link RandomAccessSource}: a member is one ranged read of exactly its bytes, or none when the archive's index read
 * it already (small JSON members). Symbolic and hard links between members (skopeo writes
 * {@code <id>/layer.tar -> ../<diffid>.tar}) are followed inside the archive only.
 */
final class TarArchiveStore implements BlobStore {
    private static final int MAX_LINK_HOPS = 16;

    private final String describe;
    private final TarIndex index;
    private final RandomAccessSource source;
    private final ReadAheadChannel headers;
    private final boolean ownsSource;

    private TarArchiveStore(String describe, TarIndex index, RandomAccessSource source, ReadAheadChannel headers,
            boolean ownsSource) {
        this.describe = describe;
        this.index = index;
        this.source = source;
        this.headers = headers;
        this.ownsSource = ownsSource;
    }

    /**
     * Indexes the archive through {@code headers} (a channel over {@code source}, positioned at the start); closing the
     * store closes the source when {@code ownsSource}.
     */
    static TarArchiveStore open(RandomAccessSource source, ReadAheadChannel headers, String describe, boolean ownsSource)
            throws IOException {
        TarIndex index = TarIndex.read(headers, describe);
        return new TarArchiveStore(describe, index, source, headers, ownsSource);
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
        InputStream cached = headers.openCached(member.offset(), member.size());
        return cached != null ? cached : source.open(member.offset(), member.size());
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
        headers.close();
        if (ownsSource) {
            source.close();
        }
    }
}
