package dev.imagescan.vulndb.artifact;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.FixStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.PackageAdvisory;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.VulnDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A database over a verified, decompressed payload. Loading only reads the fixed parts (section table, info,
 * ecosystems); a lookup finds the ecosystem in a hash map, binary-searches its sorted package names in the key table
 * comparing UTF-8 bytes in place, and decodes only that package's entries and their advisories (each advisory once:
 * decoded ones are kept). Its content never changes; lookups may run on any number of threads.
 */
final class ArtifactVulnDatabase implements VulnDatabase {
    private static final RangeEvent.Type[] EVENT_TYPES = RangeEvent.Type.values();
    private static final FixStatus[] FIX_STATUSES = FixStatus.values();

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
    private final int cveIndexStart;
    private final int cveCount;
    private final int cveDataStart;
    private final int cveDataEnd;
    private final StringCache cache = new StringCache();
    /** Whether entries end with a fix status (format version 3 on). */
    private final boolean entryStatus;
    /**
     * Advisories decoded so far, by index: an advisory is shared by its packages' entries (openssl, openssl-libs and
     * openssl-devel of one RHSA) and by later lookups. Records are immutable, so a racy write is safe.
     */
    private final Advisory[] advisories;
    /** Each key row's entries once decoded (immutable lists): a long-lived matcher asks the same packages again. */
    private final AtomicReferenceArray<List<PackageAdvisory>> decodedRows;

    /** The keys of one ecosystem: rows {@code [first, first + count)} of the key table. */
    private record KeyRange(String ecosystem, int first, int count) {}

