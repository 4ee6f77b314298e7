package dev.imagescan.analyzer.rpm.bdb;

import dev.imagescan.analyzer.rpm.RpmDatabase;
import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmDatabaseFiles;
import dev.imagescan.analyzer.rpm.RpmHeaderBlob;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * rpm's BerkeleyDB hash {@code Packages} database (rpm up to 4.15: RHEL/CentOS 5 to 8, Amazon Linux 2), read
 * without libdb: either byte order, page sizes 512 to 65536, header values inline or on overflow page chains.
 * The file is read page by page through a {@link FileChannel}, never whole.
 */
public final class BerkeleyDb implements RpmDatabase {

    private final Path path;
    private final FileChannel channel;
    private final HashWalker walker;

    private BerkeleyDb(Path path, FileChannel channel, HashWalker walker) {
        this.path = path;
        this.channel = channel;
        this.walker = walker;
    }

    /**
     * Opens {@code path} and checks its metadata page.
     *
     * @throws RpmDatabaseException when the file is unreadable, not a BerkeleyDB hash database, uses an unsupported
     *                              variant, or is shorter than its metadata says
     */
    public static BerkeleyDb open(Path path) throws RpmDatabaseException {
        return RpmDatabaseFiles.open(path, channel -> {
            long size = channel.size();
            ByteBuffer metaPage = ByteBuffer.allocate(HashMeta.META_SIZE);
            while (metaPage.hasRemaining() && channel.read(metaPage, metaPage.position()) >= 0) {
                // read the 512-byte metadata area or up to the end of the file
            }
            metaPage.flip();
            HashMeta meta = HashMeta.parse(path, metaPage);
            long needed = (meta.lastPgno() + 1) * meta.pageSize();
            if (size < needed) {
                throw new RpmDatabaseException(path + ": file truncated: the metadata says the last page is "
                        + meta.lastPgno() + " (" + needed + " bytes with " + meta.pageSize() + "-byte pages) but the"
                        + " file has " + size + " bytes");
            }
            PageFile pages = new PageFile(path, channel, meta);
            HashWalker walker = new HashWalker(pages, meta, new OverflowChain(pages, size));
            return new BerkeleyDb(path, channel, walker);
        });
    }

    @Override
    public String format() {
        return "bdb";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Optional<RpmHeaderBlob> nextHeader() throws RpmDatabaseException {
        return Optional.ofNullable(walker.next());
    }

    @Override
    public void close() throws RpmDatabaseException {
        RpmDatabaseFiles.close(path, channel);
    }
}
