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
 * @param reference      for an image read from a registry, its reference in full
 *                       ({@code docker.io/library/alpine:3.20}); null otherwise
 * @param repository     for an image read from a registry, {@code registry/repository}
 *                       ({@code docker.io/library/alpine}); null otherwise
 */
public record ImageSummary(String name, String format, String platform, String manifestDigest, String configDigest,
        List<String> tags, List<Layer> layers, String reference, String repository) {

    /** A summary of an image that was not read from a registry. */
    public ImageSummary(String name, String format, String platform, String manifestDigest, String configDigest,
            List<String> tags, List<Layer> layers) {
        this(name, format, platform, manifestDigest, configDigest, tags, layers, null, null);
    }

    /** This summary for an image read from a registry as {@code reference}, in {@code repository}. */
    public ImageSummary withRegistry(String reference, String repository) {
        return new ImageSummary(name, format, platform, manifestDigest, configDigest, tags, layers, reference,
                repository);
    }

    /** One layer: position, diffID, blob digest (null when the source names none), media type (null when none), size. */
    public record Layer(int index, String diffId, String digest, String mediaType, long size) {}
}
