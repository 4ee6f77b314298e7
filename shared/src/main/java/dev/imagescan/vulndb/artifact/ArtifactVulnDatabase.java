package dev.imagescan.vulndb.artifact;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.PackageAdvisory;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A database over a verified, decompressed payload. Loading only reads the fixed parts (section table, info,
 * ecosystems); a lookup finds the ecosystem in a hash map, binary-searches its sorted package names in the key table
 * comparing UTF-8 bytes in place, and decodes only that package's entries and their advisories (each advisory once:
 * decoded ones are kept). Its content never changes; lookups may run on any number of threads.
 */
final class ArtifactVulnDatabase implements VulnDatabase {
    private static final RangeEvent.Type[] EVENT_TYPES = RangeEvent.Type.values();

    private final byte[] payload;
    private final DatabaseInfo info;
    private final Map<String, KeyRange> ecosystems;
    private final int stringsStart;
    private final int stringsEnd;
    private final int advisoryIndexStart;
    private final int advisoriesStart;
    private final int advisoriesEnd;
    private final int advisoryCount;
    private final int keysStart;
    private final int entriesStart;
    private final int entriesEnd;
    private final StringCache cache = new StringCache();
    /**
     * Advisories decoded so far, by index: an advisory is shared by its packages' entries (openssl, openssl-libs and
     * openssl-devel of one RHSA) and by later lookups. Records are immutable, so a racy write is safe.
     */
    private final Advisory[] advisories;

    /** The keys of one ecosystem: rows {@code [first, first + count)} of the key table. */
    private record KeyRange(String ecosystem, int first, int count) {}

    ArtifactVulnDatabase(byte[] payload, DatabaseInfo info, Map<String, int[]> ecosystemRows, int[][] sections,
            int advisoryCount) {
        this.payload = payload;
        this.info = info;
        this.stringsStart = sections[DatabaseFormat.STRINGS][0];
        this.stringsEnd = stringsStart + sections[DatabaseFormat.STRINGS][1];
        this.advisoryIndexStart = sections[DatabaseFormat.ADVISORY_INDEX][0];
        this.advisoriesStart = sections[DatabaseFormat.ADVISORIES][0];
        this.advisoriesEnd = advisoriesStart + sections[DatabaseFormat.ADVISORIES][1];
        this.advisoryCount = advisoryCount;
        this.advisories = new Advisory[advisoryCount];
        this.keysStart = sections[DatabaseFormat.KEYS][0];
        this.entriesStart = sections[DatabaseFormat.ENTRIES][0];
        this.entriesEnd = entriesStart + sections[DatabaseFormat.ENTRIES][1];
        Map<String, KeyRange> byName = new HashMap<>();
        ecosystemRows.forEach((name, rows) -> byName.put(name, new KeyRange(name, rows[0], rows[1])));
        this.ecosystems = byName;
    }

    @Override
    public DatabaseInfo info() {
        return info;
    }

    @Override
    public Set<String> ecosystems() {
        return info.ecosystems().keySet();
    }

