package dev.imagescan.analyzer.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the package identity tags of an rpm header blob as stored in an rpm database: a big-endian index count
 * and data length, the 16-byte index entries (tag, type, offset, count), then the data store. Every count, length
 * and offset is checked against the blob before use, so a malformed header yields an
 * {@link RpmDatabaseException} naming the problem, never a runtime exception or a large allocation.
 */
public final class RpmHeaderParser {

    /** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX in lib/header_internal.h). */
    static final long MAX_INDEX_ENTRIES = 0xffff;
    static final long MAX_DATA_LENGTH = 256L * 1024 * 1024;
    /** The largest blob a well-formed header can be; backends refuse to allocate more than this per header. */
    public static final long MAX_HEADER_BLOB = 8 + 16 * MAX_INDEX_ENTRIES + MAX_DATA_LENGTH;

    static final int TAG_NAME = 1000;
    static final int TAG_VERSION = 1001;
    static final int TAG_RELEASE = 1002;
    static final int TAG_EPOCH = 1003;
    static final int TAG_VENDOR = 1011;
    static final int TAG_ARCH = 1022;
    static final int TAG_SOURCERPM = 1044;
    static final int TAG_MODULARITYLABEL = 5096;
    static final int TAG_OLDFILENAMES = 1027;
    static final int TAG_DIRINDEXES = 1116;
    static final int TAG_BASENAMES = 1117;
    static final int TAG_DIRNAMES = 1118;

    static final int TYPE_INT32 = 4;
    static final int TYPE_STRING = 6;
    static final int TYPE_STRING_ARRAY = 8;
    static final int TYPE_I18NSTRING = 9;
    private static final int TYPE_MAX = 9;
    private static final String[] TYPE_NAMES = {
        "NULL", "CHAR", "INT8", "INT16", "INT32", "INT64", "STRING", "BIN", "STRING_ARRAY", "I18NSTRING"
    };

    private static final int ENTRY_SIZE = 16;
    private static final int PREAMBLE = 8;

    private RpmHeaderParser() {
    }

    /**
     * Parses one header blob.
     *
     * @param blob     the header bytes (without the 8-byte {@code 8e ad e8 01} magic)
     * @param instance instance number to carry into the result, may be {@code null}
     * @throws RpmDatabaseException when the blob is malformed or lacks NAME, VERSION or RELEASE
     */
    public static RpmPackageInfo parse(byte[] blob, Integer instance) throws RpmDatabaseException {
        Layout layout = Layout.of(blob);
        String name = null;
        String version = null;
        String release = null;
        String arch = null;
        String sourceRpm = null;
        String vendor = null;
        String modularityLabel = null;
        Long epoch = null;
        for (int i = 0; i < layout.indexCount; i++) {
            int entry = PREAMBLE + i * ENTRY_SIZE;
            int tag = readInt(blob, entry);
            int type = readInt(blob, entry + 4);
            int offset = readInt(blob, entry + 8);
            long count = readInt(blob, entry + 12) & 0xffffffffL;
            layout.checkEntry(i, tag, type, offset);
            switch (tag) {
                case TAG_NAME -> name = first(name, () -> layout.string(tag, type, offset, count));
                case TAG_VERSION -> version = first(version, () -> layout.string(tag, type, offset, count));
                case TAG_RELEASE -> release = first(release, () -> layout.string(tag, type, offset, count));
                case TAG_ARCH -> arch = first(arch, () -> layout.string(tag, type, offset, count));
                case TAG_SOURCERPM -> sourceRpm = first(sourceRpm, () -> layout.string(tag, type, offset, count));
                case TAG_VENDOR -> vendor = first(vendor, () -> layout.string(tag, type, offset, count));
                case TAG_MODULARITYLABEL ->
                        modularityLabel = first(modularityLabel, () -> layout.string(tag, type, offset, count));
                case TAG_EPOCH -> epoch = first(epoch, () -> layout.int32(tag, type, offset, count));
                default -> {
                    // not needed
                }
            }
        }
        requireTag(name, TAG_NAME);
        requireTag(version, TAG_VERSION);
        requireTag(release, TAG_RELEASE);
        if (vendor != null && vendor.isEmpty()) {
            vendor = null;
        }
        return new RpmPackageInfo(name, epoch, version, release, arch, sourceRpm, vendor, modularityLabel, instance);
    }

