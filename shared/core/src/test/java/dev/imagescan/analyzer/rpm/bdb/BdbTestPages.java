package dev.imagescan.analyzer.rpm.bdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-side look at a (small) BerkeleyDB hash file: where the overflow references and chains are, so tests can
 * corrupt copies at exact offsets. Independent of the production classes on purpose.
 */
final class BdbTestPages {

    /** An H_OFFPAGE item: the file offset of the item and where its chain starts. */
    record OffPage(long itemPosition, long firstPgno, long totalLength) {
        long pgnoPosition() {
            return itemPosition + 4;
        }

        long lengthPosition() {
            return itemPosition + 8;
        }
    }

    final ByteBuffer file;
    final ByteOrder order;
    final int pageSize;
    final long lastPgno;
    final int dataOffset;

    BdbTestPages(Path path) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            this.order = buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(12) == 0x061561
                    ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            this.file = buffer.order(order);
            this.pageSize = file.getInt(20);
            this.lastPgno = file.getInt(32);
            this.dataOffset = (file.get(26) & 1) != 0 ? 32 : 26;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pagePosition(long pgno) {
        return pgno * pageSize;
    }

    int type(long pgno) {
        return file.get((int) pagePosition(pgno) + 25) & 0xff;
    }

    long next(long pgno) {
        return Integer.toUnsignedLong(file.getInt((int) pagePosition(pgno) + 16));
    }

    List<Long> hashPages() {
        List<Long> pages = new ArrayList<>();
        for (long p = 1; p <= lastPgno; p++) {
            if (type(p) == 13 || type(p) == 2) {
                pages.add(p);
            }
        }
        return pages;
    }

    /** All data items stored on overflow pages, in page order. */
    List<OffPage> offPageItems() {
        List<OffPage> items = new ArrayList<>();
        for (long p : hashPages()) {
            int base = (int) pagePosition(p);
            int entries = file.getShort(base + 20) & 0xffff;
            for (int i = 1; i < entries; i += 2) {
                int offset = file.getShort(base + dataOffset + 2 * i) & 0xffff;
                if (file.get(base + offset) == 3) {
                    items.add(new OffPage(base + offset, Integer.toUnsignedLong(file.getInt(base + offset + 4)),
                            Integer.toUnsignedLong(file.getInt(base + offset + 8))));
                }
            }
        }
        return items;
    }

    /** The longest overflow item. */
    OffPage longest() {
        return offPageItems().stream().max((a, b) -> Long.compare(a.totalLength(), b.totalLength())).orElseThrow();
    }

    List<Long> chain(long first) {
        List<Long> pages = new ArrayList<>();
        for (long p = first; p != 0 && pages.size() <= lastPgno; p = next(p)) {
            pages.add(p);
        }
        return pages;
    }
}
