package dev.imagescan.vulndb.alpine;

import dev.imagescan.vulndb.Advisory;
import dev.imagescan.vulndb.AdvisorySource;
import dev.imagescan.vulndb.FeedSource;
import dev.imagescan.vulndb.AffectedPackage;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.RangeEvent;
import dev.imagescan.vulndb.VersionRange;
import dev.imagescan.vulndb.fetch.FeedFormatException;
import dev.imagescan.vulndb.fetch.FeedInput;
import dev.imagescan.vulndb.fetch.FeedLocations;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Alpine's secdb as an {@link AdvisorySource}: the {@code main} and {@code community} documents of each branch
 * ({@link SecdbParser}), turned into OSV records the way OSV.dev's Alpine converter does — one record
 * {@code ALPINE-SECDB-<CVE>} per CVE (not OSV's {@code ALPINE-<CVE>}: a build that reads OSV's Alpine feed too keeps
 * both, where one id would keep only the newer record and lose either this one's {@code community} entries or
 * OSV's), upstream (alias) the CVE, one affected entry per (branch, origin package, fixed version) in ecosystem {@code Alpine:v3.20} with the range {@code introduced 0, fixed <version>}, the reference
 * {@code https://security.alpinelinux.org/vuln/<CVE>} — but with {@code community} too, which OSV's Alpine feed
 * leaves out. A record's {@code modified} is the newest {@code Last-Modified} of the documents read (the epoch for
 * local files), so the same documents give the same records.
 *
 * <p>Records are built once every document is read (a CVE is spread over branches and repositories); the
 * documents are small (a few MB in all) and each is bounded by the fetch limits.
 */
public final class AlpineSecdbSource extends FeedSource {
    /** Where Alpine publishes its secdb. */
    public static final String BASE = "https://secdb.alpinelinux.org/";
    /** The records' ids: {@code ALPINE-SECDB-CVE-2024-1}. */
    public static final String ID_PREFIX = "ALPINE-SECDB-";
    /** The first and last minor versions of the 3.x branches read by default. */
    static final int FIRST_MINOR = 3;
    static final int LAST_MINOR = 22;

    public AlpineSecdbSource(FeedLocations feeds) {
        super("alpine", feeds);
    }

    /** {@code main.json} and {@code community.json} of v3.3 to v3.22 and edge. */
    public static List<String> officialFeeds() {
        List<String> urls = new ArrayList<>();
        for (int minor = FIRST_MINOR; minor <= LAST_MINOR; minor++) {
            urls.add(BASE + "v3." + minor + "/main.json");
            urls.add(BASE + "v3." + minor + "/community.json");
        }
        urls.add(BASE + "edge/main.json");
        urls.add(BASE + "edge/community.json");
        return urls;
    }

    @Override
    public String read(RecordSink sink) throws IOException {
        // CVE -> (ecosystem, package, fixed version), sorted: the records come out in the same order every time
        Map<String, TreeSet<String>> fixes = new TreeMap<>();
        List<String> versions = new ArrayList<>();
        Instant modified = Instant.EPOCH;
        for (String location : feeds.locations()) {
            try (FeedInput in = FeedInput.open(location, feeds.fetcher())) {
                SecdbParser.parse(in.stream(), in.name(), (branch, pkg, version, cve) -> fixes
                        .computeIfAbsent(cve, k -> new TreeSet<>())
                        .add("Alpine:" + branch + "\u0000" + pkg + "\u0000" + version));
                versions.add(in.version());
                Instant changed = in.lastModified().orElse(Instant.EPOCH);
                if (changed.isAfter(modified)) {
                    modified = changed;
                }
            }
        }
        if (fixes.isEmpty()) {
            throw new FeedFormatException(name() + ": no fix in any document");
        }
        for (Map.Entry<String, TreeSet<String>> e : fixes.entrySet()) {
            sink.record(record(e.getKey(), e.getValue(), modified));
        }
        return FeedLocations.combined(versions);
    }

    private static OsvRecord record(String cve, TreeSet<String> fixes, Instant modified) {
        List<AffectedPackage> affected = new ArrayList<>();
        for (String f : fixes) {
            String[] parts = f.split("\u0000", 3);
            affected.add(new AffectedPackage(parts[0], parts[1], List.of(new VersionRange(List.of(
                    RangeEvent.introduced("0"), RangeEvent.fixed(parts[2])))), List.of(), null));
        }
        Advisory advisory = new Advisory(ID_PREFIX + cve, List.of(cve), "", null, modified, List.of(), null,
                List.of("https://security.alpinelinux.org/vuln/" + cve));
        return new OsvRecord(advisory, null, affected);
    }
}
