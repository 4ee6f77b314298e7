package dev.imagescan.image;

import dev.imagescan.image.json.DescriptorTemplate;
import java.util.Map;

/**
 * What an entry of an image index says of itself, read the same way for an archive's index and a registry's: whether
 * it is an attestation (never an image to scan), and the platform it lists.
 */
public final class IndexEntries {
    private IndexEntries() {}

    /** BuildKit's attestation manifests: annotated as such, or listed for the platform {@code unknown/unknown}. */
    public static boolean isAttestation(DescriptorTemplate d) {
        Map<String, String> annotations = d.annotations();
        boolean attestation = annotations != null
                && "attestation-manifest".equals(annotations.get("vnd.docker.reference.type"));
        boolean unknownPlatform = d.platform() != null && "unknown".equals(d.platform().os())
                && "unknown".equals(d.platform().architecture());
        return attestation || unknownPlatform;
    }

    /** The platform the entry lists; null when it lists none, or no OS or architecture. */
    public static Platform platform(DescriptorTemplate d) {
        return d.platform() == null || d.platform().os() == null || d.platform().architecture() == null ? null
                : new Platform(d.platform().os(), d.platform().architecture(), d.platform().variant());
    }
}
