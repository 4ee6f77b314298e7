package dev.imagescan.registry;

import dev.imagescan.image.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What a reference names in its registry now: the digest of the manifest or index its tag (or digest) points at and,
 * for an index, the digests of the image manifests it lists (attestation manifests left out).
 *
 * @param digest    the digest the reference resolves to (an index's, for a multi-platform image)
 * @param mediaType its media type
 * @param manifests for an index, the image manifests it lists; empty for a single manifest
 */
public record ResolvedReference(Digest digest, String mediaType, List<Digest> manifests) {
    public ResolvedReference {
        Objects.requireNonNull(digest, "digest");
        manifests = List.copyOf(manifests);
    }
}
