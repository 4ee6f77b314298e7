package dev.imagescan.vulndb.artifact;

import com.github.luben.zstd.Zstd;
import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.CveSignals;
import dev.imagescan.vulndb.CvssScore;
import dev.imagescan.vulndb.DatabaseInfo;
import dev.imagescan.vulndb.SourceStatus;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compiles records into the database artifact described in docs/vulndb-format.md: a header, one zstd frame holding
 * the payload (string table, advisories, per-ecosystem sorted package index, entry lists) and a SHA-256 trailer.
 *
 * <p>The bytes depend only on the records (not on their order in the collection), the source names and the build
 * time: the same input gives the same file, wherever and whenever it is built with the same version of this code.
 * Withdrawn records are left out; two records with one id are refused (the builder keeps the newest before this).
 */
public final class DatabaseWriter {
    /** The format version written, {@code DatabaseInfo.formatVersion}. */
    public static final int FORMAT_VERSION = DatabaseFormat.VERSION;
    /**
     * zstd level. On the 41 MB payload of 100,000 generated advisories: level 3 gave 11.2 MB in 0.5 s, level 9
     * 10.2 MB in 1.6 s, level 19 8.4 MB in 47 s; all inflate in well under 0.1 s.
     */
    static final int ZSTD_LEVEL = 9;
    private static final Comparator<byte[]> UTF8_ORDER = Arrays::compareUnsigned;

    private DatabaseWriter() {}

    /**
     * Writes the artifact of {@code records} to {@code out} (which is not closed).
     *
     * @param records the records; withdrawn ones are left out
     * @param sources what they were read from, as {@link dev.imagescan.vulndb.AdvisorySource#name()} gives it
     * @param builtAt the build time recorded in the artifact
     * @return what {@link VulnDatabases#load(byte[])} will say of the bytes written, digest included
     * @throws IllegalArgumentException when two non-withdrawn records share an id
     */
    public static DatabaseInfo write(Collection<OsvRecord> records, List<String> sources, Instant builtAt,
            OutputStream out) throws IOException {
        return write(records, List.of(), sources, Map.of(), builtAt, out);
    }

    /**
     * Writes the artifact of {@code records} and the severity and exploitation data of CVEs to {@code out} (which is
     * not closed).
     *
     * @param records       the records; withdrawn ones are left out
     * @param signals       per CVE, what NVD, EPSS and KEV say of it (one entry per CVE); ids not in the canonical
     *                      {@code CVE-yyyy-nnnn} form are left out
     * @param sources       what they were read from, as {@link dev.imagescan.vulndb.AdvisorySource#name()} gives it
     * @param sourceRecords how many records each source handed over, by name (sources not in it: unknown)
     * @param builtAt       the build time recorded in the artifact
     * @return what {@link VulnDatabases#load(byte[])} will say of the bytes written, digest included
     * @throws IllegalArgumentException when two non-withdrawn records share an id, or two signals a CVE
     */
    public static DatabaseInfo write(Collection<OsvRecord> records, Collection<CveSignals> signals,
            List<String> sources, Map<String, Long> sourceRecords, Instant builtAt, OutputStream out)
            throws IOException {
        return write(records, signals, sources, sourceRecords, Map.of(), builtAt, out);
    }

