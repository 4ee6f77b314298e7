package dev.imagescan.vulndb;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a database is and where it came from.
 *
 * @param formatVersion  the artifact format version (see docs/vulndb-format.md)
 * @param builtAt        when it was built
 * @param sources        what it was built from (file names, directories, zip names, URLs), in order
 * @param newestModified the newest {@code modified} time among its records: how fresh the data is
 * @param advisories     how many (non-withdrawn) records it holds
 * @param ecosystems     for each ecosystem, how many affected-package entries it holds (sorted by ecosystem)
 * @param digest         {@code sha256:...} of the artifact's bytes; it is the database's version
 * @param sourceRecords  how many records (advisories, or CVE entries of a severity or exploitation feed) each source
 *                       handed to the build, by source name in source order; empty when the database does not say
 *                       (format version 1)
 * @param cves           how many CVEs it holds severity or exploitation data for (NVD, EPSS, KEV)
 * @param sourceStatus   per source name, its newest record, fetch time and last error; empty when the database does
 *                       not say (built before it was recorded)
 */
public record DatabaseInfo(int formatVersion, Instant builtAt, List<String> sources, Instant newestModified,
        long advisories, Map<String, Integer> ecosystems, String digest, Map<String, Long> sourceRecords,
        long cves, Map<String, SourceStatus> sourceStatus) {
    public DatabaseInfo {
        sources = List.copyOf(sources);
        ecosystems = Map.copyOf(ecosystems);
        sourceRecords = Collections.unmodifiableMap(new LinkedHashMap<>(sourceRecords));
        sourceStatus = Collections.unmodifiableMap(new LinkedHashMap<>(sourceStatus));
    }

    /** A database that does not say how fresh each source is. */
    public DatabaseInfo(int formatVersion, Instant builtAt, List<String> sources, Instant newestModified,
            long advisories, Map<String, Integer> ecosystems, String digest, Map<String, Long> sourceRecords,
            long cves) {
        this(formatVersion, builtAt, sources, newestModified, advisories, ecosystems, digest, sourceRecords, cves,
                Map.of());
    }

    /** What the database says of {@code source}: {@link SourceStatus#UNKNOWN} when nothing. */
    public SourceStatus status(String source) {
        return sourceStatus.getOrDefault(source, SourceStatus.UNKNOWN);
    }

    /** A database with no per-source counts and no CVE data, as format version 1 describes one. */
    public DatabaseInfo(int formatVersion, Instant builtAt, List<String> sources, Instant newestModified,
            long advisories, Map<String, Integer> ecosystems, String digest) {
        this(formatVersion, builtAt, sources, newestModified, advisories, ecosystems, digest, Map.of(), 0);
    }
}