    @Override
    public List<PackageAdvisory> lookup(String ecosystem, String packageName) {
        KeyRange range = ecosystems.get(ecosystem);
        if (range == null) {
            return List.of();
        }
        try {
            int row = find(range, packageName.getBytes(StandardCharsets.UTF_8));
            return row < 0 ? List.of() : decodeEntries(row, range.ecosystem());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new DatabaseFormatException("corrupt database " + info.digest()
                    + ": entry of " + ecosystem + " " + packageName + " does not decode (" + e.getMessage() + ")",
                    e));
        }
    }

    /** The key-table row of {@code name} within the ecosystem's rows, or -1. */
    private int find(KeyRange range, byte[] name) {
        int lo = range.first();
        int hi = range.first() + range.count() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = compareName(keyRow(mid), name);
            if (cmp < 0) {
                lo = mid + 1;
            } else if (cmp > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private int keyRow(int row) {
        return keysStart + row * DatabaseFormat.KEY_ROW_BYTES;
    }

    /** Compares the string at the heap offset stored at {@code rowAt} with {@code name}, as unsigned bytes. */
    private int compareName(int rowAt, byte[] name) {
        int at = stringsStart + (int) new Cursor(payload, rowAt, rowAt + 4).u32();
        Cursor c = new Cursor(payload, at, stringsEnd);
        int length = c.varint();
        int from = c.position();
        if (from + length > stringsEnd) {
            throw new IndexOutOfBoundsException("string past the end of the string table");
        }
        return Arrays.compareUnsigned(payload, from, from + length, name, 0, name.length);
    }

    private List<PackageAdvisory> decodeEntries(int row, String ecosystem) {
        int rowAt = keyRow(row);
        String name = string((int) new Cursor(payload, rowAt, rowAt + 4).u32());
        int listAt = entriesStart + (int) new Cursor(payload, rowAt + 4, rowAt + 8).u32();
        Cursor c = new Cursor(payload, listAt, entriesEnd);
        int n = c.count();
        PackageAdvisory[] result = new PackageAdvisory[n];
        for (int i = 0; i < n; i++) {
            int advisory = c.varint();
            RangeEvent[][] ranges = new RangeEvent[c.count()][];
            for (int r = 0; r < ranges.length; r++) {
                RangeEvent[] events = new RangeEvent[c.count()];
                for (int e = 0; e < events.length; e++) {
                    int type = c.u8();
                    if (type >= EVENT_TYPES.length) {
                        throw new IndexOutOfBoundsException("unknown event type " + type);
                    }
                    events[e] = new RangeEvent(EVENT_TYPES[type], required(ref(c)));
                }
                ranges[r] = events;
            }
            String[] versions = new String[c.count()];
            for (int v = 0; v < versions.length; v++) {
                versions[v] = required(ref(c));
            }
            String rating = ref(c);
            VersionRange[] versionRanges = new VersionRange[ranges.length];
            for (int r = 0; r < ranges.length; r++) {
                versionRanges[r] = new VersionRange(List.of(ranges[r]));
            }
            result[i] = new PackageAdvisory(advisory(advisory),
                    new AffectedPackage(ecosystem, name, List.of(versionRanges), List.of(versions), rating));
        }
        return List.of(result);
    }

    private Advisory advisory(int index) {
        if (index < 0 || index >= advisoryCount) {
            throw new IndexOutOfBoundsException("advisory " + index + " of " + advisoryCount);
        }
        Advisory known = advisories[index];
        if (known == null) {
            known = decodeAdvisory(index);
            advisories[index] = known;
        }
        return known;
    }

    private Advisory decodeAdvisory(int index) {
        int indexAt = advisoryIndexStart + index * DatabaseFormat.ADVISORY_INDEX_ROW_BYTES;
        Cursor c = new Cursor(payload, advisoriesStart + (int) new Cursor(payload, indexAt, indexAt + 4).u32(),
                advisoriesEnd);
        String id = required(ref(c));
        String[] aliases = strings(c);
        String summary = required(ref(c));
        int flags = c.u8();
        Instant published = (flags & DatabaseFormat.FLAG_PUBLISHED) != 0 ? c.time() : null;
        Instant modified = c.time();
        CvssScore[] cvss = new CvssScore[c.count()];
        for (int i = 0; i < cvss.length; i++) {
            cvss[i] = new CvssScore(required(ref(c)), required(ref(c)), c.float64());
        }
        String rating = ref(c);
        String[] references = strings(c);
        return new Advisory(id, List.of(aliases), summary, published, modified, List.of(cvss), rating,
                List.of(references));
    }

    private String[] strings(Cursor c) {
        String[] s = new String[c.count()];
        for (int i = 0; i < s.length; i++) {
            s[i] = required(ref(c));
        }
        return s;
    }

    /** A nullable string reference in a record. */
    private String ref(Cursor c) {
        long ref = c.varlong();
        if (ref == 0) {
            return null;
        }
        if (ref - 1 >= stringsEnd - stringsStart) {
            throw new IndexOutOfBoundsException("string reference " + ref + " past the string table");
        }
        return string((int) (ref - 1));
    }

    /** The string whose entry starts at {@code offset} in the string table. */
    private String string(int offset) {
        String cached = cache.get(offset);
        if (cached != null) {
            return cached;
        }
        Cursor c = new Cursor(payload, stringsStart + offset, stringsEnd);
        int length = c.varint();
        int from = c.position();
        if (from + length > stringsEnd) {
            throw new IndexOutOfBoundsException("string past the end of the string table");
        }
        String s = new String(payload, from, length, StandardCharsets.UTF_8);
        cache.put(offset, s);
        return s;
    }

    private static String required(String s) {
        if (s == null) {
            throw new IndexOutOfBoundsException("a required string is null");
        }
        return s;
    }
}
