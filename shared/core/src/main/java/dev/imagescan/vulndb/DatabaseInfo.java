package dev.imagescan.vulndb;

import java.time.Instant;
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
 */
public record DatabaseInfo(int formatVersion, Instant builtAt, List<String> sources, Instant newestModified,
        long advisories, Map<String, Integer> ecosystems, String digest) {
    public DatabaseInfo {
        sources = List.copyOf(sources);
        ecosystems = Map.copyOf(ecosystems);
    }
}
