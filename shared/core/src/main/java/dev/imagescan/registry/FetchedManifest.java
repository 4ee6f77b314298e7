package dev.imagescan.registry;

import dev.imagescan.image.Digest;

/**
 * A manifest or index as a registry served it: its media type, its bytes (checked against its digest) and the digest.
 */
record FetchedManifest(String mediaType, byte[] bytes, Digest digest) {}