    /**
     * {@link #write(Collection, Collection, List, Map, Instant, OutputStream)} with what is known of each source's
     * freshness: its newest record, fetch time and last error (the info section's optional tail; none written when
     * {@code sourceStatus} is empty, so such a database has the bytes it always had).
     *
     * @param sourceStatus per source name; sources not in it: unknown
     */
    public static DatabaseInfo write(Collection<OsvRecord> records, Collection<CveSignals> signals,
            List<String> sources, Map<String, Long> sourceRecords, Map<String, SourceStatus> sourceStatus,
            Instant builtAt, OutputStream out) throws IOException {
        Objects.requireNonNull(builtAt, "builtAt");
        List<Advisory> advisories = new ArrayList<>();
        Map<String, OsvRecord> byId = new TreeMap<>();
        for (OsvRecord r : records) {
            if (r.withdrawn() == null && byId.put(r.advisory().id(), r) != null) {
                throw new IllegalArgumentException("two records with id " + r.advisory().id());
            }
        }
        byId.values().forEach(r -> advisories.add(r.advisory()));

        StringHeap strings = new StringHeap();
        ByteSink info = info(strings, sources, sourceRecords, builtAt, advisories);
        if (!sourceStatus.isEmpty()) {
            statusTail(strings, info, sources, sourceStatus);
        }
        ByteSink advisoryIndex = new ByteSink(4 * advisories.size());
        ByteSink advisoryData = new ByteSink(1 << 20);
        for (Advisory a : advisories) {
            advisoryIndex.u32(advisoryData.size());
            advisory(strings, advisoryData, a);
        }

        // ecosystem -> package name -> entries, both in UTF-8 byte order; entries in advisory order
        Map<byte[], Map<byte[], List<Entry>>> index = new TreeMap<>(UTF8_ORDER);
        int advisoryIndexOf = 0;
        for (OsvRecord r : byId.values()) {
            for (AffectedPackage a : r.affected()) {
                index.computeIfAbsent(utf8(a.ecosystem()), k -> new TreeMap<>(UTF8_ORDER))
                        .computeIfAbsent(utf8(a.name()), k -> new ArrayList<>())
                        .add(new Entry(advisoryIndexOf, a));
            }
            advisoryIndexOf++;
        }
        ByteSink ecosystems = new ByteSink(DatabaseFormat.ECOSYSTEM_ROW_BYTES * index.size());
        ByteSink keys = new ByteSink(1 << 16);
        ByteSink entries = new ByteSink(1 << 20);
        Map<String, Integer> ecosystemCounts = new TreeMap<>();
        int keyCount = 0;
        for (Map.Entry<byte[], Map<byte[], List<Entry>>> e : index.entrySet()) {
            String ecosystem = new String(e.getKey(), StandardCharsets.UTF_8);
            int firstKey = keyCount;
            int entryCount = 0;
            for (Map.Entry<byte[], List<Entry>> k : e.getValue().entrySet()) {
                keys.u32(strings.offset(new String(k.getKey(), StandardCharsets.UTF_8)));
                keys.u32(entries.size());
                entries.varint(k.getValue().size());
                for (Entry entry : k.getValue()) {
                    entry(strings, entries, entry);
                }
                entryCount += k.getValue().size();
                keyCount++;
            }
            ecosystems.u32(strings.offset(ecosystem));
            ecosystems.u32(firstKey);
            ecosystems.u32(keyCount - firstKey);
            ecosystems.u32(entryCount);
            ecosystemCounts.put(ecosystem, entryCount);
        }

        ByteSink[] sections = new ByteSink[DatabaseFormat.SECTION_COUNT];
        sections[DatabaseFormat.INFO] = info;
        sections[DatabaseFormat.STRINGS] = strings.data();
        sections[DatabaseFormat.ADVISORY_INDEX] = advisoryIndex;
        sections[DatabaseFormat.ADVISORIES] = advisoryData;
        sections[DatabaseFormat.ECOSYSTEMS] = ecosystems;
        sections[DatabaseFormat.KEYS] = keys;
        sections[DatabaseFormat.ENTRIES] = entries;
        TreeMap<Long, CveSignals> cves = new TreeMap<>();
        for (CveSignals c : signals) {
            long key = DatabaseFormat.cveKey(c.cve());
            if (key >= 0 && cves.put(key, c) != null) {
                throw new IllegalArgumentException("two signal entries for " + c.cve());
            }
        }
        ByteSink cveIndex = new ByteSink(DatabaseFormat.CVE_ROW_BYTES * cves.size());
        ByteSink cveData = new ByteSink(1 << 16);
        for (Map.Entry<Long, CveSignals> e : cves.entrySet()) {
            cveIndex.u64(e.getKey());
            cveIndex.u32(cveData.size());
            signals(strings, cveData, e.getValue());
        }
        sections[DatabaseFormat.CVE_INDEX] = cveIndex;
        sections[DatabaseFormat.CVE_DATA] = cveData;
        byte[] payload = payload(advisories.size(), keyCount, index.size(), sections);
        byte[] artifact = artifact(payload);
        out.write(artifact);
        return new DatabaseInfo(FORMAT_VERSION, builtAt, sources, newestModified(advisories), advisories.size(),
                ecosystemCounts, digest(artifact), knownCounts(sources, sourceRecords), cves.size(),
                knownStatus(sources, sourceStatus));
    }

