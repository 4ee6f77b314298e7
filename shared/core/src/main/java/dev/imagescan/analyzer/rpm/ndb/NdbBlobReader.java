package dev.imagescan.analyzer.rpm.ndb;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import dev.imagescan.analyzer.rpm.RpmHeaderParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads the blob a slot points to: a 16-byte head ("BlbS", package index, generation, blob length), the header
 * bytes, padding, and a 12-byte tail (checksum, blob length, "BlbE"). The head and tail must agree with the slot
 * before the blob is returned.
 */
final class NdbBlobReader {

    private static final int HEAD_SIZE = 16;
    private static final int TAIL_SIZE = 12;
    private static final int BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
    private static final int TAIL_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24;

    private NdbBlobReader() {
    }

    static byte[] read(Path path, FileChannel channel, NdbSlot slot) throws RpmDatabaseException, IOException {
        String what = "NDB blob of package index " + slot.pkgIdx() + " (slot " + slot.slotNo() + ", block "
                + slot.blkOff() + ")";
        long start = slot.blkOff() * NdbLayout.BLOCK_SIZE;
        long span = slot.blkCount() * NdbLayout.BLOCK_SIZE;
        if (span < HEAD_SIZE + TAIL_SIZE) {
            throw new RpmDatabaseException(path + ": " + what + " spans only " + slot.blkCount() + " block(s)");
        }
        ByteBuffer head = NdbLayout.read(path, channel, start, HEAD_SIZE, what + " head");
        if (head.getInt(0) != BLOB_MAGIC) {
            throw new RpmDatabaseException(path + ": " + what + " has a bad blob magic");
        }
        long headPkgIdx = Integer.toUnsignedLong(head.getInt(4));
        if (headPkgIdx != slot.pkgIdx()) {
            throw new RpmDatabaseException(path + ": " + what + " belongs to package index " + headPkgIdx);
        }
        long length = Integer.toUnsignedLong(head.getInt(12));
        long blocks = (HEAD_SIZE + length + TAIL_SIZE + NdbLayout.BLOCK_SIZE - 1) / NdbLayout.BLOCK_SIZE;
        if (blocks != slot.blkCount()) {
            throw new RpmDatabaseException(path + ": " + what + " claims " + length + " bytes, which does not fit the"
                    + " slot's " + slot.blkCount() + " blocks");
        }
        if (length > RpmHeaderParser.MAX_HEADER_BLOB) {
            throw new RpmDatabaseException(path + ": " + what + " claims " + length
                    + " bytes, more than rpm's header size limit");
        }
        ByteBuffer body = NdbLayout.read(path, channel, start + HEAD_SIZE, (int) length, what);
        ByteBuffer tail = NdbLayout.read(path, channel, start + span - TAIL_SIZE, TAIL_SIZE, what + " tail");
        if (Integer.toUnsignedLong(tail.getInt(4)) != length || tail.getInt(8) != TAIL_MAGIC) {
            throw new RpmDatabaseException(path + ": " + what + " has a bad tail (length or magic mismatch)");
        }
        return body.array();
    }
}
