package dev.imagescan.analyzer.rpm.bdb;

import dev.imagescan.analyzer.rpm.RpmDatabaseException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The fields of a BerkeleyDB hash metadata page (page 0) that a reader needs. The magic number decides the byte
 * order of every multi-byte field in the file.
 */
record HashMeta(ByteOrder order, int version, int pageSize, long lastPgno, long maxBucket, long[] spares,
                boolean checksummed) {

    static final int META_SIZE = 512;
    static final int HASH_MAGIC = 0x061561;
    static final int P_HASHMETA = 8;
    private static final int DBMETA_CHKSUM = 0x01;

    /** Decodes the first {@link #META_SIZE} bytes of the file. */
    static HashMeta parse(Path file, ByteBuffer meta) throws RpmDatabaseException {
        if (meta.remaining() < META_SIZE) {
            throw new RpmDatabaseException(file + ": BerkeleyDB metadata page truncated (" + meta.remaining()
                    + " of " + META_SIZE + " bytes)");
        }
        ByteOrder order;
        if (meta.order(ByteOrder.LITTLE_ENDIAN).getInt(12) == HASH_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (meta.order(ByteOrder.BIG_ENDIAN).getInt(12) == HASH_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new RpmDatabaseException(file + ": not a BerkeleyDB hash database (magic "
                    + Integer.toHexString(meta.order(ByteOrder.BIG_ENDIAN).getInt(12)) + ")");
        }
        meta.order(order);
        int version = meta.getInt(16);
        if (version < 8 || version > 10) {
            throw new RpmDatabaseException(file + ": unsupported BerkeleyDB hash version " + version
                    + " (supported: 8 to 10)");
        }
        int pageSize = meta.getInt(20);
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new RpmDatabaseException(file + ": invalid BerkeleyDB page size " + Integer.toUnsignedString(pageSize)
                    + " (must be a power of two from 512 to 65536)");
        }
        if (meta.get(24) != 0) {
            throw new RpmDatabaseException(file + ": encrypted BerkeleyDB databases are not supported");
        }
        int type = meta.get(25) & 0xff;
        if (type != P_HASHMETA) {
            throw new RpmDatabaseException(file + ": page 0 has type " + type + ", expected a hash metadata page ("
                    + P_HASHMETA + ")");
        }
        boolean checksummed = (meta.get(26) & DBMETA_CHKSUM) != 0;
        long lastPgno = Integer.toUnsignedLong(meta.getInt(32));
        if (lastPgno >= Integer.MAX_VALUE) {
            throw new RpmDatabaseException(file + ": hash metadata claims " + lastPgno + " pages, beyond any rpm"
                    + " database this reader accepts");
        }
        long maxBucket = Integer.toUnsignedLong(meta.getInt(72));
        long[] spares = new long[32];
        for (int i = 0; i < spares.length; i++) {
            spares[i] = Integer.toUnsignedLong(meta.getInt(96 + 4 * i));
        }
        if (maxBucket > lastPgno) {
            throw new RpmDatabaseException(file + ": hash metadata says " + (maxBucket + 1)
                    + " buckets but the database has only " + lastPgno + " pages after the metadata page");
        }
        return new HashMeta(order, version, pageSize, lastPgno, maxBucket, spares, checksummed);
    }

    /** The page holding the first page of {@code bucket} (BerkeleyDB's BUCKET_TO_PAGE). */
    long bucketPage(long bucket) {
        int splitPoint = 64 - Long.numberOfLeadingZeros(bucket);
        return splitPoint < spares.length ? bucket + spares[splitPoint] : -1;
    }
}
