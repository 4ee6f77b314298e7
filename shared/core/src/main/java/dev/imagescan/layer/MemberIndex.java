package dev.imagescan.layer;

import java.util.Arrays;

/**
 * A compact record of every path one layer tar has (and every directory holding one), as 64-bit hashes: enough to
 * tell whether a path learnt later (a link's target) may be in that layer and is worth reading the layer again for.
 * A hash collision only costs a needless re-read.
 */
public final class MemberIndex {
    private static final long EMPTY = 0;
    private long[] table = new long[1024];
    private int size;

    void add(String path) {
        addHash(hash(path));
    }

    /** Adds a hash as {@link #hashes()} gave it (a cached layer's index); never 0. */
    void addHash(long h) {
        if (h == EMPTY) {
            throw new IllegalArgumentException("0 is not a member hash");
        }
        if (size * 2 >= table.length) {
            grow();
        }
        if (insert(table, h)) {
            size++;
        }
    }

    /** The hashes of the members, sorted: what a cache entry stores of the index. */
    long[] hashes() {
        long[] hashes = new long[size];
        int n = 0;
        for (long h : table) {
            if (h != EMPTY) {
                hashes[n++] = h;
            }
        }
        Arrays.sort(hashes);
        return hashes;
    }

    /** Whether the layer may have a member at {@code path} or below it. */
    public boolean mayContain(String path) {
        long h = hash(path);
        int mask = table.length - 1;
        for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                return false;
            }
            if (table[i] == h) {
                return true;
            }
        }
    }

    private boolean insert(long[] into, long h) {
        int mask = into.length - 1;
        for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (into[i] == EMPTY) {
                into[i] = h;
                return true;
            }
            if (into[i] == h) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        Arrays.fill(table, EMPTY);
        for (long h : old) {
            if (h != EMPTY) {
                insert(table, h);
            }
        }
    }

    /** FNV-1a over the UTF-16 units, never 0 (0 marks an empty slot). */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 29;
        return h == EMPTY ? 1 : h;
    }
}
