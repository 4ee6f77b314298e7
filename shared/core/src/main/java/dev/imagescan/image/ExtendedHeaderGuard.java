package dev.imagescan.image;

/**
 * Checks the raw 512-byte header records of a tar before a tar reader acts on them, against extended headers built to
 * exhaust memory. A PAX extended header ({@code x}, {@code X}, global {@code g}) or a GNU long name or long link
 * ({@code L}, {@code K}) is loaded whole into memory by commons-compress (a 700 MB PAX {@code path} record in a
 * 680 KB gzip layer is an {@code OutOfMemoryError}); real tars keep them to a few hundred bytes. Refused: one over
 * {@link #MAX_EXTENDED_HEADER_BYTES}, global headers summing over that in one tar, and more than
 * {@link #MAX_CONSECUTIVE} extended headers in a row (the reader recurses once per header). Used for the layer tars
 * ({@code layer.StrictTarInputStream}) and the outer image archive ({@link TarIndex}); each caller turns the problem
 * into its own exception. One instance per tar: it keeps counts.
 */
public final class ExtendedHeaderGuard {
    /** The most bytes one extended header (or all global PAX headers of a tar) may have: 1 MiB. */
    public static final long MAX_EXTENDED_HEADER_BYTES = 1L << 20;
    /** The most extended headers in a row before a member; a real tar has at most one of each kind. */
    public static final int MAX_CONSECUTIVE = 8;

    private static final int RECORD = 512;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int CHECKSUM_OFFSET = 148;
    private static final int CHECKSUM_LENGTH = 8;
    private static final int TYPE_OFFSET = 156;
    private static final int MAGIC_OFFSET = 257;
    private static final int PREFIX_OFFSET = 345;
    private static final int PREFIX_LENGTH = 155;
    private static final int NAME_LENGTH = 100;

    private int consecutive;
    private long globalBytes;

    /**
     * Checks the header record at {@code record[offset..offset+512)}, found at byte {@code position} of the tar.
     * Returns null when the tar reader may go on, or a one-line problem naming the header, its kind, size and
     * position. Records that are not valid headers (a bad checksum, the end-of-archive zeros) are left to the reader.
     */
    public String check(byte[] record, int offset, long position) {
        if (record.length - offset < RECORD || !checksumValid(record, offset)) {
            return null;
        }
        String kind = kind(record[offset + TYPE_OFFSET]);
        if (kind == null) {
            consecutive = 0;
            return null;
        }
        long size = size(record, offset);
        String where = kind + " '" + name(record, offset) + "' at byte " + position + " of the tar";
        if (size < 0 || size > MAX_EXTENDED_HEADER_BYTES) {
            return where + " is " + (size < 0 ? "of a negative size" : size + " bytes") + ", more than the "
                    + MAX_EXTENDED_HEADER_BYTES + " an extended header may have; refusing a likely memory bomb";
        }
        if (++consecutive > MAX_CONSECUTIVE) {
            return where + " follows " + MAX_CONSECUTIVE + " other extended headers in a row; "
                    + "refusing a likely memory bomb";
        }
        if (record[offset + TYPE_OFFSET] == 'g') {
            globalBytes += size;
            if (globalBytes > MAX_EXTENDED_HEADER_BYTES) {
                return where + " brings the global PAX headers to " + globalBytes + " bytes, more than the "
                        + MAX_EXTENDED_HEADER_BYTES + " they may have together; refusing a likely memory bomb";
            }
        }
        return null;
    }

    private static String kind(byte type) {
        return switch (type) {
            case 'x', 'X' -> "PAX extended header";
            case 'g' -> "PAX global header";
            case 'L' -> "GNU long name";
            case 'K' -> "GNU long link name";
            default -> null;
        };
    }

    /** The size field: octal digits, or GNU base-256 (high bit set); -1 when negative or unreadable. */
    static long size(byte[] record, int offset) {
        int start = offset + SIZE_OFFSET;
        if ((record[start] & 0x80) != 0) {
            if ((record[start] & 0x40) != 0) {
                return -1;
            }
            long value = record[start] & 0x3f;
            for (int i = 1; i < SIZE_LENGTH; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    return Long.MAX_VALUE;
                }
                value = (value << 8) | (record[start + i] & 0xff);
            }
            return value;
        }
        return octal(record, start, SIZE_LENGTH);
    }

    private static long octal(byte[] record, int start, int length) {
        long value = 0;
        int i = start;
        int end = start + length;
        while (i < end && (record[i] == ' ' || record[i] == 0)) {
            i++;
        }
        boolean digits = false;
        for (; i < end && record[i] >= '0' && record[i] <= '7'; i++) {
            value = value * 8 + (record[i] - '0');
            digits = true;
        }
        return digits ? value : -1;
    }

    /** The stored checksum matches the record's bytes, summed as unsigned or (old tars) signed bytes. */
    private static boolean checksumValid(byte[] record, int offset) {
        long stored = octal(record, offset + CHECKSUM_OFFSET, CHECKSUM_LENGTH);
        if (stored < 0) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < RECORD; i++) {
            byte b = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH ? (byte) ' ' : record[offset + i];
            unsigned += b & 0xff;
            signed += b;
        }
        return stored == unsigned || stored == signed;
    }

    /** The header's own name (with the ustar prefix), printable ASCII only, for messages. */
    private static String name(byte[] record, int offset) {
        String name = text(record, offset, NAME_LENGTH);
        boolean ustar = record[offset + MAGIC_OFFSET] == 'u' && record[offset + MAGIC_OFFSET + 5] == 0;
        if (ustar) {
            String prefix = text(record, offset + PREFIX_OFFSET, PREFIX_LENGTH);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private static String text(byte[] record, int start, int length) {
        int end = start;
        while (end < start + length && record[end] != 0) {
            end++;
        }
        StringBuilder out = new StringBuilder();
        for (int i = start; i < end; i++) {
            out.append(record[i] >= 0x20 && record[i] < 0x7f ? (char) record[i] : '?');
        }
        return out.toString();
    }
}
