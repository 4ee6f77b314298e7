package dev.imagescan.analyzer.rpm.bdb;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderParser;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Reassembles an item stored on a chain of overflow pages (P_OVERFLOW, linked by next_pgno; each page holds
 * hf_offset bytes of data). The declared total length is checked against the file size before allocating, and
 * a page seen twice in the chain is reported as a cycle.
 */
final class OverflowChain {

    private final PageFile pages;
    private final ByteBuffer page;
    private final long fileSize;

    OverflowChain(PageFile pages, long fileSize) {
        this.pages = pages;
        this.page = pages.newPageBuffer();
        this.fileSize = fileSize;
    }

    /**
     * Reads {@code totalLength} bytes starting at overflow page {@code firstPgno}.
     *
     * @param owner which item refers to the chain, for messages
     */
    byte[] read(long firstPgno, long totalLength, String owner) throws RpmDatabaseException {
        if (totalLength == 0) {
            throw new RpmDatabaseException(pages.path() + ": " + owner + " is an overflow item of length 0");
        }
        if (totalLength > fileSize || totalLength > RpmHeaderParser.MAX_HEADER_BLOB) {
            throw new RpmDatabaseException(pages.path() + ": " + owner + " claims an overflow length of "
                    + totalLength + " bytes, more than the " + fileSize + "-byte file"
                    + (totalLength > RpmHeaderParser.MAX_HEADER_BLOB ? " or rpm's header size limit" : " holds"));
        }
        int capacity = pages.pageSize() - pages.dataOffset();
        byte[] out = new byte[(int) totalLength];
        BitSet visited = new BitSet();
        int filled = 0;
        long pgno = firstPgno;
        while (filled < out.length) {
            if (pgno == 0) {
                throw new RpmDatabaseException(pages.path() + ": overflow chain of " + owner + " ends after "
                        + filled + " of " + totalLength + " bytes");
            }
            String purpose = "overflow chain of " + owner;
            if (pgno <= pages.lastPgno() && visited.get((int) pgno)) { // lastPgno < 2^31, checked at open
                throw new RpmDatabaseException(pages.path() + ": " + purpose + " has a cycle: page " + pgno
                        + " is reached twice");
            }
            if (!pages.read(pgno, page, purpose)) {
                throw new RpmDatabaseException(pages.path() + ": " + purpose + " reaches page " + pgno
                        + ", which was never written (all zero)");
            }
            visited.set((int) pgno);
            int type = PageFile.type(page);
            if (type != PageFile.P_OVERFLOW) {
                throw new RpmDatabaseException(pages.path() + ": " + purpose + " reaches page " + pgno
                        + " of type " + type + ", expected an overflow page (" + PageFile.P_OVERFLOW + ")");
            }
            int length = PageFile.u16(page, PageFile.HF_OFFSET);
            if (length > capacity) {
                throw new RpmDatabaseException(pages.path() + ": overflow page " + pgno + " claims " + length
                        + " bytes of data, more than a " + pages.pageSize() + "-byte page holds");
            }
            if (length > out.length - filled) {
                throw new RpmDatabaseException(pages.path() + ": " + purpose + " holds more than the declared "
                        + totalLength + " bytes (page " + pgno + ")");
            }
            page.get(pages.dataOffset(), out, filled, length);
            filled += length;
            pgno = PageFile.u32(page, PageFile.NEXT_PGNO);
        }
        return out;
    }
}