    /**
     * The files a header says its package installed, as absolute paths: {@code DIRNAMES[DIRINDEXES[i]] +
     * BASENAMES[i]} (rpm's compressed file list), or the {@code OLDFILENAMES} of a package built before rpm 4.0.
     * Empty for a package without files.
     *
     * @throws RpmDatabaseException when the blob or the file-list tags are malformed (counts that disagree, an index
     *                              outside the directory list, strings past the data store)
     */
    public static List<String> fileNames(byte[] blob) throws RpmDatabaseException {
        Layout layout = Layout.of(blob);
        List<String> basenames = null;
        List<String> dirnames = null;
        List<String> oldNames = null;
        long[] dirIndexes = null;
        for (int i = 0; i < layout.indexCount; i++) {
            int entry = PREAMBLE + i * ENTRY_SIZE;
            int tag = readInt(blob, entry);
            int type = readInt(blob, entry + 4);
            int offset = readInt(blob, entry + 8);
            long count = readInt(blob, entry + 12) & 0xffffffffL;
            layout.checkEntry(i, tag, type, offset);
            switch (tag) {
                case TAG_BASENAMES -> basenames = layout.strings(tag, type, offset, count);
                case TAG_DIRNAMES -> dirnames = layout.strings(tag, type, offset, count);
                case TAG_OLDFILENAMES -> oldNames = layout.strings(tag, type, offset, count);
                case TAG_DIRINDEXES -> dirIndexes = layout.int32s(tag, type, offset, count);
                default -> {
                    // not a file-list tag
                }
            }
        }
        if (basenames == null) {
            return oldNames == null ? List.of() : oldNames;
        }
        if (dirnames == null || dirIndexes == null || dirIndexes.length != basenames.size()) {
            throw new RpmDatabaseException("BASENAMES(1117) has " + basenames.size() + " entries but DIRINDEXES(1116)"
                    + " has " + (dirIndexes == null ? "none" : dirIndexes.length) + " and DIRNAMES(1118) "
                    + (dirnames == null ? "none" : dirnames.size()));
        }
        List<String> out = new ArrayList<>(basenames.size());
        for (int i = 0; i < basenames.size(); i++) {
            long d = dirIndexes[i];
            if (d < 0 || d >= dirnames.size()) {
                throw new RpmDatabaseException("DIRINDEXES(1116) entry " + i + " is " + d + ", outside the "
                        + dirnames.size() + " DIRNAMES(1118)");
            }
            out.add(dirnames.get((int) d) + basenames.get(i));
        }
        return out;
    }

    private interface Decoder<T> {
        T decode() throws RpmDatabaseException;
    }

    /** The first occurrence of a tag wins; later duplicates are still bounds-checked by checkEntry. */
    private static <T> T first(T current, Decoder<T> decoder) throws RpmDatabaseException {
        return current != null ? current : decoder.decode();
    }

    private static void requireTag(String value, int tag) throws RpmDatabaseException {
        if (value == null) {
            throw new RpmDatabaseException("header has no " + tagName(tag) + " tag");
        }
    }

    static String tagName(int tag) {
        return switch (tag) {
            case TAG_NAME -> "NAME(1000)";
            case TAG_VERSION -> "VERSION(1001)";
            case TAG_RELEASE -> "RELEASE(1002)";
            case TAG_EPOCH -> "EPOCH(1003)";
            case TAG_VENDOR -> "VENDOR(1011)";
            case TAG_ARCH -> "ARCH(1022)";
            case TAG_SOURCERPM -> "SOURCERPM(1044)";
            case TAG_MODULARITYLABEL -> "MODULARITYLABEL(5096)";
            case TAG_OLDFILENAMES -> "OLDFILENAMES(1027)";
            case TAG_DIRINDEXES -> "DIRINDEXES(1116)";
            case TAG_BASENAMES -> "BASENAMES(1117)";
            case TAG_DIRNAMES -> "DIRNAMES(1118)";
            default -> "tag " + tag;
        };
    }

