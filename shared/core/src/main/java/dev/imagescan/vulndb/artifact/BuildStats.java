package dev.imagescan.vulndb.artifact;

import java.util.List;
import java.util.Map;

/**
 * What a build read and kept.
 *
 * @param sources            how many sources were read
 * @param recordsRead        how many records the sources handed over, across all sources
 * @param duplicates         records dropped because another with the same id was as new or newer
 * @param withdrawn          ids whose newest record is withdrawn: left out
 * @param advisories         records kept: {@code recordsRead - duplicates - withdrawn}
 * @param skippedCvssVectors CVSS vectors that did not parse; their records were kept without that score
 * @param ecosystems         affected-package entries kept per ecosystem, sorted by ecosystem
 * @param perSource          each source's part, in the order the sources were read
 */
public record BuildStats(int sources, long recordsRead, long duplicates, long withdrawn, long advisories,
        long skippedCvssVectors, Map<String, Integer> ecosystems, List<SourceRead> perSource) {
    public BuildStats {
        ecosystems = Map.copyOf(ecosystems);
        perSource = List.copyOf(perSource);
    }

    /**
     * One source's read.
     *
     * @param name    the source's name, as the database records it
     * @param version the version of the data read ({@code AdvisorySource.read}'s result)
     * @param records how many records it handed over (before the merge)
     */
    public record SourceRead(String name, String version, long records) {}
}
