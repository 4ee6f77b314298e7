package dev.imagescan.analyzer.rpm.bdb;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderBlob;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Walks the key/data pairs of a BerkeleyDB hash database the way rpm's bdb_ro does: bucket 0 to max_bucket, each
 * bucket's page chain via next_pgno, the pairs of each page in index order. Keys are rpm header instance numbers
 * (4 bytes in the database's byte order); key 0 (rpm's instance counter) and keys of any other size are skipped.
 */
final class HashWalker {

    private static final int H_KEYDATA = 1;
    private static final int H_DUPLICATE = 2;
    private static final int H_OFFPAGE = 3;
    private static final int H_OFFDUP = 4;
    private static final int HOFFPAGE_SIZE = 12;

    private final PageFile pages;
    private final HashMeta meta;
    private final OverflowChain overflow;
    private final ByteBuffer page;
    private final BitSet visited = new BitSet();

    private long bucket = -1;
    private long pgno;
    private int entries;
    private int index;
    private boolean onPage;

    HashWalker(PageFile pages, HashMeta meta, OverflowChain overflow) {
        this.pages = pages;
        this.meta = meta;
        this.overflow = overflow;
        this.page = pages.newPageBuffer();
    }

    /** The next package header, or {@code null} when every bucket was walked. */
    RpmHeaderBlob next() throws RpmDatabaseException {
        for (;;) {
            if (!onPage || index >= entries) {
                if (!nextPage()) {
                    return null;
                }
                continue;
            }
            int pair = index;
            index += 2;
            RpmHeaderBlob header = readPair(pair);
            if (header != null) {
                return header;
            }
        }
    }

    private boolean nextPage() throws RpmDatabaseException {
        long next = onPage ? PageFile.u32(page, PageFile.NEXT_PGNO) : 0;
        String purpose;
        if (next == 0) {
            if (bucket >= meta.maxBucket()) {
                onPage = false;
                entries = 0;
                return false;
            }
            bucket++;
            next = meta.bucketPage(bucket);
            purpose = "hash bucket " + bucket;
            if (next < 0) {
                throw new RpmDatabaseException(pages.path() + ": hash bucket " + bucket + " has no page");
            }
        } else {
            purpose = "hash bucket " + bucket + " (page chain after page " + pgno + ")";
        }
        if (next >= 1 && next <= pages.lastPgno() && visited.get((int) next)) {
            throw new RpmDatabaseException(pages.path() + ": " + purpose + " reaches page " + next
                    + " a second time (cycle in the hash page chains)");
        }
        onPage = pages.read(next, page, purpose);
        pgno = next;
        visited.set((int) next);
        index = 0;
        entries = 0;
        if (!onPage) {
            onPage = true; // a never-written page: an empty bucket whose next_pgno is 0
            return true;
        }
        int type = PageFile.type(page);
        if (type != PageFile.P_HASH && type != PageFile.P_HASH_UNSORTED) {
            throw new RpmDatabaseException(pages.path() + ": " + purpose + " is page " + next + " of type " + type
                    + ", expected a hash page (" + PageFile.P_HASH + " or " + PageFile.P_HASH_UNSORTED + ")");
        }
        int count = PageFile.u16(page, PageFile.ENTRIES);
        if (count > (pages.pageSize() - pages.dataOffset()) / 2 || count % 2 != 0) {
            throw new RpmDatabaseException(pages.path() + ": hash page " + next + " claims " + count
                    + " items, " + (count % 2 != 0 ? "not key/data pairs" : "more than the page can index"));
        }
        entries = count;
        return true;
    }

    /** Decodes pair {@code i} (key) / {@code i + 1} (data); {@code null} when it is no package header. */
    private RpmHeaderBlob readPair(int i) throws RpmDatabaseException {
        int pageSize = pages.pageSize();
        int indexStart = pages.dataOffset();
        int minOffset = indexStart + 2 * entries;
        int keyEnd = i == 0 ? pageSize : PageFile.u16(page, indexStart + 2 * (i - 1));
        int keyOffset = PageFile.u16(page, indexStart + 2 * i);
        int dataOffset = PageFile.u16(page, indexStart + 2 * (i + 1));
        if (dataOffset < minOffset || dataOffset >= keyOffset || keyOffset >= keyEnd || keyEnd > pageSize) {
            throw new RpmDatabaseException(pages.path() + ": hash page " + pgno + " item " + i
                    + " has inconsistent offsets (key " + keyOffset + ".." + keyEnd + ", data from " + dataOffset
                    + ", index ends at " + minOffset + ")");
        }
        int keyLength = keyEnd - keyOffset;
        int dataLength = keyOffset - dataOffset;
        if ((page.get(keyOffset) & 0xff) != H_KEYDATA || keyLength != 5) {
            return null; // not a 4-byte header instance key
        }
        long key = PageFile.u32(page, keyOffset + 1);
        if (key == 0) {
            return null; // rpm's "last instance" counter record
        }
        Integer instance = key <= Integer.MAX_VALUE ? (int) key : null;
        String owner = "header instance " + key + " (hash page " + pgno + " item " + (i + 1) + ")";
        int type = page.get(dataOffset) & 0xff;
        switch (type) {
            case H_KEYDATA -> {
                byte[] blob = new byte[dataLength - 1];
                page.get(dataOffset + 1, blob);
                return new RpmHeaderBlob(instance, blob);
            }
            case H_OFFPAGE -> {
                if (dataLength != HOFFPAGE_SIZE) {
                    throw new RpmDatabaseException(pages.path() + ": " + owner + " is an overflow reference of "
                            + dataLength + " bytes, expected " + HOFFPAGE_SIZE);
                }
                long first = PageFile.u32(page, dataOffset + 4);
                long length = PageFile.u32(page, dataOffset + 8);
                return new RpmHeaderBlob(instance, overflow.read(first, length, owner));
            }
            case H_DUPLICATE, H_OFFDUP -> throw new RpmDatabaseException(pages.path() + ": " + owner
                    + " is a duplicate-data item; rpm's Packages database has no duplicates");
            default -> throw new RpmDatabaseException(pages.path() + ": " + owner + " has unknown item type "
                    + type);
        }
    }
}
