package dev.imagescan.vulndb.artifact;

import com.github.luben.zstd.Zstd;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Loads a database artifact (docs/vulndb-format.md) written by {@link DatabaseWriter}, from a file, a stream (an S3
 * object) or bytes. Loading checks the magic and format version, the exact length, the SHA-256 trailer, decompresses
 * the payload and checks its section table and indexes; it decodes no advisory. Anything wrong is a
 * {@link DatabaseFormatException}: a database is used whole or not at all.
 */
public final class VulnDatabases {
    /** The largest artifact loaded. */
    public static final long MAX_ARTIFACT_BYTES = 1L << 30;

    private VulnDatabases() {}

    /** Loads the database in {@code file}. */
    public static VulnDatabase load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_ARTIFACT_BYTES) {
            throw new DatabaseFormatException(file.getFileName() + ": " + size + " bytes is larger than a database "
                    + "may be (" + MAX_ARTIFACT_BYTES + ")");
        }
        return load(Files.readAllBytes(file));
    }

    /** Loads the database that {@code in} holds, reading it to its end (the stream is not closed). */
    public static VulnDatabase load(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_ARTIFACT_BYTES + 1);
        if (bytes.length > MAX_ARTIFACT_BYTES) {
            throw new DatabaseFormatException("larger than a database may be (" + MAX_ARTIFACT_BYTES + " bytes)");
        }
        return load(bytes);
    }

    /**
     * Loads the database held in {@code artifact} (not copied: do not change it afterwards). The payload is
     * decompressed on a second thread while this one checks the SHA-256 (each takes tens of milliseconds in a fresh
     * JVM); it is used only once the checksum matched.
     *
     * @throws IOException never: declared like the other loads' so that callers written when
     *                     {@link DatabaseFormatException} was an {@code IOException} still compile
     * @throws DatabaseFormatException when the bytes are not a usable database
     */
    public static VulnDatabase load(byte[] artifact) throws IOException {
        int version = header(artifact);
        FutureTask<byte[]> decompression = new FutureTask<>(() -> payload(artifact));
        Thread worker = new Thread(decompression, "vulndb-decompress");
        worker.setDaemon(true);
        worker.start();
        String digest;
        try {
            digest = verify(artifact);
        } catch (DatabaseFormatException e) {
            decompression.cancel(true);
            throw e;
        }
        byte[] payload = joined(decompression);
        try {
            return open(payload, version, digest);
        } catch (IndexOutOfBoundsException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new DatabaseFormatException("corrupt database: " + e.getMessage(), e);
        }
    }

    private static byte[] joined(FutureTask<byte[]> decompression) throws DatabaseFormatException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return decompression.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DatabaseFormatException f) {
                throw f;
            }
            throw new DatabaseFormatException("corrupt database: payload does not decompress (" + e.getCause() + ")",
                    e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Checks magic, version, compression and the exact length; returns the format version. */
    private static int header(byte[] a) throws DatabaseFormatException {
        int magic = DatabaseFormat.MAGIC.length;
        if (!Arrays.equals(a, 0, Math.min(a.length, magic), DatabaseFormat.MAGIC, 0, Math.min(a.length, magic))) {
            throw new DatabaseFormatException("not an imagescan vulnerability database (unknown magic bytes)");
        }
        int minimum = DatabaseFormat.HEADER_BYTES + DatabaseFormat.TRAILER_BYTES;
        if (a.length < minimum) {
            throw new DatabaseFormatException("truncated database: " + a.length + " bytes, a database has at least "
                    + minimum);
        }
        Cursor c = new Cursor(a, magic, DatabaseFormat.HEADER_BYTES);
        int version = c.u16();
        if (version > DatabaseFormat.VERSION) {
            throw new DatabaseFormatException("database format version " + version + " is newer than this imagescan "
                    + "reads (" + DatabaseFormat.VERSION + "); use a newer imagescan");
        }
        if (version < DatabaseFormat.OLDEST_VERSION) {
            throw new DatabaseFormatException("unknown database format version " + version);
        }
        int compression = c.u8();
        if (compression != DatabaseFormat.COMPRESSION_NONE && compression != DatabaseFormat.COMPRESSION_ZSTD) {
            throw new DatabaseFormatException("unknown compression " + compression + " in database header");
        }
        if (c.u8() != 0) {
            throw new DatabaseFormatException("reserved header byte is not 0");
        }
        long payloadLength = c.u64();
        long bodyLength = c.u64();
        if (bodyLength < 0 || bodyLength > MAX_ARTIFACT_BYTES) {
            throw new DatabaseFormatException("corrupt database header: body length " + bodyLength);
        }
        long expected = minimum + bodyLength;
        if (a.length < expected) {
            throw new DatabaseFormatException("truncated database: " + a.length + " of " + expected + " bytes");
        }
        if (a.length > expected) {
            throw new DatabaseFormatException((a.length - expected) + " unexpected bytes after the end of the "
                    + "database");
        }
        if (payloadLength < DatabaseFormat.payloadHeaderBytes(version)
                || payloadLength > DatabaseFormat.MAX_PAYLOAD_BYTES
                || (compression == DatabaseFormat.COMPRESSION_NONE && payloadLength != bodyLength)) {
            throw new DatabaseFormatException("corrupt database header: payload length " + payloadLength);
        }
        return version;
    }

    /** Checks the trailer and returns {@code sha256:} of the whole artifact, in one pass over it. */
    private static String verify(byte[] a) throws DatabaseFormatException {
        int body = a.length - DatabaseFormat.TRAILER_BYTES;
        MessageDigest whole = DatabaseWriter.sha256();
        whole.update(a, 0, body);
        byte[] checksum;
        try {
            checksum = ((MessageDigest) whole.clone()).digest();
        } catch (CloneNotSupportedException e) {
            MessageDigest again = DatabaseWriter.sha256();
            again.update(a, 0, body);
            checksum = again.digest();
        }
        if (!MessageDigest.isEqual(checksum, Arrays.copyOfRange(a, body, a.length))) {
            throw new DatabaseFormatException("database checksum mismatch: the file is corrupt");
        }
        whole.update(a, body, DatabaseFormat.TRAILER_BYTES);
        return "sha256:" + HexFormat.of().formatHex(whole.digest());
    }

    private static byte[] payload(byte[] a) throws DatabaseFormatException {
        Cursor c = new Cursor(a, 10, DatabaseFormat.HEADER_BYTES);
        int compression = c.u8();
        c.u8();
        int payloadLength = (int) c.u64();
        int bodyLength = (int) c.u64();
        int from = DatabaseFormat.HEADER_BYTES;
        if (compression == DatabaseFormat.COMPRESSION_NONE) {
            return Arrays.copyOfRange(a, from, from + bodyLength);
        }
        // allocate only what the frame itself says too: a damaged length field must not cost gigabytes of heap
        // (this runs before the checksum is known to match)
        long frameSize = Zstd.getFrameContentSize(a, from, bodyLength);
        if (frameSize != payloadLength) {
            throw new DatabaseFormatException("corrupt database: payload length " + payloadLength
                    + " does not match its zstd frame (" + frameSize + ")");
        }
        byte[] payload = new byte[payloadLength];
        long n;
        try {
            n = Zstd.decompressByteArray(payload, 0, payloadLength, a, from, bodyLength);
        } catch (RuntimeException e) {
            throw new DatabaseFormatException("corrupt database: payload does not decompress (" + e.getMessage()
                    + ")", e);
        }
        if (Zstd.isError(n)) {
            throw new DatabaseFormatException("corrupt database: payload does not decompress ("
                    + Zstd.getErrorName(n) + ")");
        }
        if (n != payloadLength) {
            throw new DatabaseFormatException("corrupt database: payload is " + n + " bytes, header says "
                    + payloadLength);
        }
        return payload;
    }

    private static VulnDatabase open(byte[] payload, int version, String digest) throws DatabaseFormatException {
        int headerBytes = DatabaseFormat.payloadHeaderBytes(version);
        Cursor c = new Cursor(payload, 0, headerBytes);
        int advisories = c.u32Int();
        int keys = c.u32Int();
        int ecosystemCount = c.u32Int();
        int[][] sections = new int[DatabaseFormat.SECTION_COUNT][];
        long expectedOffset = headerBytes;
        for (int i = 0; i < DatabaseFormat.sectionCount(version); i++) {
            long offset = c.u32();
            long length = c.u32();
            if (offset != expectedOffset || offset + length > payload.length) {
                throw new DatabaseFormatException("corrupt database: " + DatabaseFormat.SECTION_NAMES[i]
                        + " section out of place");
            }
            sections[i] = new int[] {(int) offset, (int) length};
            expectedOffset = offset + length;
        }
        if (expectedOffset != payload.length) {
            throw new DatabaseFormatException("corrupt database: sections do not cover the payload");
        }
        for (int i = DatabaseFormat.sectionCount(version); i < sections.length; i++) {
            sections[i] = new int[] {(int) expectedOffset, 0}; // a version 1 database: empty CVE sections
        }
        int[] cveIndex = sections[DatabaseFormat.CVE_INDEX];
        if (cveIndex[1] % DatabaseFormat.CVE_ROW_BYTES != 0) {
            throw new DatabaseFormatException("corrupt database: cve index section holds " + cveIndex[1]
                    + " bytes, not whole rows");
        }
        int cves = cveIndex[1] / DatabaseFormat.CVE_ROW_BYTES;
        requireOffsets(payload, cveIndex, 8, cves, sections[DatabaseFormat.CVE_DATA][1], DatabaseFormat.CVE_INDEX);
        requireRows(sections[DatabaseFormat.ADVISORY_INDEX], advisories, DatabaseFormat.ADVISORY_INDEX_ROW_BYTES,
                DatabaseFormat.ADVISORY_INDEX);
        requireRows(sections[DatabaseFormat.KEYS], keys, DatabaseFormat.KEY_ROW_BYTES, DatabaseFormat.KEYS);
        requireRows(sections[DatabaseFormat.ECOSYSTEMS], ecosystemCount, DatabaseFormat.ECOSYSTEM_ROW_BYTES,
                DatabaseFormat.ECOSYSTEMS);
        int[] strings = sections[DatabaseFormat.STRINGS];
        requireOffsets(payload, sections[DatabaseFormat.ADVISORY_INDEX], 0, advisories,
                sections[DatabaseFormat.ADVISORIES][1], DatabaseFormat.ADVISORY_INDEX);
        requireOffsets(payload, sections[DatabaseFormat.KEYS], 0, keys, strings[1], DatabaseFormat.KEYS);
        requireOffsets(payload, sections[DatabaseFormat.KEYS], 4, keys, sections[DatabaseFormat.ENTRIES][1],
                DatabaseFormat.KEYS);

        int[] infoSection = sections[DatabaseFormat.INFO];
        Cursor info = new Cursor(payload, infoSection[0], infoSection[0] + infoSection[1]);
        Instant builtAt = info.time();
        Instant newest = info.u8() != 0 ? info.time() : null;
        List<String> sources = new ArrayList<>();
        for (int i = info.count(); i > 0; i--) {
            sources.add(string(payload, strings, info.varlong() - 1));
        }
        Map<String, Long> sourceRecords = new LinkedHashMap<>();
        Map<String, SourceStatus> sourceStatus = new LinkedHashMap<>();
        if (version >= 2) {
            for (String source : sources) {
                long n = info.varlong();
                if (n > 0) {
                    sourceRecords.putIfAbsent(source, n - 1);
                }
            }
            if (info.position() < infoSection[0] + infoSection[1]) { // the optional tail: each source's status
                for (String source : sources) {
                    int flags = info.u8();
                    Instant newestOf = (flags & 1) != 0 ? info.time() : null;
                    Instant fetched = (flags & 2) != 0 ? info.time() : null;
                    String error = (flags & 4) != 0 ? string(payload, strings, info.varlong() - 1) : null;
                    SourceStatus st = new SourceStatus(newestOf, fetched, error);
                    if (!st.equals(SourceStatus.UNKNOWN)) {
                        sourceStatus.putIfAbsent(source, st);
                    }
                }
            }
        }

        int[] ecoSection = sections[DatabaseFormat.ECOSYSTEMS];
        Cursor eco = new Cursor(payload, ecoSection[0], ecoSection[0] + ecoSection[1]);
        Map<String, int[]> rows = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        int nextKey = 0;
        for (int i = 0; i < ecosystemCount; i++) {
            String name = string(payload, strings, eco.u32());
            int first = eco.u32Int();
            int count = eco.u32Int();
            int entries = eco.u32Int();
            if (first != nextKey || count < 1 || (long) first + count > keys || rows.put(name, new int[] {first,
                count}) != null) {
                throw new DatabaseFormatException("corrupt database: key rows of ecosystem " + name);
            }
            nextKey = first + count;
            counts.put(name, entries);
        }
        if (nextKey != keys) {
            throw new DatabaseFormatException("corrupt database: " + (keys - nextKey) + " keys of no ecosystem");
        }
        DatabaseInfo databaseInfo = new DatabaseInfo(version, builtAt, sources, newest, advisories, counts, digest,
                sourceRecords, cves, sourceStatus);
        return new ArtifactVulnDatabase(payload, databaseInfo, rows, sections, advisories);
    }

    private static void requireRows(int[] section, int rows, int rowBytes, int which)
            throws DatabaseFormatException {
        if ((long) rows * rowBytes != section[1]) {
            throw new DatabaseFormatException("corrupt database: " + DatabaseFormat.SECTION_NAMES[which]
                    + " section holds " + section[1] + " bytes for " + rows + " rows");
        }
    }

    /** Every u32 at {@code column} of {@code rows} fixed-width rows is an offset below {@code bound}. */
    private static void requireOffsets(byte[] payload, int[] section, int column, int rows, int bound, int which)
            throws DatabaseFormatException {
        int rowBytes = rows == 0 ? 0 : section[1] / rows;
        // a row's u32 at this column
        for (int r = 0; r < rows; r++) {
            int at = section[0] + r * rowBytes + column;
            long offset = ((payload[at] & 0xFFL) << 24) | ((payload[at + 1] & 0xFF) << 16)
                    | ((payload[at + 2] & 0xFF) << 8) | (payload[at + 3] & 0xFF);
            if (offset >= bound) {
                throw new DatabaseFormatException("corrupt database: row " + r + " of the "
                        + DatabaseFormat.SECTION_NAMES[which] + " section points past its target");
            }
        }
    }

    private static String string(byte[] payload, int[] strings, long offset) {
        if (offset < 0 || offset >= strings[1]) {
            throw new IndexOutOfBoundsException("string offset " + offset + " past the string table");
        }
        Cursor c = new Cursor(payload, strings[0] + (int) offset, strings[0] + strings[1]);
        int length = c.varint();
        if (c.position() + length > strings[0] + strings[1]) {
            throw new IndexOutOfBoundsException("string past the end of the string table");
        }
        return new String(payload, c.position(), length, StandardCharsets.UTF_8);
    }

    /** What a database holds, decoded whole: its records and its CVEs' signals. */
    public record Contents(List<OsvRecord> records, List<CveSignals> signals) {
        public Contents {
            records = List.copyOf(records);
            signals = List.copyOf(signals);
        }
    }

    /**
     * Every record and CVE signal of a database loaded by this class (a database update reuses a source's earlier
     * output this way, without fetching or parsing the source again).
     *
     * @throws IllegalArgumentException when {@code db} was not loaded from an artifact
     */
    public static Contents contents(VulnDatabase db) {
        if (!(db instanceof ArtifactVulnDatabase artifact)) {
            throw new IllegalArgumentException("not a database loaded from an artifact");
        }
        try {
            return artifact.contents();
        } catch (RuntimeException e) {
            throw new DatabaseFormatException("corrupt database " + db.info().digest() + ": its records do not"
                    + " decode (" + e.getMessage() + ")", e);
        }
    }
}
