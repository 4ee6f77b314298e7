package dev.imagescan.vulndb.artifact;

import java.util.Map;

/**
 * What a build read and kept.
 *
 * @param sources            how many sources were read
 * @param recordsRead        how many OSV documents were parsed into records, across all sources
 * @param duplicates         records dropped because another with the same id was as new or newer
 * @param withdrawn          ids whose newest record is withdrawn: left out
 * @param advisories         records kept: {@code recordsRead - duplicates - withdrawn}
 * @param skippedCvssVectors CVSS vectors that did not parse; their records were kept without that score
 * @param ecosystems         affected-package entries kept per ecosystem, sorted by ecosystem
 */
public record BuildStats(int sources, long recordsRead, long duplicates, long withdrawn, long advisories,
        long skippedCvssVectors, Map<String, Integer> ecosystems) {
    public BuildStats {
        ecosystems = Map.copyOf(ecosystems);
    }
}
