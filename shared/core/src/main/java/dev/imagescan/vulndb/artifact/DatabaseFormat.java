package dev.imagescan.vulndb.artifact;

/** The constants of the artifact format, docs/vulndb-format.md; the one place both the writer and reader take them. */
final class DatabaseFormat {
    /** {@code 89 49 53 56 44 42 0D 0A}: "\x89ISVDB\r\n", a non-ASCII byte then CR LF, as PNG does. */
    static final byte[] MAGIC = {(byte) 0x89, 'I', 'S', 'V', 'D', 'B', '\r', '\n'};
    /** The format version this build writes and the newest it reads. */
    static final int VERSION = 1;
    static final int COMPRESSION_NONE = 0;
    static final int COMPRESSION_ZSTD = 1;
    /** Magic, version (u16), compression (u8), reserved (u8), payload length (u64), body length (u64). */
    static final int HEADER_BYTES = 28;
    /** The SHA-256 of everything before it. */
    static final int TRAILER_BYTES = 32;
    /** The largest payload read: it is held in one array. */
    static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

    /** The payload's fixed part: three u32 counts, then (offset, length) of each section. */
    static final int SECTION_COUNT = 7;
    static final int PAYLOAD_HEADER_BYTES = 12 + 8 * SECTION_COUNT;
    static final int INFO = 0;
    static final int STRINGS = 1;
    static final int ADVISORY_INDEX = 2;
    static final int ADVISORIES = 3;
    static final int ECOSYSTEMS = 4;
    static final int KEYS = 5;
    static final int ENTRIES = 6;
    static final String[] SECTION_NAMES = {"info", "strings", "advisory index", "advisories", "ecosystems", "keys",
        "entries"};
    /** Bytes per row of the fixed-width tables. */
    static final int ECOSYSTEM_ROW_BYTES = 16;
    static final int KEY_ROW_BYTES = 8;
    static final int ADVISORY_INDEX_ROW_BYTES = 4;

    /** Advisory flag: a published time follows. */
    static final int FLAG_PUBLISHED = 1;

    private DatabaseFormat() {}
}