    static String typeName(int type) {
        return type >= 0 && type <= TYPE_MAX ? TYPE_NAMES[type] : "type " + type;
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** The validated shape of a blob: where the data store starts and how long it is. */
    private static final class Layout {
        private final byte[] blob;
        private final int indexCount;
        private final int dataStart;
        private final int dataLength;

        private Layout(byte[] blob, int indexCount, int dataStart, int dataLength) {
            this.blob = blob;
            this.indexCount = indexCount;
            this.dataStart = dataStart;
            this.dataLength = dataLength;
        }

        static Layout of(byte[] blob) throws RpmDatabaseException {
            if (blob == null || blob.length < PREAMBLE) {
                throw new RpmDatabaseException("header blob is " + (blob == null ? 0 : blob.length)
                        + " bytes, shorter than the 8-byte index count + data length preamble");
            }
            long il = readInt(blob, 0) & 0xffffffffL;
            long dl = readInt(blob, 4) & 0xffffffffL;
            long available = blob.length - PREAMBLE;
            if (il == 0) {
                throw new RpmDatabaseException("header index count is 0");
            }
            if (il * ENTRY_SIZE > available) {
                throw new RpmDatabaseException("header index count " + il + " needs " + il * ENTRY_SIZE
                        + " bytes of index entries but the blob has only " + available + " bytes after the preamble");
            }
            if (il > MAX_INDEX_ENTRIES) {
                throw new RpmDatabaseException("header index count " + il + " exceeds rpm's limit of "
                        + MAX_INDEX_ENTRIES);
            }
            long dataAvailable = available - il * ENTRY_SIZE;
            if (dl > dataAvailable) {
                throw new RpmDatabaseException("header data length " + dl + " exceeds the " + dataAvailable
                        + " bytes left in the " + blob.length + "-byte blob after " + il + " index entries");
            }
            if (dl < dataAvailable) {
                throw new RpmDatabaseException("header blob is " + blob.length + " bytes but 8 + 16 * " + il
                        + " index entries + " + dl + " data bytes = " + (PREAMBLE + il * ENTRY_SIZE + dl));
            }
            if (dl > MAX_DATA_LENGTH) {
                throw new RpmDatabaseException("header data length " + dl + " exceeds rpm's limit of "
                        + MAX_DATA_LENGTH);
            }
            return new Layout(blob, (int) il, (int) (PREAMBLE + il * ENTRY_SIZE), (int) dl);
        }

        /** The checks rpm applies to every entry: known type, offset inside the data store. */
        void checkEntry(int index, int tag, int type, int offset) throws RpmDatabaseException {
            if (type < 0 || type > TYPE_MAX) {
                throw new RpmDatabaseException("index entry " + index + " (" + tagName(tag) + ") has unknown type "
                        + Integer.toUnsignedString(type));
            }
            if (offset < 0 || offset > dataLength) {
                throw new RpmDatabaseException("index entry " + index + " (" + tagName(tag) + ") offset "
                        + Integer.toUnsignedString(offset) + " lies outside the " + dataLength + "-byte data store");
            }
        }

        String string(int tag, int type, int offset, long count) throws RpmDatabaseException {
            if (type != TYPE_STRING && type != TYPE_I18NSTRING && type != TYPE_STRING_ARRAY) {
                throw new RpmDatabaseException(tagName(tag) + " has type " + typeName(type) + ", expected a string");
            }
            if (count == 0) {
                throw new RpmDatabaseException(tagName(tag) + " has a count of 0");
            }
            int start = dataStart + offset;
            int end = dataStart + dataLength;
            for (int i = start; i < end; i++) {
                if (blob[i] == 0) {
                    return new String(blob, start, i - start, StandardCharsets.UTF_8);
                }
            }
            throw new RpmDatabaseException(tagName(tag) + " string at data offset " + offset
                    + " has no NUL terminator before the end of the " + dataLength + "-byte data store");
        }

        /** The {@code count} NUL-terminated strings of a STRING_ARRAY entry. */
        List<String> strings(int tag, int type, int offset, long count) throws RpmDatabaseException {
            if (type != TYPE_STRING_ARRAY && type != TYPE_STRING) {
                throw new RpmDatabaseException(tagName(tag) + " has type " + typeName(type)
                        + ", expected a string array");
            }
            if (count > dataLength) {
                throw new RpmDatabaseException(tagName(tag) + " claims " + count + " strings in a " + dataLength
                        + "-byte data store");
            }
            List<String> out = new ArrayList<>((int) count);
            int at = dataStart + offset;
            int end = dataStart + dataLength;
            for (long n = 0; n < count; n++) {
                int start = at;
                while (at < end && blob[at] != 0) {
                    at++;
                }
                if (at >= end) {
                    throw new RpmDatabaseException(tagName(tag) + " string " + n + " has no NUL terminator before"
                            + " the end of the " + dataLength + "-byte data store");
                }
                out.add(new String(blob, start, at - start, StandardCharsets.UTF_8));
                at++;
            }
            return out;
        }

        /** The {@code count} values of an INT32 array entry. */
        long[] int32s(int tag, int type, int offset, long count) throws RpmDatabaseException {
            if (type != TYPE_INT32) {
                throw new RpmDatabaseException(tagName(tag) + " has type " + typeName(type) + ", expected INT32");
            }
            if ((offset & 3) != 0 || (long) offset + 4 * count > dataLength) {
                throw new RpmDatabaseException(tagName(tag) + " " + count + " INT32 value(s) at data offset "
                        + offset + " are misaligned or run past the end of the " + dataLength + "-byte data store");
            }
            long[] out = new long[(int) count];
            for (int i = 0; i < count; i++) {
                out[i] = readInt(blob, dataStart + offset + 4 * i) & 0xffffffffL;
            }
            return out;
        }

        Long int32(int tag, int type, int offset, long count) throws RpmDatabaseException {
            if (type != TYPE_INT32) {
                throw new RpmDatabaseException(tagName(tag) + " has type " + typeName(type) + ", expected INT32");
            }
            if (count == 0) {
                throw new RpmDatabaseException(tagName(tag) + " has a count of 0");
            }
            if ((offset & 3) != 0) {
                throw new RpmDatabaseException(tagName(tag) + " INT32 data offset " + offset
                        + " is not 4-byte aligned");
            }
            if ((long) offset + 4 * count > dataLength) {
                throw new RpmDatabaseException(tagName(tag) + " " + count + " INT32 value(s) at data offset "
                        + offset + " run past the end of the " + dataLength + "-byte data store");
            }
            return readInt(blob, dataStart + offset) & 0xffffffffL;
        }
    }
}
