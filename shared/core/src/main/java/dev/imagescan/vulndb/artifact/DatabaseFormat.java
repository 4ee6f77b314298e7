package dev.imagescan.vulndb.artifact;

/** The constants of the artifact format, docs/vulndb-format.md; the one place both the writer and reader take them. */
final class DatabaseFormat {
    /** {@code 89 49 53 56 44 42 0D 0A}: "\x89ISVDB\r\n", a non-ASCII byte then CR LF, as PNG does. */
    static final byte[] MAGIC = {(byte) 0x89, 'I', 'S', 'V', 'D', 'B', '\r', '\n'};
    /** The format version this build writes and the newest it reads. */
    static final int VERSION = 3;
    /**
     * The oldest format version read: version 1 has no CVE sections and no per-source counts; versions 1 and 2 have
     * no fix status in an entry (read as {@code FixStatus.AFFECTED}).
     */
    static final int OLDEST_VERSION = 1;
    static final int COMPRESSION_NONE = 0;
    static final int COMPRESSION_ZSTD = 1;
    /** Magic, version (u16), compression (u8), reserved (u8), payload length (u64), body length (u64). */
    static final int HEADER_BYTES = 28;
    /** The SHA-256 of everything before it. */
    static final int TRAILER_BYTES = 32;
    /** The largest payload read: it is held in one array. */
    static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

    /** The payload's fixed part: three u32 counts, then (offset, length) of each section. */
    static final int SECTION_COUNT = 9;
    static final int PAYLOAD_HEADER_BYTES = payloadHeaderBytes(VERSION);
    static final int INFO = 0;
    static final int STRINGS = 1;
    static final int ADVISORY_INDEX = 2;
    static final int ADVISORIES = 3;
    static final int ECOSYSTEMS = 4;
    static final int KEYS = 5;
    static final int ENTRIES = 6;
    /** Since version 2: the CVEs with severity or exploitation data, as rows of {@link #CVE_ROW_BYTES}. */
    static final int CVE_INDEX = 7;
    /** Since version 2: one record per row of the CVE index. */
    static final int CVE_DATA = 8;
    static final String[] SECTION_NAMES = {"info", "strings", "advisory index", "advisories", "ecosystems", "keys",
        "entries", "cve index", "cve data"};
    /** Bytes per row of the fixed-width tables. */
    static final int ECOSYSTEM_ROW_BYTES = 16;
    static final int KEY_ROW_BYTES = 8;
    static final int ADVISORY_INDEX_ROW_BYTES = 4;
    /** {@code u64} CVE key ({@link #cveKey}), {@code u32} offset of its record in the CVE data section. */
    static final int CVE_ROW_BYTES = 12;
    /** CVE record flags: an EPSS score follows; a KEV entry follows. */
    static final int FLAG_EPSS = 1;
    static final int FLAG_KEV = 2;
    private static final long CVE_NUMBERS = 10_000_000_000_000L;

    /** Advisory flag: a published time follows. */
    static final int FLAG_PUBLISHED = 1;

    private DatabaseFormat() {}

    /** The sections of a payload of format {@code version}. */
    /** Since version 3: an entry ends with the {@code u8} ordinal of its {@code FixStatus} for unfixed versions. */
    static boolean entryHasStatus(int version) {
        return version >= 3;
    }

    static int sectionCount(int version) {
        return version == 1 ? 7 : SECTION_COUNT;
    }

    static int payloadHeaderBytes(int version) {
        return 12 + 8 * sectionCount(version);
    }

    /**
     * The CVE index key of {@code CVE-<year>-<number>}: year × 10^13 + number, so that rows sort by year then number;
     * -1 unless the id is in its canonical form (a number of 4 to 13 digits without a superfluous leading zero).
     */
    static long cveKey(String cve) {
        if (cve.length() < 13 || cve.length() > 22 || !cve.startsWith("CVE-") || cve.charAt(8) != '-') {
            return -1;
        }
        long year = 0;
        for (int i = 4; i < 8; i++) {
            char c = cve.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            year = year * 10 + (c - '0');
        }
        long number = 0;
        for (int i = 9; i < cve.length(); i++) {
            char c = cve.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        String digits = cve.substring(9);
        if (digits.length() > 4 && digits.charAt(0) == '0') {
            return -1;
        }
        return year * CVE_NUMBERS + number;
    }

    /** The id of a CVE index key. */
    static String cveId(long key) {
        return String.format(java.util.Locale.ROOT, "CVE-%04d-%04d", key / CVE_NUMBERS, key % CVE_NUMBERS);
    }
}
