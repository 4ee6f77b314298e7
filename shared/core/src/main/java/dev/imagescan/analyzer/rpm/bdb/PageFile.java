package dev.imagescan.analyzer.rpm.bdb;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Random access to the pages of a BerkeleyDB file through a {@link FileChannel}: each page number is checked against
 * the metadata, each page's own page number against its position. Reads go through a small read-ahead window
 * (64 KiB or one page), since overflow chains are mostly runs of consecutive pages; the file is never held whole.
 */
final class PageFile {

    /** Offsets in the generic page header (db_page.h PAGE). */
    static final int PGNO = 8;
    static final int NEXT_PGNO = 16;
    static final int ENTRIES = 20;
    static final int HF_OFFSET = 22;
    static final int TYPE = 25;
    static final int HEADER_SIZE = 26;

    static final int P_HASH_UNSORTED = 2;
    static final int P_OVERFLOW = 7;
    static final int P_HASH = 13;

    private final Path path;
    private final FileChannel channel;
    private final HashMeta meta;
    private final int dataOffset;
    private final ByteBuffer window;
    private long windowFirst = -1;
    private int windowPages;

    static final int WINDOW_BYTES = 64 * 1024;

    PageFile(Path path, FileChannel channel, HashMeta meta) {
        this.path = path;
        this.channel = channel;
        this.meta = meta;
        this.window = ByteBuffer.allocate(Math.max(WINDOW_BYTES, meta.pageSize()));
        // with DB_CHKSUM each page header is followed by 2 pad bytes and a 4-byte checksum (db_page.h PG_CHKSUM)
        this.dataOffset = meta.checksummed() ? HEADER_SIZE + 6 : HEADER_SIZE;
    }

    Path path() {
        return path;
    }

    int pageSize() {
        return meta.pageSize();
    }

    long lastPgno() {
        return meta.lastPgno();
    }

    /** Where the item index (hash pages) or the data (overflow pages) starts. */
    int dataOffset() {
        return dataOffset;
    }

    ByteBuffer newPageBuffer() {
        return ByteBuffer.allocate(meta.pageSize()).order(meta.order());
    }

    /**
     * Reads page {@code pgno} into {@code into} (a buffer from {@link #newPageBuffer()}).
     *
     * @param purpose what the page is read for, for the error message
     * @return {@code false} when the page is all zero (allocated but never written), else {@code true}
     */
    boolean read(long pgno, ByteBuffer into, String purpose) throws RpmDatabaseException {
        if (pgno < 1 || pgno > meta.lastPgno()) {
            throw new RpmDatabaseException(path + ": " + purpose + " refers to page " + pgno
                    + ", outside the database's pages 1.." + meta.lastPgno());
        }
        if (pgno < windowFirst || pgno >= windowFirst + windowPages) {
            fillWindow(pgno, purpose);
        }
        int from = (int) (pgno - windowFirst) * meta.pageSize();
        into.clear();
        into.put(0, window, from, meta.pageSize());
        into.clear();
        long storedPgno = Integer.toUnsignedLong(into.getInt(PGNO));
        if (storedPgno != pgno) {
            if (storedPgno == 0 && into.get(TYPE) == 0 && isZero(into)) {
                return false;
            }
            throw new RpmDatabaseException(path + ": page " + pgno + " (" + purpose + ") is corrupt: its header says"
                    + " page " + storedPgno);
        }
        return true;
    }

    /** Reads as many whole pages from {@code pgno} on as fit the window and exist (at least page {@code pgno}). */
    private void fillWindow(long pgno, String purpose) throws RpmDatabaseException {
        int pageSize = meta.pageSize();
        long available = meta.lastPgno() + 1 - pgno;
        int pages = (int) Math.min(window.capacity() / pageSize, available);
        windowFirst = -1;
        windowPages = 0;
        window.clear().limit(pages * pageSize);
        long position = pgno * pageSize;
        try {
            while (window.hasRemaining()) {
                if (channel.read(window, position + window.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new RpmDatabaseException(path + ": cannot read page " + pgno + ": " + e, e);
        }
        int whole = window.position() / pageSize;
        if (whole == 0) {
            throw new RpmDatabaseException(path + ": file truncated: " + purpose + " page " + pgno
                    + " ends past the end of the file");
        }
        windowFirst = pgno;
        windowPages = whole;
    }

    private static boolean isZero(ByteBuffer page) {
        for (int i = 0; i < page.capacity(); i++) {
            if (page.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    static int u16(ByteBuffer page, int at) {
        return page.getShort(at) & 0xffff;
    }

    static long u32(ByteBuffer page, int at) {
        return Integer.toUnsignedLong(page.getInt(at));
    }

    static int type(ByteBuffer page) {
        return page.get(TYPE) & 0xff;
    }
}
