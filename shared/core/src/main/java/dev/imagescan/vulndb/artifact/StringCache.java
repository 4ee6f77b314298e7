package dev.imagescan.vulndb.artifact;

/**
 * A small direct-mapped cache of decoded strings by string-table offset. Versions, ratings and vectors repeat across
 * the entries of one package, so a lookup decodes each of them once. Each slot holds an immutable pair, so a reader
 * on another thread sees a whole pair or none: safe without locks, at worst a miss.
 */
final class StringCache {
    private static final int SLOTS = 1 << 12;

    private final Slot[] slots = new Slot[SLOTS];

    /** One cached string and where it is in the table. */
    private record Slot(int offset, String value) {}

    String get(int offset) {
        Slot s = slots[index(offset)];
        return s != null && s.offset() == offset ? s.value() : null;
    }

    void put(int offset, String value) {
        slots[index(offset)] = new Slot(offset, value);
    }

    private static int index(int offset) {
        int h = offset * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