    ArtifactVulnDatabase(byte[] payload, DatabaseInfo info, Map<String, int[]> ecosystemRows, int[][] sections,
            int advisoryCount) {
        this.payload = payload;
        this.info = info;
        this.entryStatus = DatabaseFormat.entryHasStatus(info.formatVersion());
        this.stringsStart = sections[DatabaseFormat.STRINGS][0];
        this.stringsEnd = stringsStart + sections[DatabaseFormat.STRINGS][1];
        this.advisoryIndexStart = sections[DatabaseFormat.ADVISORY_INDEX][0];
        this.advisoriesStart = sections[DatabaseFormat.ADVISORIES][0];
        this.advisoriesEnd = advisoriesStart + sections[DatabaseFormat.ADVISORIES][1];
        this.advisoryCount = advisoryCount;
        this.advisories = new Advisory[advisoryCount];
        this.keysStart = sections[DatabaseFormat.KEYS][0];
        this.decodedRows = new AtomicReferenceArray<>((int) (sections[DatabaseFormat.KEYS][1] / DatabaseFormat.KEY_ROW_BYTES));
        this.entriesStart = sections[DatabaseFormat.ENTRIES][0];
        this.entriesEnd = entriesStart + sections[DatabaseFormat.ENTRIES][1];
        this.cveIndexStart = sections[DatabaseFormat.CVE_INDEX][0];
        this.cveCount = sections[DatabaseFormat.CVE_INDEX][1] / DatabaseFormat.CVE_ROW_BYTES;
        this.cveDataStart = sections[DatabaseFormat.CVE_DATA][0];
        this.cveDataEnd = cveDataStart + sections[DatabaseFormat.CVE_DATA][1];
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
            if (row < 0) {
                return List.of();
            }
            List<PackageAdvisory> entries = decodedRows.get(row);
            if (entries == null) {
                entries = decodeEntries(row, range.ecosystem());
                decodedRows.set(row, entries);
            }
            return entries;
        } catch (RuntimeException e) {
            throw new DatabaseFormatException("corrupt database " + info.digest() + ": entry of " + ecosystem + " "
                    + packageName + " does not decode (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Optional<CveSignals> signals(String cve) {
        long key = DatabaseFormat.cveKey(cve);
        if (key < 0 || cveCount == 0) {
            return Optional.empty();
        }
        int lo = 0;
        int hi = cveCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int rowAt = cveIndexStart + mid * DatabaseFormat.CVE_ROW_BYTES;
            long k = new Cursor(payload, rowAt, rowAt + 8).u64();
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                try {
                    return Optional.of(decodeSignals(cve, (int) new Cursor(payload, rowAt + 8, rowAt + 12).u32()));
                } catch (RuntimeException e) {
                    throw new DatabaseFormatException("corrupt database " + info.digest() + ": the data of " + cve
                            + " does not decode (" + e.getMessage() + ")", e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every record (without withdrawn ones, which a database never holds) and every CVE's signals, decoded whole: what
     * a database update reuses of a source it did not read again. Affected entries come by ecosystem and package
     * name, each package's in stored order.
     */
    VulnDatabases.Contents contents() {
        Map<String, List<AffectedPackage>> affected = new HashMap<>();
        for (KeyRange range : new TreeMap<>(ecosystems).values()) {
            for (int row = range.first(); row < range.first() + range.count(); row++) {
                for (PackageAdvisory pa : decodeEntries(row, range.ecosystem())) {
                    affected.computeIfAbsent(pa.advisory().id(), k -> new ArrayList<>()).add(pa.affected());
                }
            }
        }
        List<OsvRecord> records = new ArrayList<>(advisoryCount);
        for (int i = 0; i < advisoryCount; i++) {
            Advisory a = advisory(i);
            records.add(new OsvRecord(a, null, affected.getOrDefault(a.id(), List.of())));
        }
        List<CveSignals> signals = new ArrayList<>(cveCount);
        for (int i = 0; i < cveCount; i++) {
            int rowAt = cveIndexStart + i * DatabaseFormat.CVE_ROW_BYTES;
            long key = new Cursor(payload, rowAt, rowAt + 8).u64();
            String cve = String.format(Locale.ROOT, "CVE-%04d-%04d", key / 10_000_000_000_000L,
                    key % 10_000_000_000_000L);
            signals.add(decodeSignals(cve, (int) new Cursor(payload, rowAt + 8, rowAt + 12).u32()));
        }
        return new VulnDatabases.Contents(records, signals);
    }

    private CveSignals decodeSignals(String cve, int offset) {
        Cursor c = new Cursor(payload, cveDataStart + offset, cveDataEnd);
        int flags = c.u8();
        int n = c.count();
        CvssScore[] cvss = new CvssScore[n];
        for (int i = 0; i < n; i++) {
            cvss[i] = cvss(c);
        }
        CveSignals.Epss epss = null;
        if ((flags & DatabaseFormat.FLAG_EPSS) != 0) {
            epss = new CveSignals.Epss(c.float64(), c.float64(), day(c));
        }
        CveSignals.Kev kev = null;
        if ((flags & DatabaseFormat.FLAG_KEV) != 0) {
            kev = new CveSignals.Kev(present(day(c)), day(c), c.u8() != 0);
        }
        return new CveSignals(cve, List.of(cvss), epss, kev);
    }

    private static LocalDate day(Cursor c) {
        long d = c.zigzag();
        return d == 0 ? null : LocalDate.ofEpochDay(d - 1);
    }

    private static <T> T present(T value) {
        if (value == null) {
            throw new IndexOutOfBoundsException("a required value is missing");
        }
        return value;
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
        String name = string((int) new Cursor(payload, rowAt, rowAt + 4).u32(), true);
        int listAt = entriesStart + (int) new Cursor(payload, rowAt + 4, rowAt + 8).u32();
        Cursor c = new Cursor(payload, listAt, entriesEnd);
        int n = c.count();
        PackageAdvisory[] result = new PackageAdvisory[n];
        for (int i = 0; i < n; i++) {
            int advisory = c.varint();
            int rangeCount = c.count();
            List<VersionRange> ranges = switch (rangeCount) {
                case 0 -> List.of();
                case 1 -> List.of(range(c));
                default -> {
                    VersionRange[] all = new VersionRange[rangeCount];
                    for (int r = 0; r < rangeCount; r++) {
                        all[r] = range(c);
                    }
                    yield List.of(all);
                }
            };
            List<String> versions = strings(c, true);
            String rating = ref(c, true);
            FixStatus unfixed = FixStatus.AFFECTED;
            if (entryStatus) {
                int status = c.u8();
                if (status == FixStatus.FIXED.ordinal() || status >= FIX_STATUSES.length) {
                    throw new IndexOutOfBoundsException("fix status " + status + " is not an unfixed status");
                }
                unfixed = FIX_STATUSES[status];
            }
            int index = checkedAdvisory(advisory);
            result[i] = PackageAdvisory.lazy(() -> decodedAdvisory(index),
                    new AffectedPackage(ecosystem, name, ranges, versions, rating, unfixed));
        }
        return List.of(result);
    }

    private VersionRange range(Cursor c) {
        int count = c.count();
        return new VersionRange(switch (count) {
            case 0 -> List.of();
            case 1 -> List.of(event(c));
            case 2 -> List.of(event(c), event(c));
            default -> {
                RangeEvent[] events = new RangeEvent[count];
                for (int e = 0; e < count; e++) {
                    events[e] = event(c);
                }
                yield List.of(events);
            }
        });
    }

    private RangeEvent event(Cursor c) {
        int type = c.u8();
        if (type >= EVENT_TYPES.length) {
            throw new IndexOutOfBoundsException("unknown event type " + type);
        }
        return new RangeEvent(EVENT_TYPES[type], required(ref(c, true)));
    }

    /** The advisory an entry names, decoded when the entry's advisory is first asked for. */
    private Advisory decodedAdvisory(int index) {
        try {
            return advisory(index);
        } catch (RuntimeException e) {
            throw new DatabaseFormatException("corrupt database " + info.digest() + ": advisory " + index
                    + " does not decode (" + e.getMessage() + ")", e);
        }
    }

    /** {@code index} if the database has such an advisory; checked when the entry is read, not when it is used. */
    private int checkedAdvisory(int index) {
        if (index < 0 || index >= advisoryCount) {
            throw new IndexOutOfBoundsException("advisory " + index + " of " + advisoryCount);
        }
        return index;
    }

    private Advisory advisory(int index) {
        checkedAdvisory(index);
        Advisory known = advisories[index];
        if (known == null) {
            known = decodeAdvisory(index);
            advisories[index] = known;
        }
        return known;
    }

    /** One advisory record; its own strings (id, aliases, summary, URLs) bypass the cache, shared ones do not. */
    private Advisory decodeAdvisory(int index) {
        int indexAt = advisoryIndexStart + index * DatabaseFormat.ADVISORY_INDEX_ROW_BYTES;
        Cursor c = new Cursor(payload, advisoriesStart + (int) new Cursor(payload, indexAt, indexAt + 4).u32(),
                advisoriesEnd);
        String id = required(ref(c, false));
        List<String> aliases = strings(c, false);
        String summary = required(ref(c, false));
        int flags = c.u8();
        Instant published = (flags & DatabaseFormat.FLAG_PUBLISHED) != 0 ? c.time() : null;
        Instant modified = c.time();
        int cvssCount = c.count();
        List<CvssScore> cvss = switch (cvssCount) {
            case 0 -> List.of();
            case 1 -> List.of(cvss(c));
            default -> {
                CvssScore[] all = new CvssScore[cvssCount];
                for (int i = 0; i < cvssCount; i++) {
                    all[i] = cvss(c);
                }
                yield List.of(all);
            }
        };
        String rating = ref(c, true);
        int referenceCount = c.count();
        List<String> references = switch (referenceCount) {
            case 0 -> List.of();
            case 1 -> List.of(url(c));
            case 2 -> List.of(url(c), url(c));
            default -> {
                String[] all = new String[referenceCount];
                for (int i = 0; i < referenceCount; i++) {
                    all[i] = url(c);
                }
                yield List.of(all);
            }
        };
        return new Advisory(id, aliases, summary, published, modified, cvss, rating, references);
    }

    /** A reference URL: its shared prefix (cached; may be none) and its own suffix. */
    private String url(Cursor c) {
        String prefix = ref(c, true);
        String suffix = required(ref(c, false));
        return prefix == null ? suffix : prefix.concat(suffix);
    }

    private CvssScore cvss(Cursor c) {
        return new CvssScore(required(ref(c, true)), required(ref(c, true)), c.float64());
    }

    /** A counted list of non-null string references, as an immutable list (no array for up to two). */
    private List<String> strings(Cursor c, boolean cached) {
        int count = c.count();
        switch (count) {
            case 0:
                return List.of();
            case 1:
                return List.of(required(ref(c, cached)));
            case 2:
                return List.of(required(ref(c, cached)), required(ref(c, cached)));
            default:
                String[] s = new String[count];
                for (int i = 0; i < count; i++) {
                    s[i] = required(ref(c, cached));
                }
                return List.of(s);
        }
    }

    /** A nullable string reference in a record. */
    private String ref(Cursor c, boolean cached) {
        long ref = c.varlong();
        if (ref == 0) {
            return null;
        }
        if (ref - 1 >= stringsEnd - stringsStart) {
            throw new IndexOutOfBoundsException("string reference " + ref + " past the string table");
        }
        return string((int) (ref - 1), cached);
    }

    /**
     * The string whose entry starts at {@code offset} in the string table. Strings that repeat (versions, vectors,
     * ratings, names) go through the cache; an advisory's own strings would only evict them.
     */
    private String string(int offset, boolean cached) {
        if (cached) {
            String known = cache.get(offset);
            if (known != null) {
                return known;
            }
        }
        int at = stringsStart + offset;
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (at >= stringsEnd || shift > 28) {
                throw new IndexOutOfBoundsException("string entry past the end of the string table");
            }
            byte b = payload[at++];
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length < 0 || at + length > stringsEnd) {
            throw new IndexOutOfBoundsException("string past the end of the string table");
        }
        String s = new String(payload, at, length, StandardCharsets.UTF_8);
        if (cached) {
            cache.put(offset, s);
        }
        return s;
    }

    private static String required(String s) {
        if (s == null) {
            throw new IndexOutOfBoundsException("a required string is null");
        }
        return s;
    }
}
