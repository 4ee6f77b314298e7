package dev.imagescan.inventory;

import java.util.List;

/**
 * What was scanned: the source, its format and platform, its identity and its layers.
 *
 * @param format         {@code docker-archive}, {@code oci-archive}, {@code oci-layout}, or {@code cyclonedx} for an
 *                       inventory read from an SBOM
 * @param platform       null when unknown
 * @param manifestDigest null for a docker-archive, which carries no manifest blob, and for an SBOM that names none
 * @param configDigest   the image ID; null only for an SBOM that names none
 * @param layers         bottom first; empty for an SBOM that does not give the layers' order
 */
public record ImageSummary(String name, String format, String platform, String manifestDigest, String configDigest,
        List<String> tags, List<Layer> layers) {

    /** One layer: position, diffID, blob digest (null when the source names none), media type (null when none), size. */
    public record Layer(int index, String diffId, String digest, String mediaType, long size) {}
}