    private static Map<String, SourceStatus> knownStatus(List<String> sources, Map<String, SourceStatus> status) {
        Map<String, SourceStatus> known = new LinkedHashMap<>();
        for (String s : sources) {
            SourceStatus st = status.get(s);
            if (st != null && !st.equals(SourceStatus.UNKNOWN)) {
                known.putIfAbsent(s, st);
            }
        }
        return known;
    }

    /**
     * The info section's optional tail (format 2): per source, in source order, {@code u8} flags (bit 0 a newest
     * {@code modified} follows, bit 1 a fetch time, bit 2 a last error), then those fields ({@code time},
     * {@code time}, {@code str}).
     */
    private static void statusTail(StringHeap strings, ByteSink info, List<String> sources,
            Map<String, SourceStatus> status) {
        for (String s : sources) {
            SourceStatus st = status.getOrDefault(s, SourceStatus.UNKNOWN);
            info.u8((st.newestModified() == null ? 0 : 1) | (st.fetchedAt() == null ? 0 : 2)
                    | (st.lastError() == null ? 0 : 4));
            if (st.newestModified() != null) {
                time(info, st.newestModified());
            }
            if (st.fetchedAt() != null) {
                time(info, st.fetchedAt());
            }
            if (st.lastError() != null) {
                strings.ref(info, st.lastError());
            }
        }
    }

    private static Map<String, Long> knownCounts(List<String> sources, Map<String, Long> sourceRecords) {
        Map<String, Long> known = new LinkedHashMap<>();
        for (String s : sources) {
            Long n = sourceRecords.get(s);
            if (n != null) {
                known.putIfAbsent(s, n);
            }
        }
        return known;
    }

    /** One CVE record: flags, NVD's CVSS, then the EPSS score and the KEV entry when the flags say so. */
    private static void signals(StringHeap strings, ByteSink out, CveSignals c) {
        out.u8((c.epss() == null ? 0 : DatabaseFormat.FLAG_EPSS) | (c.kev() == null ? 0 : DatabaseFormat.FLAG_KEV));
        out.varint(c.nvdCvss().size());
        for (CvssScore s : c.nvdCvss()) {
            strings.ref(out, s.version());
            strings.ref(out, s.vector());
            out.u64(Double.doubleToLongBits(s.baseScore()));
        }
        if (c.epss() != null) {
            out.u64(Double.doubleToLongBits(c.epss().score()));
            out.u64(Double.doubleToLongBits(c.epss().percentile()));
            day(out, c.epss().date());
        }
        if (c.kev() != null) {
            day(out, c.kev().dateAdded());
            day(out, c.kev().dueDate());
            out.u8(c.kev().ransomware() ? 1 : 0);
        }
    }

    /** A date as {@code zigzag} (days since 1970-01-01) + 1, 0 for none. */
    private static void day(ByteSink out, LocalDate date) {
        if (date == null) {
            out.varint(0);
        } else {
            out.zigzag(date.toEpochDay() + 1);
        }
    }

    /** One affected entry and the index of its advisory. */
    private record Entry(int advisory, AffectedPackage affected) {}

    private static ByteSink info(StringHeap strings, List<String> sources, Map<String, Long> sourceRecords,
            Instant builtAt, List<Advisory> advisories) {
        ByteSink info = new ByteSink(256);
        time(info, builtAt);
        Instant newest = newestModified(advisories);
        info.u8(newest == null ? 0 : 1);
        if (newest != null) {
            time(info, newest);
        }
        info.varint(sources.size());
        for (String s : sources) {
            strings.ref(info, Objects.requireNonNull(s, "source"));
        }
        for (String s : sources) { // since version 2: records per source, + 1 (0: unknown)
            Long n = sourceRecords.get(s);
            info.varint(n == null ? 0 : n + 1);
        }
        return info;
    }

