package dev.imagescan.analyzer.rpm.ndb;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The file header and slot pages of an NDB {@code Packages.db} (rpm lib/backend/ndb/rpmpkg.c): a 32-byte header
 * ("RpmP", version 0, generation, slot page count) sharing page 0 with the first slots, then 4096-byte slot pages
 * of 16-byte slots ("Slot", package index, block offset, block count). Everything is little-endian.
 */
final class NdbLayout {

    static final int PAGE_SIZE = 4096;
    static final int SLOT_SIZE = 16;
    static final int BLOCK_SIZE = 16;
    private static final int HEADER_SIZE = 32;
    private static final int DB_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
    private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;

    private NdbLayout() {
    }

    /** Reads and checks every slot; returns the used ones in block order, as rpm lists them. */
    static List<NdbSlot> readSlots(Path path, FileChannel channel) throws RpmDatabaseException, IOException {
        long size = channel.size();
        ByteBuffer header = read(path, channel, 0, HEADER_SIZE, "file header");
        if (header.getInt(0) != DB_MAGIC) {
            throw new RpmDatabaseException(path + ": not an NDB database (no RpmP magic)");
        }
        int version = header.getInt(4);
        if (version != 0) {
            throw new RpmDatabaseException(path + ": unsupported NDB version " + Integer.toUnsignedString(version));
        }
        long slotPages = Integer.toUnsignedLong(header.getInt(12));
        if (slotPages == 0 || slotPages * PAGE_SIZE > size) {
            throw new RpmDatabaseException(path + ": NDB header claims " + slotPages + " slot pages ("
                    + slotPages * PAGE_SIZE + " bytes) but the file has " + size + " bytes");
        }
        long fileBlocks = size / BLOCK_SIZE;
        long minBlock = slotPages * (PAGE_SIZE / BLOCK_SIZE);
        List<NdbSlot> slots = new ArrayList<>();
        for (long pageNo = 0; pageNo < slotPages; pageNo++) {
            ByteBuffer page = read(path, channel, pageNo * PAGE_SIZE, PAGE_SIZE, "slot page " + pageNo);
            for (int offset = pageNo == 0 ? HEADER_SIZE : 0; offset < PAGE_SIZE; offset += SLOT_SIZE) {
                int slotNo = (int) (pageNo * (PAGE_SIZE / SLOT_SIZE) + offset / SLOT_SIZE);
                if (page.getInt(offset) != SLOT_MAGIC) {
                    throw new RpmDatabaseException(path + ": NDB slot " + slotNo + " has a bad magic");
                }
                long blkOff = Integer.toUnsignedLong(page.getInt(offset + 8));
                if (blkOff == 0) {
                    continue; // free slot
                }
                long pkgIdx = Integer.toUnsignedLong(page.getInt(offset + 4));
                long blkCount = Integer.toUnsignedLong(page.getInt(offset + 12));
                if (pkgIdx == 0 || blkCount == 0 || blkOff < minBlock) {
                    throw new RpmDatabaseException(path + ": NDB slot " + slotNo + " is invalid (package index "
                            + pkgIdx + ", block offset " + blkOff + ", block count " + blkCount
                            + "; blobs start at block " + minBlock + ")");
                }
                if (blkOff + blkCount > fileBlocks) {
                    throw new RpmDatabaseException(path + ": NDB slot " + slotNo + " (package index " + pkgIdx
                            + ") points past the end of the file: blocks " + blkOff + ".." + (blkOff + blkCount)
                            + " but the file has " + fileBlocks + " blocks of " + BLOCK_SIZE + " bytes");
                }
                slots.add(new NdbSlot(slotNo, pkgIdx, blkOff, blkCount));
            }
        }
        slots.sort(Comparator.comparingLong(NdbSlot::blkOff));
        return slots;
    }

    /** Reads exactly {@code length} bytes at {@code position}, little-endian. */
    static ByteBuffer read(Path path, FileChannel channel, long position, int length, String what)
            throws RpmDatabaseException, IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new RpmDatabaseException(path + ": file truncated: " + what + " (" + length + " bytes at "
                        + position + ") ends past the end of the file");
            }
        }
        return buffer.flip();
    }
}