    private static Instant newestModified(List<Advisory> advisories) {
        return advisories.stream().map(Advisory::modified).max(Comparator.naturalOrder()).orElse(null);
    }

    private static void advisory(StringHeap strings, ByteSink out, Advisory a) {
        strings.ref(out, a.id());
        out.varint(a.aliases().size());
        a.aliases().forEach(s -> strings.ref(out, s));
        strings.ref(out, a.summary());
        out.u8(a.published() == null ? 0 : DatabaseFormat.FLAG_PUBLISHED);
        if (a.published() != null) {
            time(out, a.published());
        }
        time(out, Objects.requireNonNull(a.modified(), "modified"));
        out.varint(a.cvss().size());
        for (CvssScore c : a.cvss()) {
            strings.ref(out, c.version());
            strings.ref(out, c.vector());
            out.u64(Double.doubleToLongBits(c.baseScore()));
        }
        strings.ref(out, a.rating());
        out.varint(a.references().size());
        for (String url : a.references()) {
            int split = urlSplit(url);
            strings.ref(out, split == 0 ? null : url.substring(0, split));
            strings.ref(out, url.substring(split));
        }
    }

    /**
     * Where a reference URL is cut into a shared prefix and its own suffix: after its last {@code /} or {@code =}
     * (0 when there is none, or when that is the last character). {@code https://ubuntu.com/security/} and
     * {@code https://www.cve.org/CVERecord?id=} are then stored once, and a suffix such as {@code CVE-2024-3094}
     * is the alias string already stored.
     */
    static int urlSplit(String url) {
        int cut = Math.max(url.lastIndexOf('/'), url.lastIndexOf('=')) + 1;
        return cut >= url.length() ? 0 : cut;
    }

    private static void entry(StringHeap strings, ByteSink out, Entry e) {
        AffectedPackage a = e.affected();
        out.varint(e.advisory());
        out.varint(a.ranges().size());
        for (VersionRange r : a.ranges()) {
            out.varint(r.events().size());
            for (RangeEvent event : r.events()) {
                out.u8(event.type().ordinal());
                strings.ref(out, event.version());
            }
        }
        out.varint(a.versions().size());
        a.versions().forEach(v -> strings.ref(out, v));
        strings.ref(out, a.rating());
        out.u8(a.unfixed().ordinal()); // since version 3
    }

    private static void time(ByteSink out, Instant t) {
        out.zigzag(t.getEpochSecond());
        out.varint(t.getNano());
    }

    private static byte[] payload(int advisories, int keys, int ecosystems, ByteSink[] sections) {
        long total = DatabaseFormat.PAYLOAD_HEADER_BYTES;
        for (ByteSink s : sections) {
            total += s.size();
        }
        if (total > DatabaseFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalStateException("database payload of " + total + " bytes is over the format's limit");
        }
        ByteSink payload = new ByteSink((int) total);
        payload.u32(advisories);
        payload.u32(keys);
        payload.u32(ecosystems);
        long offset = DatabaseFormat.PAYLOAD_HEADER_BYTES;
        for (ByteSink s : sections) {
            payload.u32(offset);
            payload.u32(s.size());
            offset += s.size();
        }
        for (ByteSink s : sections) {
            payload.bytes(s);
        }
        return payload.toByteArray();
    }

    private static byte[] artifact(byte[] payload) {
        byte[] body = Zstd.compress(payload, ZSTD_LEVEL);
        ByteSink file = new ByteSink(DatabaseFormat.HEADER_BYTES + body.length + DatabaseFormat.TRAILER_BYTES);
        file.bytes(DatabaseFormat.MAGIC, 0, DatabaseFormat.MAGIC.length);
        file.u16(DatabaseFormat.VERSION);
        file.u8(DatabaseFormat.COMPRESSION_ZSTD);
        file.u8(0);
        file.u64(payload.length);
        file.u64(body.length);
        file.bytes(body, 0, body.length);
        byte[] withoutTrailer = file.toByteArray();
        byte[] checksum = sha256().digest(withoutTrailer);
        file.bytes(checksum, 0, checksum.length);
        return file.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String digest(byte[] artifact) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(artifact));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
